package io.jresnet.cuda.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The binding machinery against libc, which every Linux machine has: laziness, calls, and the errors. */
class NativeBindingTest {
  private static NativeLibrary libc() {
    return NativeLibrary.openBySoname("libc.so.6").orElseThrow();
  }

  @Test
  void aFunctionIsLinkedOnFirstCallOnly() {
    NativeFunction strlen = libc().function("strlen", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    assertFalse(strlen.isLinked());
    try (Arena arena = Arena.ofConfined()) {
      assertEquals(7L, strlen.invoke(arena.allocateFrom("jresnet")));
    }
    assertTrue(strlen.isLinked());
  }

  @Test
  void bindingsResolveNothingUntilUsedAndNameTheMissingFunction() {
    Cudnn cudnn = new Cudnn(libc());
    Cublas cublas = new Cublas(libc());
    NativeLibraryException e = assertThrows(NativeLibraryException.class, cudnn::version);
    assertEquals("libc.so.6 has no function cudnnGetVersion (a library version this binding does not support?)",
        e.getMessage());
    e = assertThrows(NativeLibraryException.class, cublas::createHandle);
    assertTrue(e.getMessage().startsWith("libc.so.6 has no function cublasCreate_v2"), e.getMessage());
  }

  @Test
  void aMissingLibraryFileIsAClearError() {
    Path missing = Path.of("/nonexistent/libcudnn.so.9");
    NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> NativeLibrary.open(missing));
    assertTrue(e.getMessage().startsWith("cannot load /nonexistent/libcudnn.so.9: "), e.getMessage());
    assertEquals(Optional.empty(), NativeLibrary.openBySoname("libcudnn_does_not_exist.so.1"));
  }

  @Test
  void cudnnVersionNumbersDecodeForBothEncodings() {
    assertEquals("9.1.0", Cudnn.versionText(90100));
    assertEquals("9.10.2", Cudnn.versionText(91002));
    assertEquals("8.9.6", Cudnn.versionText(8906));
  }

  @Test
  void theDriverProbeWithoutLibcudaSaysHowToFixIt() {
    DriverReport r = new CudaDriverProbe(soname -> Optional.empty()).probe();
    assertTrue(r.gpu().isEmpty());
    assertTrue(r.problem().startsWith("no NVIDIA driver: libcuda.so.1 is not on the dynamic loader's path"));
  }

  @Test
  void cudaVersionsDecode() {
    assertEquals("13.0", GpuDevice.cudaVersionText(13000));
    assertEquals("12.6", GpuDevice.cudaVersionText(12060));
  }

  @Test
  void thePerfStructMatchesCudnnsLayout() {
    assertEquals(48, CudnnConvolution.PERF.byteSize());
  }
}
