package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conv weights of an {@link InferencePlan} in the backend's private layout ({@link Backend#prepareConvWeight}),
 * made once from the parameters: with the plan's batch-norms folded in, and the bias each conv then adds (the folded
 * one, or the conv's own parameter). Owns what it made; {@link #close()} frees it. Made again whenever the
 * parameters change ({@link Parameters#markChanged()}).
 */
final class PreparedWeights implements AutoCloseable {
  /**
   * What one conv runs with.
   *
   * @param weight the prepared weight, owned here
   * @param bias {@code [Cout]}: the folded bias (owned here), the conv's own bias parameter (not owned), or null
   */
  record ConvWeights(Tensor weight, Tensor bias) {}

  private final Map<String, ConvWeights> byConv;
  private final List<Tensor> owned;
  private final Set<String> consumed;

  private PreparedWeights(Map<String, ConvWeights> byConv, List<Tensor> owned, Set<String> consumed) {
    this.byConv = byConv;
    this.owned = owned;
    this.consumed = Collections.unmodifiableSet(consumed);
  }

  /**
   * The parameters the evaluation forward reads only through these weights: every conv weight (prepared into a
   * copy), and, where a batch-norm was folded, the conv's bias and the batch-norm's four vectors. A model bound for
   * inference only frees them.
   */
  Set<String> consumedParameters() {
    return consumed;
  }

  /** Prepares every conv of {@code plan}; on failure frees what it made so far. */
  static PreparedWeights prepare(Backend backend, Parameters parameters, InferencePlan plan) {
    Map<String, ConvWeights> byConv = new HashMap<>();
    List<Tensor> owned = new ArrayList<>();
    Set<String> consumed = new LinkedHashSet<>();
    try (FoldingScratch scratch = new FoldingScratch(backend)) {
      for (InferenceStep step : plan.steps()) {
        if (step.kernel() instanceof FusedConv c) {
          byConv.put(c.conv().name(), prepareOne(backend, parameters, c, scratch, owned, consumed));
        }
      }
    } catch (RuntimeException e) {
      owned.forEach(Tensor::close);
      throw e;
    }
    return new PreparedWeights(byConv, owned, consumed);
  }

  private static ConvWeights prepareOne(
      Backend backend, Parameters p, FusedConv c, FoldingScratch scratch, List<Tensor> owned,
      Set<String> consumed) {
    Conv2dLayer conv = c.conv();
    Tensor raw = p.get(conv.weightName());
    consumed.add(conv.weightName());
    if (c.batchNorm() == null) {
      Tensor weight = keep(owned, backend.prepareConvWeight(raw, conv.params()));
      return new ConvWeights(weight, conv.hasBias() ? p.get(conv.biasName()) : null);
    }
    BatchNormLayer bn = c.batchNorm();
    if (conv.hasBias()) {
      consumed.add(conv.biasName());
    }
    consumed.addAll(List.of(bn.gammaName(), bn.betaName(), bn.runningMeanName(), bn.runningVarName()));
    float[] host = scratch.host(raw.shape());
    raw.copyToHost(host);
    BatchNormFolding.Folded folded =
        BatchNormFolding.fold(
            host,
            raw.shape(),
            conv.hasBias() ? p.get(conv.biasName()).copyToHost() : null,
            p.get(bn.gammaName()).copyToHost(),
            p.get(bn.betaName()).copyToHost(),
            p.get(bn.runningMeanName()).copyToHost(),
            p.get(bn.runningVarName()).copyToHost(),
            bn.epsilon());
    Tensor hwio = scratch.tensor(raw.shape());
    hwio.copyFromHost(folded.weight());
    Tensor weight = keep(owned, backend.prepareConvWeight(hwio, conv.params()));
    Tensor bias = keep(owned, backend.fromHost(folded.bias(), Shape.of(conv.filters())));
    return new ConvWeights(weight, bias);
  }

  /**
   * The folded weights' way to the backend: one host array and one backend tensor per weight shape, reused by every
   * conv of that shape and freed once all are prepared. A fresh pair per conv would be two copies of the whole
   * model's weights in short-lived garbage at start-up (ResNet-50: ~200 MB, which G1 answers by growing the heap).
   */
  private static final class FoldingScratch implements AutoCloseable {
    private final Backend backend;
    private final Map<Shape, float[]> hosts = new HashMap<>();
    private final Map<Shape, Tensor> tensors = new HashMap<>();

    FoldingScratch(Backend backend) {
      this.backend = backend;
    }

    float[] host(Shape shape) {
      return hosts.computeIfAbsent(shape, s -> new float[s.size()]);
    }

    Tensor tensor(Shape shape) {
      return tensors.computeIfAbsent(shape, backend::allocate);
    }

    @Override
    public void close() {
      tensors.values().forEach(Tensor::close);
    }
  }

  private static Tensor keep(List<Tensor> owned, Tensor t) {
    owned.add(t);
    return t;
  }

  /** The weights of conv node {@code convName}. */
  ConvWeights of(String convName) {
    ConvWeights w = byConv.get(convName);
    if (w == null) {
      throw new IllegalStateException("no prepared weight for conv node '" + convName + "'");
    }
    return w;
  }

  /** How many tensors this holds (prepared weights and folded biases). */
  int tensorCount() {
    return owned.size();
  }

  @Override
  public void close() {
    owned.forEach(Tensor::close);
    owned.clear();
  }
}
