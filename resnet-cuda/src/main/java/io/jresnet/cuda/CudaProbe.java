package io.jresnet.cuda;

import io.jresnet.cuda.ffi.Cublas;
import io.jresnet.cuda.ffi.CudaDriverProbe;
import io.jresnet.cuda.ffi.Cudnn;
import io.jresnet.cuda.ffi.DriverReport;
import io.jresnet.cuda.ffi.NativeLibrary;
import io.jresnet.cuda.ffi.NativeLibraryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether the CUDA backend can run here, without loading JCuda and without ever throwing: the driver and a
 * GPU ({@link CudaDriverProbe}), then cuDNN 9 or 8 and cuBLAS 13 or 12 ({@link CudaLibrarySearch}, then the dynamic
 * loader's own search). Every missing piece is named with its fix, and a missing library lists where it was looked
 * for.
 */
public final class CudaProbe {
  /** cuDNN file names, preferred first. */
  public static final List<String> CUDNN_FILES = List.of("libcudnn.so.9", "libcudnn.so.8");

  /** cuBLAS file names, preferred first. */
  public static final List<String> CUBLAS_FILES = List.of("libcublas.so.13", "libcublas.so.12");

  /**
   * Libraries that cuDNN and cuBLAS open by name at run time, loaded first from the folder the main library was found
   * in (dependencies first), so that a folder outside the loader's path (PyTorch's pip wheels) works as a whole;
   * those missing are skipped.
   */
  static final List<String> CUDNN_COMPANIONS = List.of("libcudnn_graph.so.9", "libcudnn_ops.so.9",
      "libcudnn_cnn.so.9", "libcudnn_adv.so.9", "libcudnn_heuristic.so.9", "libcudnn_engines_precompiled.so.9",
      "libcudnn_engines_runtime_compiled.so.9", "libcudnn_ops_infer.so.8", "libcudnn_ops_train.so.8",
      "libcudnn_cnn_infer.so.8", "libcudnn_cnn_train.so.8", "libcudnn_adv_infer.so.8", "libcudnn_adv_train.so.8");

  static final List<String> CUBLAS_COMPANIONS = List.of("libcublasLt.so.13", "libcublasLt.so.12");

  private final CudaDriverProbe driver;
  private final CudaLibrarySearch search;
  private final Function<String, Optional<NativeLibrary>> sonameLoader;

  /**
   * @param driver the GPU probe
   * @param search where to look for library files
   * @param sonameLoader the dynamic loader's own search by soname, the last resort
   */
  public CudaProbe(
      CudaDriverProbe driver, CudaLibrarySearch search, Function<String, Optional<NativeLibrary>> sonameLoader) {
    this.driver = driver;
    this.search = search;
    this.sonameLoader = sonameLoader;
  }

  /** The probe of this process and machine. */
  public static CudaProbe system() {
    return new CudaProbe(CudaDriverProbe.system(), CudaLibrarySearch.forThisProcess(), NativeLibrary::openBySoname);
  }

  /** Probes; never throws. */
  public CudaAvailability probe() {
    List<String> summaries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    DriverReport report;
    try {
      report = driver.probe();
    } catch (RuntimeException | LinkageError e) {
      report = null;
      summaries.add("GPU probe failed");
      problems.add("the GPU probe failed: " + e);
    }
    if (report != null && !report.problem().isEmpty()) {
      summaries.add(report.summary());
      problems.add(report.problem());
    }
    Cudnn cudnn = null;
    String cudnnVersion = "";
    Cublas cublas = null;
    String cublasVersion = "";
    try {
      Optional<NativeLibrary> lib = open(CUDNN_FILES, CUDNN_COMPANIONS);
      if (lib.isEmpty()) {
        summaries.add("no cuDNN (libcudnn.so.9 or .8)");
        problems.add(missing("cuDNN", CUDNN_FILES, "pip install nvidia-cudnn-cu12 (or NVIDIA's cudnn9 package)"));
      } else {
        cudnn = new Cudnn(lib.get());
        cudnnVersion = cudnn.version();
      }
    } catch (RuntimeException | LinkageError e) {
      summaries.add("cuDNN unusable");
      problems.add("cuDNN cannot be used: " + e.getMessage());
    }
    try {
      Optional<NativeLibrary> lib = open(CUBLAS_FILES, CUBLAS_COMPANIONS);
      if (lib.isEmpty()) {
        summaries.add("no cuBLAS (libcublas.so.13 or .12)");
        problems.add(missing("cuBLAS", CUBLAS_FILES, "pip install nvidia-cublas-cu12 (or the CUDA toolkit)"));
      } else {
        cublas = new Cublas(lib.get());
        cublasVersion = cublas.version();
      }
    } catch (RuntimeException | LinkageError e) {
      summaries.add("cuBLAS unusable");
      problems.add("cuBLAS cannot be used: " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      return new CudaAvailability(null, String.join(", ", summaries) + " (details: resnet backends --verbose)",
          String.join("; ", problems));
    }
    return CudaAvailability.of(new CudaLibraries(report.device(), cudnn, cudnnVersion, cublas, cublasVersion));
  }

  /**
   * Opens the first of {@code files} the search finds, after the companions it loads by name from the same folder
   * ({@link #CUDNN_COMPANIONS}), else the first the dynamic loader finds by soname.
   */
  private Optional<NativeLibrary> open(List<String> files, List<String> companions) {
    Optional<Path> file = search.find(files);
    if (file.isPresent()) {
      preload(file.get().getParent(), companions);
      return Optional.of(NativeLibrary.open(file.get()));
    }
    for (String soname : files) {
      Optional<NativeLibrary> lib = sonameLoader.apply(soname);
      if (lib.isPresent()) {
        return lib;
      }
    }
    return Optional.empty();
  }

  /**
   * Loads the companions present in {@code folder}. One that fails (e.g. cuDNN's runtime-compiled engines without
   * NVRTC) is left to cuDNN, which then goes without it: the main library's own load decides availability.
   */
  private static void preload(Path folder, List<String> companions) {
    for (String name : companions) {
      Path companion = folder.resolve(name);
      if (Files.isRegularFile(companion)) {
        try {
          NativeLibrary.open(companion);
        } catch (NativeLibraryException e) {
          // not needed for the calls this backend makes; see above
        }
      }
    }
  }

  /** The message for a library found nowhere: what, where it looked, how to fix. */
  String missing(String what, List<String> files, String install) {
    return "no " + what + ": " + String.join(" or ", files) + " not found (looked in " + search.describeWhereItLooked()
        + "; and the dynamic loader's default path); " + install + ", or set " + CudaLibrarySearch.SETTING
        + " to the folder that holds " + files.getFirst();
  }
}
