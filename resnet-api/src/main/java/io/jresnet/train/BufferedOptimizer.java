package io.jresnet.train;

import io.jresnet.WeightsException;
import io.jresnet.io.HostTensor;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The bookkeeping every optimizer shares: choosing the trainable parameters, checking them, binding per-parameter
 * buffers (allocated zero-filled at the first step, on the parameters' backend), counting steps, weight-decay
 * exclusion and state save/restore. Subclasses only call their update kernel.
 */
abstract class BufferedOptimizer implements Optimizer {
  /** Names listed per kind of mismatch in a load error before the rest are only counted. */
  private static final int LISTED = 10;

  private final String kind;
  private final List<String> bufferNames;
  private final float weightDecay;
  private final boolean skipDecayOnNormAndBias;
  /** Parameter name to its buffers, in {@link #bufferNames} order; null until the first step or load. */
  private Map<String, Tensor[]> buffers;
  private long step;
  private boolean closed;

  /**
   * @param kind the optimizer's name in messages
   * @param bufferNames PyTorch's names of the per-parameter buffers, in the order {@link #update} receives them
   */
  BufferedOptimizer(String kind, List<String> bufferNames, float weightDecay, boolean skipDecayOnNormAndBias) {
    this.kind = kind;
    this.bufferNames = List.copyOf(bufferNames);
    this.weightDecay = weightDecay;
    this.skipDecayOnNormAndBias = skipDecayOnNormAndBias;
  }

  /**
   * Updates one parameter in place.
   *
   * @param buffers this parameter's buffers, as named in the constructor
   * @param weightDecay the decay for this parameter (0 where it is excluded)
   * @param step the 1-based number of this update
   */
  abstract void update(TrainableParameter parameter, Tensor[] buffers, float lr, float weightDecay, long step);

  @Override
  public final void step(List<? extends TrainableParameter> parameters, float lr) {
    ensureOpen();
    if (!(lr >= 0 && Float.isFinite(lr))) {
      throw new IllegalArgumentException(kind + ": the learning rate must be finite and >= 0, got " + lr);
    }
    List<TrainableParameter> trainable = trainable(parameters);
    for (TrainableParameter p : trainable) {
      checkGradient(p);
    }
    if (buffers == null) {
      buffers = allocateBuffers(trainable);
    } else {
      checkBoundNames(trainable);
    }
    step++;
    for (TrainableParameter p : trainable) {
      update(p, buffers.get(p.name()), lr, weightDecayFor(p.spec()), step);
    }
  }

  @Override
  public final long stepCount() {
    return step;
  }

  @Override
  public final OptimizerState state() {
    ensureOpen();
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    if (buffers != null) {
      buffers.forEach(
          (name, owned) -> {
            for (int i = 0; i < owned.length; i++) {
              tensors.put(name + "." + bufferNames.get(i), new HostTensor(owned[i].shape(), owned[i].copyToHost()));
            }
          });
    }
    return new OptimizerState(step, tensors);
  }

  @Override
  public final void load(List<? extends TrainableParameter> parameters, OptimizerState state) {
    ensureOpen();
    Objects.requireNonNull(state, "state");
    List<TrainableParameter> trainable = trainable(parameters);
    if (state.step() == 0) {
      if (!state.tensors().isEmpty()) {
        String first = state.tensors().keySet().iterator().next();
        throw new WeightsException(
            (String) null,
            first,
            kind + " state at step 0 must hold no buffers, got " + state.tensors().size() + " tensors",
            null);
      }
      freeBuffers();
      step = 0;
      return;
    }
    checkStateMatches(trainable, state.tensors());
    Map<String, Tensor[]> loaded = new LinkedHashMap<>();
    try {
      for (TrainableParameter p : trainable) {
        Tensor[] owned = new Tensor[bufferNames.size()];
        loaded.put(p.name(), owned);
        for (int i = 0; i < owned.length; i++) {
          HostTensor host = state.tensors().get(p.name() + "." + bufferNames.get(i));
          owned[i] = p.value().backend().fromHost(host.data(), host.shape());
        }
      }
    } catch (RuntimeException e) {
      free(loaded);
      throw e;
    }
    freeBuffers();
    buffers = loaded;
    step = state.step();
  }

  @Override
  public final void close() {
    freeBuffers();
    closed = true;
  }

  private float weightDecayFor(ParameterSpec spec) {
    boolean normOrBias =
        switch (spec.role()) {
          case BN_GAMMA, BN_BETA, BIAS -> true;
          default -> false;
        };
    return skipDecayOnNormAndBias && normOrBias ? 0f : weightDecay;
  }

  private List<TrainableParameter> trainable(List<? extends TrainableParameter> parameters) {
    Objects.requireNonNull(parameters, "parameters");
    List<TrainableParameter> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < parameters.size(); i++) {
      TrainableParameter p = parameters.get(i);
      if (p == null) {
        throw new IllegalArgumentException(kind + ": parameter " + i + " of the list is null");
      }
      if (!p.spec().trainable()) {
        continue;
      }
      if (!seen.add(p.name())) {
        throw new IllegalArgumentException(kind + ": parameter '" + p.name() + "' is listed twice");
      }
      if (!p.value().shape().equals(p.spec().shape())) {
        throw new IllegalArgumentException(
            kind + ": parameter '" + p.name() + "' has a value of shape " + p.value().shape() + " but its spec says "
                + p.spec().shape());
      }
      out.add(p);
    }
    return out;
  }

  private void checkGradient(TrainableParameter p) {
    Tensor gradient = p.gradient();
    if (gradient == null) {
      throw new IllegalArgumentException(kind + ": parameter '" + p.name() + "' is trainable but has no gradient");
    }
    if (!gradient.shape().equals(p.value().shape())) {
      throw new IllegalArgumentException(
          kind + ": parameter '" + p.name() + "' has a gradient of shape " + gradient.shape() + " but a value of shape "
              + p.value().shape());
    }
  }

  private Map<String, Tensor[]> allocateBuffers(List<TrainableParameter> trainable) {
    Map<String, Tensor[]> out = new LinkedHashMap<>();
    try {
      for (TrainableParameter p : trainable) {
        Tensor[] owned = new Tensor[bufferNames.size()];
        out.put(p.name(), owned);
        for (int i = 0; i < owned.length; i++) {
          owned[i] = p.value().backend().allocate(p.value().shape());
        }
      }
    } catch (RuntimeException e) {
      free(out);
      throw e;
    }
    return out;
  }

  private void checkBoundNames(List<TrainableParameter> trainable) {
    Set<String> given = new HashSet<>();
    for (TrainableParameter p : trainable) {
      given.add(p.name());
      if (!buffers.containsKey(p.name())) {
        throw new IllegalArgumentException(
            kind + ": parameter '" + p.name() + "' is not one of the " + buffers.size()
                + " this optimizer was bound to at its first step");
      }
    }
    for (String bound : buffers.keySet()) {
      if (!given.contains(bound)) {
        throw new IllegalArgumentException(
            kind + ": parameter '" + bound + "' was updated before but is missing from this step's parameters");
      }
    }
  }

  private void checkStateMatches(List<TrainableParameter> trainable, Map<String, HostTensor> tensors) {
    List<String> missing = new ArrayList<>();
    List<String> misShaped = new ArrayList<>();
    List<String> faulty = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    for (TrainableParameter p : trainable) {
      for (String buffer : bufferNames) {
        String name = p.name() + "." + buffer;
        expected.add(name);
        HostTensor host = tensors.get(name);
        if (host == null) {
          missing.add(name + " " + p.value().shape());
          faulty.add(name);
        } else if (!host.shape().equals(p.value().shape())) {
          misShaped.add(name + " needs " + p.value().shape() + ", got " + host.shape());
          faulty.add(name);
        }
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String name : tensors.keySet()) {
      if (!expected.contains(name)) {
        unexpected.add(name);
        faulty.add(name);
      }
    }
    if (faulty.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    describe(parts, "missing", missing);
    describe(parts, "unexpected", unexpected);
    describe(parts, "wrong shape", misShaped);
    // One tensor at fault is named in the exception's own field; several are listed in the message only.
    throw new WeightsException(
        (String) null,
        faulty.size() == 1 ? faulty.getFirst() : null,
        kind + " state does not match the parameters (" + missing.size() + " missing, " + unexpected.size()
            + " unexpected, " + misShaped.size() + " with the wrong shape): " + String.join("; ", parts),
        null);
  }

  private static void describe(List<String> parts, String label, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    List<String> shown = items.subList(0, Math.min(LISTED, items.size()));
    String more = items.size() > LISTED ? ", and " + (items.size() - LISTED) + " more" : "";
    parts.add(label + ": " + String.join(", ", shown) + more);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(kind + " optimizer is closed");
    }
  }

  private void freeBuffers() {
    if (buffers != null) {
      free(buffers);
      buffers = null;
    }
  }

  private static void free(Map<String, Tensor[]> owned) {
    for (Tensor[] tensors : owned.values()) {
      for (Tensor t : tensors) {
        if (t != null) {
          t.close();
        }
      }
    }
  }
}
