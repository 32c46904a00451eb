package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendInfo;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ConvKernels;
import io.jresnet.backend.DenseKernels;
import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.backend.NormKernels;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A decorator of the {@link ReferenceBackend} that counts live tensors (allocated and not yet closed), remembers the
 * peak, counts conv-weight preparations and kernel calls, and can fail the n-th kernel call on purpose.
 */
final class CountingBackend implements Backend {
  private final ReferenceBackend reference = new ReferenceBackend();
  private final List<Counted> tensors = new ArrayList<>();
  private int live;
  private int peak;
  private int prepared;
  private int kernelCalls;
  private int failAt = -1;

  /** A tensor of this backend: a reference tensor underneath, counted until closed. */
  final class Counted implements Tensor {
    private final Tensor inner;
    private boolean closed;

    private Counted(Tensor inner) {
      this.inner = inner;
      live++;
      peak = Math.max(peak, live);
      tensors.add(this);
    }

    @Override
    public Shape shape() {
      return inner.shape();
    }

    @Override
    public Backend backend() {
      return CountingBackend.this;
    }

    @Override
    public float[] copyToHost() {
      return inner.copyToHost();
    }

    @Override
    public void copyToHost(float[] dst) {
      inner.copyToHost(dst);
    }

    @Override
    public void copyFromHost(float[] src) {
      inner.copyFromHost(src);
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        live--;
        inner.close();
      }
    }
  }

  int live() {
    return live;
  }

  int peak() {
    return peak;
  }

  void resetPeak() {
    peak = live;
  }

  int prepared() {
    return prepared;
  }

  int kernelCalls() {
    return kernelCalls;
  }

  /** Makes kernel call number {@code n} (0-based, counted from now on) throw. */
  void failKernelCall(int n) {
    failAt = kernelCalls + n;
  }

  /** Every tensor this backend ever made, in order. */
  List<Counted> tensors() {
    return tensors;
  }

  private Tensor in(Tensor t) {
    return t == null ? null : ((Counted) t).inner;
  }

  private void kernel() {
    if (kernelCalls++ == failAt) {
      throw new IllegalStateException("injected failure in kernel call " + failAt);
    }
  }

  @Override
  public String name() {
    return "counting";
  }

  @Override
  public BackendInfo info() {
    return reference.info();
  }

  @Override
  public Tensor allocate(Shape shape) {
    return new Counted(reference.allocate(shape));
  }

  @Override
  public Tensor fromHost(float[] data, Shape shape) {
    return new Counted(reference.fromHost(data, shape));
  }

  @Override
  public Tensor prepareConvWeight(Tensor hwio, Conv2dParams params) {
    prepared++;
    return new Counted(reference.prepareConvWeight(in(hwio), params));
  }

  @Override
  public ConvKernels conv() {
    return (x, w, b, params, residual, relu, y) -> {
      kernel();
      reference.conv().conv2d(in(x), in(w), in(b), params, in(residual), relu, in(y));
    };
  }

  @Override
  public NormKernels norm() {
    return (x, gamma, beta, mean, var, epsilon, relu, y) -> {
      kernel();
      reference.norm().batchNormInference(in(x), in(gamma), in(beta), in(mean), in(var), epsilon, relu, in(y));
    };
  }

  @Override
  public PoolKernels pool() {
    return new PoolKernels() {
      @Override
      public void maxPool2d(Tensor x, Pool2dParams params, Tensor y) {
        kernel();
        reference.pool().maxPool2d(in(x), params, in(y));
      }

      @Override
      public void avgPool2d(Tensor x, Pool2dParams params, Tensor y) {
        kernel();
        reference.pool().avgPool2d(in(x), params, in(y));
      }

      @Override
      public void globalAvgPool(Tensor x, Tensor y) {
        kernel();
        reference.pool().globalAvgPool(in(x), in(y));
      }
    };
  }

  @Override
  public ElementwiseKernels elementwise() {
    ElementwiseKernels ref = reference.elementwise();
    return new ElementwiseKernels() {
      @Override
      public void relu(Tensor x, Tensor y) {
        kernel();
        ref.relu(in(x), in(y));
      }

      @Override
      public void add(Tensor a, Tensor b, boolean relu, Tensor y) {
        kernel();
        ref.add(in(a), in(b), relu, in(y));
      }

      @Override
      public void zeroPad2d(Tensor x, int top, int bottom, int left, int right, Tensor y) {
        kernel();
        ref.zeroPad2d(in(x), top, bottom, left, right, in(y));
      }

      @Override
      public void softmax(Tensor x, Tensor y) {
        kernel();
        ref.softmax(in(x), in(y));
      }

      @Override
      public void copy(Tensor x, Tensor y) {
        kernel();
        ref.copy(in(x), in(y));
      }

      @Override
      public void fill(Tensor t, float value) {
        kernel();
        ref.fill(in(t), value);
      }
    };
  }

  @Override
  public DenseKernels dense() {
    return (x, w, b, y) -> {
      kernel();
      reference.dense().dense(in(x), in(w), in(b), in(y));
    };
  }

  @Override
  public void close() {
    reference.close();
  }
}
