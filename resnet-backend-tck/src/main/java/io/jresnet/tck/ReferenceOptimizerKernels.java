package io.jresnet.tck;

import io.jresnet.backend.OptimizerKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/** PyTorch's SGD and Adam/AdamW update rules, element by element, evaluated in {@code double}. */
final class ReferenceOptimizerKernels implements OptimizerKernels {
  private final ReferenceBackend backend;

  ReferenceOptimizerKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void sgd(
      Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay, boolean nesterov) {
    ReferenceArgs args = new ReferenceArgs(backend, "sgd");
    float[] ps = args.data("param", param);
    float[] gs = args.data("grad", grad);
    float[] vs = args.optionalData("velocity", velocity);
    args.requireShape("grad", grad, param.shape());
    args.requireShape("velocity", velocity, param.shape());
    requireNonNegative(args, "lr", lr);
    requireNonNegative(args, "momentum", momentum);
    requireNonNegative(args, "weightDecay", weightDecay);
    if (vs == null && momentum != 0) {
      throw args.error("velocity must not be null when momentum is " + momentum);
    }
    for (int i = 0; i < ps.length; i++) {
      double g = gs[i] + (double) weightDecay * ps[i];
      double step = g;
      if (vs != null) {
        double v = momentum * (double) vs[i] + g;
        vs[i] = (float) v;
        step = nesterov ? g + momentum * v : v;
      }
      ps[i] = (float) (ps[i] - (double) lr * step);
    }
  }

  @Override
  public void adam(
      Tensor param,
      Tensor grad,
      Tensor m,
      Tensor v,
      float lr,
      float beta1,
      float beta2,
      float epsilon,
      float weightDecay,
      boolean decoupled,
      long step) {
    ReferenceArgs args = new ReferenceArgs(backend, "adam");
    float[] ps = args.data("param", param);
    float[] gs = args.data("grad", grad);
    float[] ms = args.data("m", m);
    float[] vs = args.data("v", v);
    Shape shape = param.shape();
    args.requireShape("grad", grad, shape);
    args.requireShape("m", m, shape);
    args.requireShape("v", v, shape);
    requireNonNegative(args, "lr", lr);
    requireNonNegative(args, "epsilon", epsilon);
    requireNonNegative(args, "weightDecay", weightDecay);
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw args.error("beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw args.error("beta2 must be in [0, 1), got " + beta2);
    }
    if (step < 1) {
      throw args.error("step must be >= 1 (it counts from 1), got " + step);
    }
    double correction1 = 1 - Math.pow(beta1, step);
    double correction2 = 1 - Math.pow(beta2, step);
    for (int i = 0; i < ps.length; i++) {
      double p = ps[i];
      double g = gs[i];
      if (decoupled) {
        p *= 1 - (double) lr * weightDecay;
      } else {
        g += (double) weightDecay * p;
      }
      double mi = beta1 * (double) ms[i] + (1 - (double) beta1) * g;
      double vi = beta2 * (double) vs[i] + (1 - (double) beta2) * g * g;
      ms[i] = (float) mi;
      vs[i] = (float) vi;
      ps[i] = (float) (p - lr * (mi / correction1) / (Math.sqrt(vi / correction2) + epsilon));
    }
  }

  private static void requireNonNegative(ReferenceArgs args, String role, float value) {
    if (!(value >= 0) || Float.isInfinite(value)) {
      throw args.error(role + " must be finite and >= 0, got " + value);
    }
  }
}
