package io.jresnet.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.cuda.ffi.CudaDriverProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaProbeTest {
  @TempDir Path root;

  private CudaProbe probeWithoutAnything() {
    return new CudaProbe(new CudaDriverProbe(soname -> Optional.empty()),
        new CudaLibrarySearch(Map.of(), root, root.resolve("home")), soname -> Optional.empty());
  }

  @Test
  void noDriverNoCudnnNoCublasNamesAllThreeWithTheirFixes() {
    CudaAvailability a = probeWithoutAnything().probe();
    assertFalse(a.available());
    assertEquals("no NVIDIA driver (libcuda.so.1), no cuDNN (libcudnn.so.9 or .8), no cuBLAS (libcublas.so.13 or .12)"
        + " (details: resnet backends --verbose)", a.reason());
    String[] parts = a.details().split("; (?=no )");
    assertEquals(3, parts.length, a.details());
    assertTrue(parts[0].startsWith("no NVIDIA driver: libcuda.so.1 is not on the dynamic loader's path; install"),
        parts[0]);
    assertTrue(parts[0].endsWith("or use --backend cpu"), parts[0]);
    assertTrue(parts[1].startsWith("no cuDNN: libcudnn.so.9 or libcudnn.so.8 not found (looked in "
        + "JRESNET_CUDA_LIBS: not set; LD_LIBRARY_PATH: not set; "), parts[1]);
    assertTrue(parts[1].endsWith("pip install nvidia-cudnn-cu12 (or NVIDIA's cudnn9 package), or set"
        + " JRESNET_CUDA_LIBS to the folder that holds libcudnn.so.9"), parts[1]);
    assertTrue(parts[2].startsWith("no cuBLAS: libcublas.so.13 or libcublas.so.12 not found"), parts[2]);
  }

  @Test
  void aFileThatIsNotALibrarySaysWhichFileAndWhy() throws IOException {
    Path dir = Files.createDirectories(root.resolve("libs"));
    Files.createFile(dir.resolve("libcudnn.so.9"));
    CudaProbe probe = new CudaProbe(new CudaDriverProbe(soname -> Optional.empty()),
        new CudaLibrarySearch(Map.of(CudaLibrarySearch.SETTING, dir.toString()), root, root), s -> Optional.empty());
    String reason = probe.probe().details();
    assertTrue(reason.contains("cuDNN cannot be used: cannot load " + dir.resolve("libcudnn.so.9") + ": "), reason);
  }

  @Test
  void aBrokenCompanionIsSkippedAndAWrongLibrarySaysWhatItLacks() throws IOException {
    Path dir = Files.createDirectories(root.resolve("site/nvidia/cublas/lib"));
    // Any real shared library stands in for cuBLAS: it loads, and lacks cuBLAS's functions.
    Path stand = Path.of(System.getProperty("java.home"), "lib", "libjava.so");
    Files.copy(stand, dir.resolve("libcublas.so.12"));
    Files.createFile(dir.resolve("libcublasLt.so.12"));
    CudaProbe probe = new CudaProbe(new CudaDriverProbe(soname -> Optional.empty()),
        new CudaLibrarySearch(Map.of(CudaLibrarySearch.SETTING, dir.toString()), root, root), s -> Optional.empty());
    String details = probe.probe().details();
    assertTrue(details.contains("; cuBLAS cannot be used: " + dir.resolve("libcublas.so.12")
        + " has no function cublasGetProperty"), details);
  }

  @Test
  void theRealProbeNeverThrows() {
    CudaAvailability a = CudaProbe.system().probe();
    assertEquals(a.available(), a.reason().isEmpty());
  }
}
