package io.jresnet.cpu;

import io.jresnet.backend.OptimizerKernels;
import io.jresnet.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGD and Adam/AdamW updates with PyTorch's semantics (see {@link OptimizerKernels}), one vectorised pass over the
 * parameter and its state, parallel over slices. A prepared conv weight ({@link CpuPackedConvWeight}) is repacked
 * after its update so that the forward pass sees the new values.
 */
final class CpuOptimizer implements OptimizerKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int GRAIN = 1 << 15;
  /**
   * Parameters smaller than this (biases, batch-norm scales) are updated by the scalar loop alone, which gives the
   * same bits: called a few times a step with a vector loop of a few iterations, the vector code would run
   * un-intrinsified (allocating every vector) until the JIT's last tier picks it up, thousands of calls later.
   */
  private static final int SCALAR_BELOW = 4096;

  private final CpuComputePool pool;
  private final KernelArgs args;

  CpuOptimizer(CpuComputePool pool, KernelArgs args) {
    this.pool = pool;
    this.args = args;
  }

  @Override
  public void sgd(
      Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay, boolean nesterov) {
    String kernel = "sgd";
    CpuTensor pt = args.require(param, kernel, "param");
    CpuTensor gt = sameShape(kernel, pt, grad, "grad");
    if (!(momentum >= 0f)) {
      throw new IllegalArgumentException(kernel + ": momentum must be >= 0, got " + momentum);
    }
    if (nesterov && momentum == 0f) {
      throw new IllegalArgumentException(kernel + ": nesterov needs a momentum > 0");
    }
    float[] p = pt.data();
    float[] g = gt.data();
    if (momentum == 0f) {
      pool.parallelRange(p.length, GRAIN, (from, to, participant) -> {
        int i = from;
        for (int bound = vectorBound(p.length, from, to); i < bound; i += LANES) {
          FloatVector pv = FloatVector.fromArray(SPECIES, p, i);
          FloatVector d = pv.mul(weightDecay).add(FloatVector.fromArray(SPECIES, g, i));
          pv.sub(d.mul(lr)).intoArray(p, i);
        }
        for (; i < to; i++) {
          p[i] -= (weightDecay * p[i] + g[i]) * lr;
        }
      });
    } else {
      float[] v = sameShape(kernel, pt, velocity, "velocity").data();
      // step = direct * g + velocityWeight * velocity covers both variants in one loop.
      float direct = nesterov ? 1f : 0f;
      float velocityWeight = nesterov ? momentum : 1f;
      pool.parallelRange(p.length, GRAIN, (from, to, participant) -> {
        int i = from;
        for (int bound = vectorBound(p.length, from, to); i < bound; i += LANES) {
          FloatVector pv = FloatVector.fromArray(SPECIES, p, i);
          FloatVector d = pv.mul(weightDecay).add(FloatVector.fromArray(SPECIES, g, i));
          FloatVector vel = FloatVector.fromArray(SPECIES, v, i).mul(momentum).add(d);
          vel.intoArray(v, i);
          FloatVector step = vel.mul(velocityWeight).add(d.mul(direct));
          pv.sub(step.mul(lr)).intoArray(p, i);
        }
        for (; i < to; i++) {
          float d = weightDecay * p[i] + g[i];
          float vel = v[i] * momentum + d;
          v[i] = vel;
          float step = vel * velocityWeight + d * direct;
          p[i] -= step * lr;
        }
      });
    }
    refresh(pt);
  }

  @Override
  public void adam(
      Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float epsilon,
      float weightDecay, boolean decoupled, long step) {
    String kernel = "adam";
    CpuTensor pt = args.require(param, kernel, "param");
    float[] p = pt.data();
    float[] g = sameShape(kernel, pt, grad, "grad").data();
    float[] mm = sameShape(kernel, pt, m, "m").data();
    float[] vv = sameShape(kernel, pt, v, "v").data();
    if (step < 1) {
      throw new IllegalArgumentException(kernel + ": step is 1-based, got " + step);
    }
    if (!(beta1 >= 0f && beta1 < 1f && beta2 >= 0f && beta2 < 1f)) {
      throw new IllegalArgumentException(kernel + ": betas must be in [0, 1), got " + beta1 + ", " + beta2);
    }
    // PyTorch: param -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps).
    float stepSize = (float) (lr / (1 - Math.pow(beta1, step)));
    float invSqrtBc2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, step)));
    float shrink = decoupled ? 1f - lr * weightDecay : 1f;
    float l2 = decoupled ? 0f : weightDecay;
    float oneMinusBeta1 = 1f - beta1;
    float oneMinusBeta2 = 1f - beta2;
    pool.parallelRange(p.length, GRAIN, (from, to, participant) -> {
      int i = from;
      for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += LANES) {
        FloatVector pv = FloatVector.fromArray(SPECIES, p, i);
        FloatVector d = pv.mul(l2).add(FloatVector.fromArray(SPECIES, g, i));
        FloatVector mv = FloatVector.fromArray(SPECIES, mm, i).mul(beta1).add(d.mul(oneMinusBeta1));
        FloatVector vvec = FloatVector.fromArray(SPECIES, vv, i).mul(beta2).add(d.mul(d).mul(oneMinusBeta2));
        mv.intoArray(mm, i);
        vvec.intoArray(vv, i);
        FloatVector denom = vvec.sqrt().mul(invSqrtBc2).add(epsilon);
        pv.mul(shrink).sub(mv.div(denom).mul(stepSize)).intoArray(p, i);
      }
      for (; i < to; i++) {
        float d = l2 * p[i] + g[i];
        float mi = mm[i] * beta1 + d * oneMinusBeta1;
        float vi = vv[i] * beta2 + d * d * oneMinusBeta2;
        mm[i] = mi;
        vv[i] = vi;
        float denom = (float) Math.sqrt(vi) * invSqrtBc2 + epsilon;
        p[i] = p[i] * shrink - mi / denom * stepSize;
      }
    });
    refresh(pt);
  }

  /** Where the vector loop over {@code [from, to)} stops: at once for a small parameter (see SCALAR_BELOW). */
  private static int vectorBound(int length, int from, int to) {
    return length < SCALAR_BELOW ? from : from + SPECIES.loopBound(to - from);
  }

  private CpuTensor sameShape(String kernel, CpuTensor param, Tensor t, String name) {
    CpuTensor ct = args.require(t, kernel, name);
    KernelArgs.requireShape(ct, param.shape(), kernel, name);
    KernelArgs.requireDistinct(ct, param, kernel, name, "param");
    return ct;
  }

  private static void refresh(CpuTensor param) {
    if (param instanceof CpuPackedConvWeight packed) {
      packed.repack();
    }
  }
}
