package io.jresnet.models.experiment;

import io.jresnet.ConfigException;
import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A training run frozen after an epoch (DESIGN §6), on the host: a directory with {@code model.json} (the graph),
 * {@code weights.safetensors} (torchvision layout), {@code optimizer.safetensors} (the optimizer's buffers) and
 * {@code state.json}. Written and found by {@link CheckpointStore}.
 *
 * @param graph the model's graph
 * @param weights every parameter (batch-norm running statistics included) by torchvision name, in the canonical
 *     layout (conv HWIO, dense {@code [in, out]}); the file holds them in PyTorch's layout
 * @param optimizerState the optimizer's buffers by name (e.g. {@code layer1.0.conv1.weight.momentum}), each in its
 *     parameter's canonical layout; empty for plain SGD
 * @param state epoch, step, seed, learning rate and metrics
 */
public record Checkpoint(
    Graph graph, Map<String, float[]> weights, Map<String, HostTensor> optimizerState, TrainingState state) {
  public Checkpoint {
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(state, "state");
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    optimizerState = Collections.unmodifiableMap(new LinkedHashMap<>(optimizerState));
  }

  /**
   * Checks that this checkpoint holds the model an experiment describes.
   *
   * @param experimentFile names the experiment in the error
   * @throws ConfigException at the experiment's {@code /model} when the graphs differ
   */
  public void requireGraph(Graph expected, String experimentFile) {
    if (!graph.equals(expected)) {
      throw new ConfigException(
          experimentFile, "/model", 0, 0,
          "the checkpoint holds another model ('" + graph.name() + "', " + graph.nodes().size() + " nodes, input "
              + graph.inputShape() + ") than this experiment's ('" + expected.name() + "', "
              + expected.nodes().size() + " nodes, input " + expected.inputShape() + "); use the experiment that"
              + " wrote it");
    }
  }
}
