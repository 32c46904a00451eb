package io.jresnet.nn;

import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order a model runs its layers in, which ReLUs are fused into the layer before them, and after which step
 * each intermediate value is dead and can be freed.
 */
final class ExecutionPlan {
  /**
   * One layer call.
   *
   * @param layer the layer to run
   * @param inputs names of the values it reads
   * @param output the name its result is stored under (the fused ReLU's name when {@code fusedRelu})
   * @param fusedRelu whether the layer applies the following ReLU node itself
   * @param freeAfter values no later step reads, to free once this step is done
   */
  record Step(Layer layer, List<String> inputs, String output, boolean fusedRelu, List<String> freeAfter) {}

  private final List<Step> steps;
  private final int fusedRelus;

  private ExecutionPlan(List<Step> steps, int fusedRelus) {
    this.steps = steps;
    this.fusedRelus = fusedRelus;
  }

  /**
   * Plans {@code layers} (one per node of {@code graph}, in order). With {@code fuseRelu}, a batch-norm or add whose
   * only consumer is a ReLU, and which is not itself the graph output, runs with the ReLU applied in its kernel:
   * the intermediate is never visible, so the result is the same.
   */
  static ExecutionPlan of(Graph graph, List<Layer> layers, boolean fuseRelu) {
    Map<String, List<Node>> consumers = new HashMap<>();
    for (Node node : graph.nodes()) {
      for (String in : node.inputs()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
      }
    }
    Set<String> fusedAway = new HashSet<>();
    List<Layer> kept = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    List<Boolean> fused = new ArrayList<>();
    for (Layer layer : layers) {
      Node node = layer.node();
      if (fusedAway.contains(node.name())) {
        continue;
      }
      Node relu = fuseRelu ? fusableRelu(node, layer, consumers, graph.output()) : null;
      kept.add(layer);
      outputs.add(relu == null ? node.name() : relu.name());
      fused.add(relu != null);
      if (relu != null) {
        fusedAway.add(relu.name());
      }
    }
    return new ExecutionPlan(withFrees(graph, kept, outputs, fused), fusedAway.size());
  }

  private static Node fusableRelu(Node node, Layer layer, Map<String, List<Node>> consumers, String graphOutput) {
    List<Node> readers = consumers.getOrDefault(node.name(), List.of());
    if (!(layer instanceof ReluFusable) || node.name().equals(graphOutput) || readers.size() != 1) {
      return null;
    }
    Node reader = readers.getFirst();
    return reader.op().equals(Ops.RELU) ? reader : null;
  }

  private static List<Step> withFrees(Graph graph, List<Layer> layers, List<String> outputs, List<Boolean> fused) {
    Map<String, Integer> lastUse = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      // A value nobody reads dies where it is made; one that is read dies after its last reader.
      lastUse.put(outputs.get(i), i);
      for (String in : layers.get(i).node().inputs()) {
        lastUse.put(in, i);
      }
    }
    List<List<String>> frees = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      frees.add(new ArrayList<>());
    }
    lastUse.forEach(
        (name, step) -> {
          // The caller owns the input, and the result goes back to the caller.
          if (!name.equals(Graph.INPUT) && !name.equals(graph.output())) {
            frees.get(step).add(name);
          }
        });
    List<Step> steps = new ArrayList<>(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      List<String> free = List.copyOf(new LinkedHashSet<>(frees.get(i)));
      steps.add(new Step(layer, layer.node().inputs(), outputs.get(i), fused.get(i), free));
    }
    return List.copyOf(steps);
  }

  List<Step> steps() {
    return steps;
  }

  /** How many ReLU nodes run inside the layer before them. */
  int fusedRelus() {
    return fusedRelus;
  }
}
