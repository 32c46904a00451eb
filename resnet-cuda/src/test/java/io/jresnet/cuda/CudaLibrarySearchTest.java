package io.jresnet.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaLibrarySearchTest {
  @TempDir Path root;

  private Path lib(String folder, String name) throws IOException {
    Path dir = root.resolve(folder);
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name), "not really a library");
  }

  private CudaLibrarySearch search(Map<String, String> env) {
    return new CudaLibrarySearch(env, root, root.resolve("home/user"));
  }

  @Test
  void findsCudnnInAPipInstalledPytorch() throws IOException {
    Path cudnn = lib("usr/local/lib/python3.12/dist-packages/nvidia/cudnn/lib", "libcudnn.so.9");
    Path cublas = lib("usr/local/lib/python3.12/dist-packages/nvidia/cublas/lib", "libcublas.so.12");
    CudaLibrarySearch search = search(Map.of());
    assertEquals(Optional.of(cudnn), search.find(CudaProbe.CUDNN_FILES));
    assertEquals(Optional.of(cublas), search.find(CudaProbe.CUBLAS_FILES));
  }

  @Test
  void findsLibrariesInUserSiteVirtualEnvAndConda() throws IOException {
    Path user = lib("home/user/.local/lib/python3.11/site-packages/nvidia/cudnn/lib", "libcudnn.so.9");
    assertEquals(Optional.of(user), search(Map.of()).find(CudaProbe.CUDNN_FILES));
    Path venv = lib("venv/lib/python3.10/site-packages/nvidia/cudnn/lib", "libcudnn.so.8");
    assertEquals(
        Optional.of(venv),
        search(Map.of("VIRTUAL_ENV", root.resolve("venv").toString())).find(CudaProbe.CUDNN_FILES));
    Path conda = lib("conda/lib/python3.12/site-packages/torch/lib", "libcublas.so.12");
    assertEquals(
        Optional.of(conda),
        search(Map.of("CONDA_PREFIX", root.resolve("conda").toString())).find(CudaProbe.CUBLAS_FILES));
  }

  @Test
  void theSettingComesFirstThenLdLibraryPathThenTheToolkit() throws IOException {
    Path toolkit = lib("usr/local/cuda-13.0/lib64", "libcublas.so.13");
    Path ld = lib("ld", "libcublas.so.12");
    Path setting = lib("mine", "libcublas.so.12");
    String ldPath = root.resolve("nowhere") + ":" + root.resolve("ld");
    assertEquals(Optional.of(toolkit), search(Map.of()).find(CudaProbe.CUBLAS_FILES));
    assertEquals(Optional.of(ld), search(Map.of("LD_LIBRARY_PATH", ldPath)).find(CudaProbe.CUBLAS_FILES));
    assertEquals(
        Optional.of(setting),
        search(Map.of("LD_LIBRARY_PATH", ldPath, CudaLibrarySearch.SETTING, root.resolve("mine").toString()))
            .find(CudaProbe.CUBLAS_FILES));
  }

  @Test
  void withinAFolderTheNewerMajorVersionWins() throws IOException {
    lib("usr/lib/x86_64-linux-gnu", "libcudnn.so.8");
    Path nine = lib("usr/lib/x86_64-linux-gnu", "libcudnn.so.9");
    assertEquals(Optional.of(nine), search(Map.of()).find(CudaProbe.CUDNN_FILES));
  }

  @Test
  void newerToolkitsAreSearchedFirst() throws IOException {
    lib("usr/local/cuda-12.6/lib64", "libcublas.so.12");
    Path newer = lib("usr/local/cuda-12.10/lib64", "libcublas.so.12");
    assertEquals(Optional.of(newer), search(Map.of()).find(CudaProbe.CUBLAS_FILES));
  }

  @Test
  void nothingFoundListsEveryPlaceItLooked() throws IOException {
    Files.createDirectories(root.resolve("usr/local/cuda-13.0/lib64"));
    Files.createDirectories(root.resolve("usr/lib/python3/dist-packages/nvidia/cuda_runtime/lib"));
    CudaLibrarySearch search = search(Map.of("LD_LIBRARY_PATH", root.resolve("ld").toString()));
    assertEquals(Optional.empty(), search.find(CudaProbe.CUDNN_FILES));
    String where = search.describeWhereItLooked();
    assertTrue(where.startsWith("JRESNET_CUDA_LIBS: not set; LD_LIBRARY_PATH: no such folder; "), where);
    assertTrue(where.contains("CUDA toolkit: " + root.resolve("usr/local/cuda-13.0/lib64")), where);
    assertTrue(
        where.contains("pip (PyTorch's nvidia/*/lib): "
            + root.resolve("usr/lib/python3/dist-packages/nvidia/cuda_runtime/lib")), where);
  }

  @Test
  void foldersAreListedOnceInSearchOrder() throws IOException {
    Files.createDirectories(root.resolve("a"));
    Files.createDirectories(root.resolve("usr/lib64"));
    String a = root.resolve("a").toString();
    List<SearchFolder> folders = search(Map.of(CudaLibrarySearch.SETTING, a, "LD_LIBRARY_PATH", a)).folders();
    assertEquals(
        List.of(new SearchFolder(root.resolve("a"), CudaLibrarySearch.SETTING),
            new SearchFolder(root.resolve("usr/lib64"), "system libraries")),
        folders);
  }

  @Test
  void aLinkedToolkitIsSearchedOnce() throws IOException {
    lib("usr/local/cuda-13.0/lib64", "libcublas.so.13");
    Files.createSymbolicLink(root.resolve("usr/local/cuda"), root.resolve("usr/local/cuda-13.0"));
    List<SearchFolder> folders = search(Map.of()).folders();
    assertEquals(List.of(new SearchFolder(root.resolve("usr/local/cuda/lib64"), "CUDA toolkit")), folders);
  }

  @Test
  void versionOrderComparesDigitRunsAsNumbers() {
    assertTrue(CudaLibrarySearch.compareVersions("python3.12", "python3.9") > 0);
    assertTrue(CudaLibrarySearch.compareVersions("cuda-12.6", "cuda-13.0") < 0);
    assertEquals(0, CudaLibrarySearch.compareVersions("cuda", "cuda"));
  }
}
