package io.jresnet.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * The backend's own kernels: the PTX resources built by {@code tools/cuda/build-ptx.sh} from
 * {@code src/main/cuda/*.cu}, JIT-compiled by the driver for the GPU at hand when loaded, and launched with
 * arguments given as Java values: {@link Long} for {@code long long} and device pointers, {@link Integer},
 * {@link Float}, {@link Double}, and {@code int[]} for a struct of ints.
 */
final class PtxKernels implements AutoCloseable {
  /** The PTX modules, resources under {@code io/jresnet/cuda/ptx/}. */
  static final List<String> MODULES = List.of("elementwise", "pool", "loss", "optimizer");

  static final int BLOCK = 256;
  private static final int MAX_BLOCKS = 8192;

  private final List<CUmodule> modules = new ArrayList<>();
  private final Map<String, CUfunction> functions = new HashMap<>();

  /** Loads every module into the current context. */
  static PtxKernels load() {
    PtxKernels kernels = new PtxKernels();
    for (String name : MODULES) {
      CUmodule module = new CUmodule();
      cuModuleLoadData(module, resource(name));
      kernels.modules.add(module);
    }
    return kernels;
  }

  /** The PTX text of {@code module}, NUL-terminated as the driver wants it. */
  static byte[] resource(String module) {
    String path = "ptx/" + module + ".ptx";
    try (InputStream in = PtxKernels.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource io/jresnet/cuda/" + path + "; run tools/cuda/build-ptx.sh");
      }
      byte[] text = in.readAllBytes();
      byte[] terminated = new byte[text.length + 1];
      System.arraycopy(text, 0, terminated, 0, text.length);
      return terminated;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Blocks for a grid-stride loop over {@code n} elements. */
  static int blocksFor(long n) {
    return (int) Math.max(1, Math.min(MAX_BLOCKS, (n + BLOCK - 1) / BLOCK));
  }

  /** A grid-stride kernel over {@code n} elements (nothing runs when {@code n == 0}). */
  void launch(String kernel, long n, Object... args) {
    if (n > 0) {
      launchGrid(kernel, blocksFor(n), 1, BLOCK, 1, args);
    }
  }

  /** A launch with an explicit grid and block. */
  void launchGrid(String kernel, int gridX, int gridY, int blockX, int blockY, Object... args) {
    Pointer[] params = new Pointer[args.length];
    for (int i = 0; i < args.length; i++) {
      params[i] = switch (args[i]) {
        case Long v -> Pointer.to(new long[] {v});
        case Integer v -> Pointer.to(new int[] {v});
        case Float v -> Pointer.to(new float[] {v});
        case Double v -> Pointer.to(new double[] {v});
        case int[] v -> Pointer.to(v);
        default -> throw new IllegalArgumentException(kernel + ": unsupported argument " + args[i]);
      };
    }
    cuLaunchKernel(function(kernel), gridX, gridY, 1, blockX, blockY, 1, 0, null, Pointer.to(params), null);
  }

  private CUfunction function(String name) {
    CUfunction f = functions.get(name);
    if (f == null) {
      for (CUmodule module : modules) {
        CUfunction candidate = new CUfunction();
        try {
          cuModuleGetFunction(candidate, module, name);
          f = candidate;
          break;
        } catch (jcuda.CudaException notInThisModule) {
          // try the next module
        }
      }
      if (f == null) {
        throw new IllegalStateException("no kernel " + name + " in the PTX modules " + MODULES);
      }
      functions.put(name, f);
    }
    return f;
  }

  @Override
  public void close() {
    modules.forEach(m -> cuModuleUnload(m));
    modules.clear();
    functions.clear();
  }
}
