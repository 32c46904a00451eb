package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendInfo;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ConvKernels;
import io.jresnet.backend.DenseKernels;
import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.backend.LossKernels;
import io.jresnet.backend.NormKernels;
import io.jresnet.backend.OptimizerKernels;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
  private final Map<String, Integer> callsByKernel = new HashMap<>();
  /** The tensors of every kernel call so far, in call order and argument order. */
  private final List<Tensor> callTensors = new ArrayList<>();
  private int failAt = -1;
  private final boolean views;
  private int viewsMade;

  /** A counting backend without views, like a backend that cannot alias memory. */
  CountingBackend() {
    this(false);
  }

  /** @param views whether {@link #view} hands out the reference backend's views (counted apart from tensors) */
  CountingBackend(boolean views) {
    this.views = views;
  }

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

  /** The tensors kernel calls took so far, in call order and argument order. */
  List<Tensor> callTensors() {
    return List.copyOf(callTensors);
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

  int viewsMade() {
    return viewsMade;
  }

  int prepared() {
    return prepared;
  }

  int kernelCalls() {
    return kernelCalls;
  }

  /** Calls so far of the kernel method {@code name} (say {@code conv2dBackwardData}). */
  int calls(String name) {
    return callsByKernel.getOrDefault(name, 0);
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
  public Optional<Tensor> view(Tensor t, Shape shape) {
    if (!views) {
      return Optional.empty();
    }
    Optional<Tensor> view = reference.view(in(t), shape).map(Counted::new);
    viewsMade++;
    return view;
  }

  @Override
  public Tensor prepareConvWeight(Tensor hwio, Conv2dParams params) {
    prepared++;
    return new Counted(reference.prepareConvWeight(in(hwio), params));
  }

  @Override
  public ConvKernels conv() {
    return counted(ConvKernels.class, reference.conv());
  }

  @Override
  public NormKernels norm() {
    return counted(NormKernels.class, reference.norm());
  }

  @Override
  public PoolKernels pool() {
    return counted(PoolKernels.class, reference.pool());
  }

  @Override
  public ElementwiseKernels elementwise() {
    return counted(ElementwiseKernels.class, reference.elementwise());
  }

  @Override
  public DenseKernels dense() {
    return counted(DenseKernels.class, reference.dense());
  }

  @Override
  public LossKernels loss() {
    return counted(LossKernels.class, reference.loss());
  }

  @Override
  public OptimizerKernels optimizer() {
    return counted(OptimizerKernels.class, reference.optimizer());
  }

  /**
   * A kernel group that counts each call (failing the chosen one) and hands the reference group the tensors
   * underneath; a proxy, so every kernel of the SPI, present and future, is covered alike.
   */
  private <T> T counted(Class<T> group, T delegate) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          // Object's methods and the groups' argument-less queries (residualInPlace) are not kernel calls.
          if (method.getDeclaringClass() == Object.class || args == null) {
            return method.invoke(delegate, args);
          }
          kernel();
          callsByKernel.merge(method.getName(), 1, Integer::sum);
          Object[] unwrapped = args.clone();
          for (int i = 0; i < unwrapped.length; i++) {
            if (unwrapped[i] instanceof Tensor t) {
              callTensors.add(t);
              unwrapped[i] = in(t);
            }
          }
          try {
            return method.invoke(delegate, unwrapped);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return group.cast(Proxy.newProxyInstance(group.getClassLoader(), new Class<?>[] {group}, handler));
  }

  @Override
  public void close() {
    reference.close();
  }
}
