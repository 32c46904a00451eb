package io.jresnet.cuda;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ConvKernels;
import io.jresnet.cuda.ffi.ConvAlgorithm;
import io.jresnet.cuda.ffi.CudaCallException;
import io.jresnet.cuda.ffi.Cudnn;
import io.jresnet.cuda.ffi.CudnnConvolution;
import io.jresnet.cuda.ffi.CudnnConvolution.Direction;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Convolutions on cuDNN with NHWC tensors and KRSC filters. Per shape, descriptors are made once and each pass's
 * algorithm is chosen once ({@code cudnnFind...AlgorithmEx} on the real buffers, or the heuristics); the workspace
 * is one pooled buffer that grows to the largest need. Inference with ReLU uses
 * {@code cudnnConvolutionBiasActivationForward} (conv + bias + residual + ReLU in one pass); elsewhere, or where
 * cuDNN does not support the fusion, the epilogue kernel follows a plain forward. HWIO weights that were not
 * prepared are transposed to KRSC per call.
 */
final class CudaConv implements ConvKernels, AutoCloseable {
  /** Largest workspace an algorithm may use. */
  private static final long WORKSPACE_CAP = 1L << 30;

  private final CudaBackend b;
  private final CudaArgs args;
  private final Map<ConvShape, ConvDescriptors> descriptors = new HashMap<>();
  private final Map<ConvAlgorithmKey, ConvChoice> choices = new HashMap<>();
  private final Set<ConvShape> fusionUnsupported = new HashSet<>();
  private final Map<Integer, DeviceBuffer> zeroBiases = new HashMap<>();
  private long reluDescriptor;
  private DeviceBuffer workspace;

  CudaConv(CudaBackend backend) {
    this.b = backend;
    this.args = backend.args();
  }

  @Override
  public void conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dParams params, Tensor residual, boolean relu,
      Tensor y) {
    String kernel = "conv2d";
    CudaTensor xt = args.require(x, kernel, "x");
    CudaTensor wt = args.require(weight, kernel, "weight");
    CudaTensor bt = args.optional(bias, kernel, "bias");
    CudaTensor rt = args.optional(residual, kernel, "residual");
    CudaTensor yt = args.require(y, kernel, "y");
    ConvShape s = ConvShape.of(kernel, "x", xt.shape(), "weight", wt.shape(), params);
    CudaArgs.requireShape(yt, s.outputShape(), kernel, "y");
    CudaArgs.requireShape(bt, Shape.of(s.cout()), kernel, "bias");
    CudaArgs.requireShape(rt, s.outputShape(), kernel, "residual");
    CudaArgs.requireDistinct(yt, xt, kernel, "y", "x");
    CudaArgs.requireDistinct(yt, rt, kernel, "y", "residual");
    b.enter();
    try (Operand input = input(xt, s); Operand filter = filter(wt, s)) {
      ConvDescriptors d = descriptors(s);
      ConvChoice c = choice(s, Direction.FORWARD, d, input.address(), filter.address(), yt.address());
      long ws = workspace(c.workspaceBytes());
      CudnnConvolution cudnn = b.cudnn().convolution();
      if (relu && !fusionUnsupported.contains(s)) {
        long biasAddress = bt != null ? bt.address() : zeroBias(s.cout());
        if (rt == null) {
          // Without a residual cuDNN still reads y as z (scaled by 0): NaN garbage there would survive 0 * NaN.
          b.context().zero(yt.address(), yt.bytes());
        }
        try {
          cudnn.biasActivationForward(b.cudnnHandle(), d.input(), input.address(), d.filter(), filter.address(),
              d.convolution(), c.algo(), ws, c.workspaceBytes(), d.output(), rt == null ? 0 : rt.address(),
              d.bias(), biasAddress, reluDescriptor(), d.output(), yt.address());
          return;
        } catch (CudaCallException unsupported) {
          // cuDNN declines some fusions (algorithm, layout); remember it and take the unfused path from now on.
          fusionUnsupported.add(s);
        }
      }
      cudnn.forward(b.cudnnHandle(), d.input(), input.address(), d.filter(), filter.address(), d.convolution(),
          c.algo(), ws, c.workspaceBytes(), d.output(), yt.address());
      if (bt != null || rt != null || relu) {
        b.elementwiseKernels().epilogue(yt.address(), bt == null ? 0 : bt.address(), rt == null ? 0 : rt.address(),
            s.cout(), relu, yt.elements());
      }
    }
  }

  @Override
  public void conv2dBackwardData(Tensor dy, Tensor weight, Conv2dParams params, Tensor dx) {
    String kernel = "conv2dBackwardData";
    CudaTensor dyt = args.require(dy, kernel, "dy");
    CudaTensor wt = args.require(weight, kernel, "weight");
    CudaTensor dxt = args.require(dx, kernel, "dx");
    ConvShape s = ConvShape.of(kernel, "dx", dxt.shape(), "weight", wt.shape(), params);
    CudaArgs.requireShape(dyt, s.outputShape(), kernel, "dy");
    CudaArgs.requireDistinct(dxt, dyt, kernel, "dx", "dy");
    CudaArgs.requireDistinct(dxt, wt, kernel, "dx", "weight");
    b.enter();
    try (Operand filter = filter(wt, s);
        Operand target = s.symmetricPadding()
            ? Operand.borrowed(dxt.address())
            : Operand.scratch(b.scratch(s.paddedInputShape().elementCount() * Float.BYTES))) {
      ConvDescriptors d = descriptors(s);
      ConvChoice c = choice(s, Direction.BACKWARD_DATA, d, filter.address(), dyt.address(), target.address());
      long ws = workspace(c.workspaceBytes());
      b.cudnn().convolution().backwardData(b.cudnnHandle(), d.filter(), filter.address(), d.output(),
          dyt.address(), d.convolution(), c.algo(), ws, c.workspaceBytes(), d.input(), target.address());
      if (!s.symmetricPadding()) {
        Conv2dParams p = s.params();
        b.elementwiseKernels().crop(target.address(), dxt.address(), s.inputShape(), p.padTop(), p.padBottom(),
            p.padLeft(), p.padRight());
      }
    }
  }

  @Override
  public void conv2dBackwardFilter(Tensor x, Tensor dy, Conv2dParams params, Tensor dWeight, Tensor dBias) {
    String kernel = "conv2dBackwardFilter";
    CudaTensor xt = args.require(x, kernel, "x");
    CudaTensor dyt = args.require(dy, kernel, "dy");
    CudaTensor dwt = args.require(dWeight, kernel, "dWeight");
    CudaTensor dbt = args.optional(dBias, kernel, "dBias");
    if (dwt.isKrsc()) {
      throw new IllegalArgumentException(
          kernel + ": dWeight is a prepared conv weight (prepareConvWeight); pass a plain tensor from allocate");
    }
    ConvShape s = ConvShape.of(kernel, "x", xt.shape(), "dWeight", dwt.shape(), params);
    CudaArgs.requireShape(dyt, s.outputShape(), kernel, "dy");
    CudaArgs.requireShape(dbt, Shape.of(s.cout()), kernel, "dBias");
    CudaArgs.requireDistinct(dwt, xt, kernel, "dWeight", "x");
    CudaArgs.requireDistinct(dwt, dyt, kernel, "dWeight", "dy");
    b.enter();
    try (Operand input = input(xt, s); DeviceBuffer krsc = b.scratch(dwt.bytes())) {
      ConvDescriptors d = descriptors(s);
      ConvChoice c = choice(s, Direction.BACKWARD_FILTER, d, input.address(), dyt.address(), krsc.address());
      long ws = workspace(c.workspaceBytes());
      b.cudnn().convolution().backwardFilter(b.cudnnHandle(), d.input(), input.address(), d.output(),
          dyt.address(), d.convolution(), c.algo(), ws, c.workspaceBytes(), d.filter(), krsc.address());
      b.elementwiseKernels().transpose(krsc.address(), dwt.address(), s.cout(), KrscLayout.rows(dwt.shape()));
    }
    if (dbt != null) {
      b.elementwiseKernels().columnSums(dyt.address(), s.outputRows(), s.cout(), dbt.address());
    }
  }

  /** The input cuDNN reads: {@code x} itself, or a zero-padded copy where the padding is asymmetric. */
  private Operand input(CudaTensor x, ConvShape s) {
    if (s.symmetricPadding()) {
      return Operand.borrowed(x.address());
    }
    DeviceBuffer padded = b.scratch(s.paddedInputShape().elementCount() * Float.BYTES);
    Conv2dParams p = s.params();
    b.elementwiseKernels().pad(x.address(), padded.address(), s.inputShape(), p.padTop(), p.padBottom(),
        p.padLeft(), p.padRight());
    return Operand.scratch(padded);
  }

  /** The KRSC filter: a prepared weight itself, or the HWIO weight transposed into scratch. */
  private Operand filter(CudaTensor w, ConvShape s) {
    if (w.isKrsc()) {
      return Operand.borrowed(w.address());
    }
    DeviceBuffer krsc = b.scratch(w.bytes());
    b.elementwiseKernels().transpose(w.address(), krsc.address(), KrscLayout.rows(w.shape()), s.cout());
    return Operand.scratch(krsc);
  }

  private ConvDescriptors descriptors(ConvShape s) {
    return descriptors.computeIfAbsent(
        s, k -> ConvDescriptors.create(b.cudnn(), k, b.options().tf32() ? Cudnn.MATH_DEFAULT : Cudnn.MATH_FMA));
  }

  /**
   * The algorithm for one pass, searched on the first call for its shape; pointer order per direction as in
   * {@link CudnnConvolution#find}. The chosen math type is set on the descriptor before every run.
   */
  private ConvChoice choice(ConvShape s, Direction direction, ConvDescriptors d, long a, long bb, long c) {
    boolean tf32 = b.options().tf32();
    ConvAlgorithmKey key = new ConvAlgorithmKey(s, direction, tf32);
    ConvChoice choice = choices.get(key);
    if (choice == null) {
      CudnnConvolution cudnn = b.cudnn().convolution();
      long[] order = descriptorOrder(direction, d);
      // Search under the base math type, not the one another pass's choice left on the shared descriptor.
      b.cudnn().setMathType(d.convolution(), tf32 ? Cudnn.MATH_DEFAULT : Cudnn.MATH_FMA);
      List<ConvAlgorithm> ranked;
      if (b.options().benchmarkAlgorithms()) {
        long cap = Math.min(WORKSPACE_CAP, b.context().memoryInfo()[0] / 2);
        long ws = workspace(cap);
        ranked = cudnn.find(direction, b.cudnnHandle(), order[0], a, order[1], bb, d.convolution(), order[2], c, ws,
            cap);
      } else {
        ranked = cudnn.heuristic(direction, b.cudnnHandle(), order[0], order[1], d.convolution(), order[2]);
      }
      choice = ConvAlgorithms.choose(ranked, tf32, WORKSPACE_CAP)
          .orElseThrow(() -> new IllegalStateException("cuDNN offers no " + direction + " algorithm for " + s
              + " within a " + (WORKSPACE_CAP >> 20) + " MiB workspace" + (tf32 ? "" : " without TF32")));
      choices.put(key, choice);
    }
    b.cudnn().setMathType(d.convolution(), choice.mathType());
    return choice;
  }

  /** Descriptors in cuDNN's argument order: forward (x, w, y), backward data (w, dy, dx), filter (x, dy, dw). */
  private static long[] descriptorOrder(Direction direction, ConvDescriptors d) {
    return switch (direction) {
      case FORWARD -> new long[] {d.input(), d.filter(), d.output()};
      case BACKWARD_DATA -> new long[] {d.filter(), d.output(), d.input()};
      case BACKWARD_FILTER -> new long[] {d.input(), d.output(), d.filter()};
    };
  }

  /** The shared workspace, grown to at least {@code bytes}; 0 when none is needed. */
  private long workspace(long bytes) {
    if (bytes == 0) {
      return 0;
    }
    if (workspace == null || workspace.bytes() < bytes) {
      if (workspace != null) {
        workspace.close();
      }
      workspace = b.scratch(bytes);
    }
    return workspace.address();
  }

  private long zeroBias(int channels) {
    return zeroBiases.computeIfAbsent(channels, c -> {
      DeviceBuffer zeros = b.scratch((long) c * Float.BYTES);
      b.context().zero(zeros.address(), (long) c * Float.BYTES);
      return zeros;
    }).address();
  }

  private long reluDescriptor() {
    if (reluDescriptor == 0) {
      reluDescriptor = b.cudnn().activation(Cudnn.ACTIVATION_RELU);
    }
    return reluDescriptor;
  }

  @Override
  public void close() {
    descriptors.values().forEach(d -> d.destroy(b.cudnn()));
    descriptors.clear();
    if (reluDescriptor != 0) {
      b.cudnn().destroyActivation(reluDescriptor);
      reluDescriptor = 0;
    }
    zeroBiases.values().forEach(DeviceBuffer::close);
    zeroBiases.clear();
    if (workspace != null) {
      workspace.close();
      workspace = null;
    }
  }

  /** A device operand that is either borrowed (a tensor's memory) or scratch to give back after the call. */
  private record Operand(long address, DeviceBuffer owned) implements AutoCloseable {
    static Operand borrowed(long address) {
      return new Operand(address, null);
    }

    static Operand scratch(DeviceBuffer buffer) {
      return new Operand(buffer.address(), buffer);
    }

    @Override
    public void close() {
      if (owned != null) {
        owned.close();
      }
    }
  }
}
