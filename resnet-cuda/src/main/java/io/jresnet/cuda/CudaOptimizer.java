package io.jresnet.cuda;

import io.jresnet.backend.OptimizerKernels;
import io.jresnet.tensor.Tensor;

/** SGD and Adam/AdamW steps by the {@code optimizer.cu} kernels, in place, arithmetic in double per element. */
final class CudaOptimizer implements OptimizerKernels {
  private final CudaBackend b;
  private final CudaArgs args;

  CudaOptimizer(CudaBackend backend) {
    this.b = backend;
    this.args = backend.args();
  }

  @Override
  public void sgd(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
      boolean nesterov) {
    String kernel = "sgd";
    CudaTensor pt = args.require(param, kernel, "param");
    CudaTensor gt = args.require(grad, kernel, "grad");
    CudaTensor vt = args.optional(velocity, kernel, "velocity");
    CudaArgs.requireShape(gt, pt.shape(), kernel, "grad");
    CudaArgs.requireShape(vt, pt.shape(), kernel, "velocity");
    requireNonNegative(kernel, "lr", lr);
    requireNonNegative(kernel, "momentum", momentum);
    requireNonNegative(kernel, "weightDecay", weightDecay);
    if (vt == null && momentum != 0) {
      throw new IllegalArgumentException(kernel + ": velocity must not be null when momentum is " + momentum);
    }
    b.enter();
    b.kernels().launch("sgd_f32", pt.elements(), pt.address(), gt.address(), vt == null ? 0L : vt.address(), lr,
        momentum, weightDecay, nesterov ? 1 : 0, pt.elements());
  }

  @Override
  public void adam(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float epsilon,
      float weightDecay, boolean decoupled, long step) {
    String kernel = "adam";
    CudaTensor pt = args.require(param, kernel, "param");
    CudaTensor gt = args.require(grad, kernel, "grad");
    CudaTensor mt = args.require(m, kernel, "m");
    CudaTensor vt = args.require(v, kernel, "v");
    CudaArgs.requireShape(gt, pt.shape(), kernel, "grad");
    CudaArgs.requireShape(mt, pt.shape(), kernel, "m");
    CudaArgs.requireShape(vt, pt.shape(), kernel, "v");
    requireNonNegative(kernel, "lr", lr);
    requireNonNegative(kernel, "epsilon", epsilon);
    requireNonNegative(kernel, "weightDecay", weightDecay);
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException(kernel + ": beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(kernel + ": beta2 must be in [0, 1), got " + beta2);
    }
    if (step < 1) {
      throw new IllegalArgumentException(kernel + ": step must be >= 1 (it counts from 1), got " + step);
    }
    double correction1 = 1 - Math.pow(beta1, step);
    double correction2 = 1 - Math.pow(beta2, step);
    b.enter();
    b.kernels().launch("adam_f32", pt.elements(), pt.address(), gt.address(), mt.address(), vt.address(), lr, beta1,
        beta2, epsilon, weightDecay, decoupled ? 1 : 0, correction1, correction2, pt.elements());
  }

  private static void requireNonNegative(String kernel, String name, float value) {
    if (!(value >= 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(kernel + ": " + name + " must be finite and >= 0, got " + value);
    }
  }
}
