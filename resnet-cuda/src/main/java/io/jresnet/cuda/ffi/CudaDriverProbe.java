package io.jresnet.cuda.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.function.Function;

/**
 * Asks the CUDA driver ({@code libcuda.so.1}) through java.lang.foreign whether a GPU is usable, without loading
 * JCuda: JCuda's natives link against {@code libcuda.so.1} and fail with an {@link UnsatisfiedLinkError} where it is
 * missing, so the probe goes first and never throws.
 */
public final class CudaDriverProbe {
  /** The driver library's soname. */
  public static final String DRIVER_LIBRARY = "libcuda.so.1";

  static final int CUDA_ERROR_NO_DEVICE = 100;
  private static final int ATTRIBUTE_COMPUTE_MAJOR = 75;
  private static final int ATTRIBUTE_COMPUTE_MINOR = 76;

  private final Function<String, Optional<NativeLibrary>> loader;

  /** A probe that opens libraries through {@code loader} (a soname to the library, if the loader finds it). */
  public CudaDriverProbe(Function<String, Optional<NativeLibrary>> loader) {
    this.loader = loader;
  }

  /** The probe of this machine: the dynamic loader's own search. */
  public static CudaDriverProbe system() {
    return new CudaDriverProbe(NativeLibrary::openBySoname);
  }

  /** The first GPU, or what is missing and how to fix it. */
  public DriverReport probe() {
    Optional<NativeLibrary> driver = loader.apply(DRIVER_LIBRARY);
    if (driver.isEmpty()) {
      return DriverReport.problem("no NVIDIA driver (" + DRIVER_LIBRARY + ")",
          "no NVIDIA driver: " + DRIVER_LIBRARY + " is not on the dynamic loader's path; install the NVIDIA"
              + " driver (or on a container add --gpus all / the NVIDIA container toolkit), or use --backend cpu");
    }
    try {
      return probe(driver.get());
    } catch (RuntimeException e) {
      return DriverReport.problem("NVIDIA driver failed",
          "the NVIDIA driver " + DRIVER_LIBRARY + " failed: " + e.getMessage());
    }
  }

  private DriverReport probe(NativeLibrary cuda) {
    try (Arena arena = Arena.ofConfined()) {
      NativeFunction errorName = cuda.function("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
      int status = cuda.function("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT)).invokeStatus(0);
      if (status == CUDA_ERROR_NO_DEVICE) {
        return DriverReport.problem("no GPU",
            "no GPU: the NVIDIA driver is installed but reports no CUDA device (cuInit: CUDA_ERROR_NO_DEVICE);"
                + " check nvidia-smi and CUDA_VISIBLE_DEVICES, or use --backend cpu");
      }
      if (status != 0) {
        return DriverReport.problem("NVIDIA driver failed (cuInit)",
            "the NVIDIA driver failed to initialise (cuInit: " + name(errorName, status, arena) + "); check"
                + " nvidia-smi, or use --backend cpu");
      }
      MemorySegment intOut = arena.allocate(JAVA_INT);
      check(cuda.function("cuDeviceGetCount", FunctionDescriptor.of(JAVA_INT, ADDRESS)), errorName, arena, intOut);
      if (intOut.get(JAVA_INT, 0) == 0) {
        return DriverReport.problem("no GPU",
            "no GPU: the NVIDIA driver reports 0 CUDA devices; check nvidia-smi and CUDA_VISIBLE_DEVICES, or use"
                + " --backend cpu");
      }
      check(cuda.function("cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)), errorName, arena,
          intOut, 0);
      int device = intOut.get(JAVA_INT, 0);
      MemorySegment nameOut = arena.allocate(256);
      check(cuda.function("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)),
          errorName, arena, nameOut, 256, device);
      MemorySegment longOut = arena.allocate(JAVA_LONG);
      check(cuda.function("cuDeviceTotalMem_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)), errorName,
          arena, longOut, device);
      NativeFunction attribute =
          cuda.function("cuDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
      check(attribute, errorName, arena, intOut, ATTRIBUTE_COMPUTE_MAJOR, device);
      int major = intOut.get(JAVA_INT, 0);
      check(attribute, errorName, arena, intOut, ATTRIBUTE_COMPUTE_MINOR, device);
      int minor = intOut.get(JAVA_INT, 0);
      check(cuda.function("cuDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS)), errorName, arena,
          intOut);
      String cudaVersion = GpuDevice.cudaVersionText(intOut.get(JAVA_INT, 0));
      return DriverReport.of(
          new GpuDevice(device, nameOut.getString(0), longOut.get(JAVA_LONG, 0), major, minor, driverRelease(),
              cudaVersion));
    }
  }

  /** The driver release from NVML ({@code libnvidia-ml.so.1}), or {@code unknown}; NVML is optional. */
  private String driverRelease() {
    Optional<NativeLibrary> nvml = loader.apply("libnvidia-ml.so.1");
    if (nvml.isEmpty()) {
      return "unknown";
    }
    try (Arena arena = Arena.ofConfined()) {
      NativeLibrary lib = nvml.get();
      if (lib.function("nvmlInit_v2", FunctionDescriptor.of(JAVA_INT)).invokeStatus() != 0) {
        return "unknown";
      }
      MemorySegment text = arena.allocate(96);
      int status =
          lib.function("nvmlSystemGetDriverVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT))
              .invokeStatus(text, 96);
      lib.function("nvmlShutdown", FunctionDescriptor.of(JAVA_INT)).invokeStatus();
      return status == 0 ? text.getString(0) : "unknown";
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  private static void check(NativeFunction function, NativeFunction errorName, Arena arena, Object... args) {
    int status = function.invokeStatus(args);
    if (status != 0) {
      throw new IllegalStateException(function.name() + ": " + name(errorName, status, arena));
    }
  }

  private static String name(NativeFunction errorName, int status, Arena arena) {
    MemorySegment out = arena.allocate(ADDRESS);
    if (errorName.invokeStatus(status, out) != 0) {
      return "CUresult " + status;
    }
    return out.get(ADDRESS, 0).reinterpret(128).getString(0) + " (" + status + ")";
  }
}
