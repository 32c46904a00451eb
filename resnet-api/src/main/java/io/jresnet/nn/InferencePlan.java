package io.jresnet.nn;

import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel calls of an evaluation forward pass, made once at bind time. Fused, it merges nodes into the kernel
 * before them where no one can tell the difference:
 *
 * <ul>
 *   <li>a conv's batch-norm is folded into the conv's weight and bias when the batch-norm is the conv's only reader;
 *   <li>an add is done in a conv's epilogue (the add's other input comes in as the residual) when the conv's value
 *       (after its folded batch-norm) is read by the add alone and the other input is made before the conv runs;
 *   <li>a ReLU is applied in the kernel of the conv, batch-norm or add before it when it is that value's only reader.
 * </ul>
 *
 * <p>A value read by more than one node, or that is the graph output, is never fused away: it must exist. Fused
 * nodes run at the position of the conv they joined, which is safe because each reads only the conv's value and
 * values made earlier. Unfused, every node is its own step (the plan to compare the fused one against). The plan
 * also says after which step each intermediate is read for the last time, so its buffer can be reused.
 */
final class InferencePlan {
  private final List<InferenceStep> steps;
  private final boolean fused;

  private InferencePlan(List<InferenceStep> steps, boolean fused) {
    this.steps = steps;
    this.fused = fused;
  }

  /** Plans {@code layers}, one per node of {@code graph} in graph order, fused or not. */
  static InferencePlan of(Graph graph, List<Layer> layers, boolean fuse) {
    return new Planner(graph, layers, fuse).plan();
  }

  /** The steps, in the order they run. */
  List<InferenceStep> steps() {
    return steps;
  }

  /** Slots a {@link ForwardPass} needs for the values: the graph input and every step's output. */
  int valueSlots() {
    return steps.size() + 1;
  }

  boolean fused() {
    return fused;
  }

  /** Batch-norm nodes folded into the conv before them. */
  int foldedBatchNorms() {
    return count(k -> k instanceof FusedConv c && c.batchNorm() != null);
  }

  /** Add nodes done in a conv's epilogue. */
  int fusedAdds() {
    return count(k -> k instanceof FusedConv c && c.residual());
  }

  /** ReLU nodes applied in the kernel before them (conv, batch-norm or add). */
  int fusedRelus() {
    return count(
        k -> k instanceof FusedConv c ? c.relu() != null : k instanceof LayerCall l && l.relu() != null);
  }

  private int count(java.util.function.Predicate<StepKernel> which) {
    return (int) steps.stream().filter(s -> which.test(s.kernel())).count();
  }

  /**
   * One line per step: the nodes it computes joined by {@code +}, then its inputs, e.g. {@code
   * layer1.0.conv3+layer1.0.bn3+layer1.0.add+layer1.0.relu <- layer1.0.relu2, maxpool}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (InferenceStep step : steps) {
      s.append(step.kernel().describe()).append(" <- ").append(String.join(", ", step.inputs())).append('\n');
    }
    return s.toString();
  }

  /** Builds one plan; holds the graph's reader lists while it does. */
  private static final class Planner {
    private final Graph graph;
    private final List<Layer> layers;
    private final boolean fuse;
    private final Map<String, Layer> layersByName = new HashMap<>();
    /** Every value's reading nodes, once per reading input (a node reading a value twice is there twice). */
    private final Map<String, List<Node>> readers = new HashMap<>();
    private final Set<String> absorbed = new HashSet<>();
    /** Values already made by an earlier step (and the graph input). */
    private final Set<String> made = new HashSet<>();

    Planner(Graph graph, List<Layer> layers, boolean fuse) {
      this.graph = graph;
      this.layers = layers;
      this.fuse = fuse;
      for (Layer layer : layers) {
        layersByName.put(layer.node().name(), layer);
        for (String in : layer.node().inputs()) {
          readers.computeIfAbsent(in, k -> new ArrayList<>()).add(layer.node());
        }
      }
      made.add(Graph.INPUT);
    }

    InferencePlan plan() {
      List<StepKernel> kernels = new ArrayList<>();
      List<List<String>> inputs = new ArrayList<>();
      List<String> outputs = new ArrayList<>();
      for (Layer layer : layers) {
        Node node = layer.node();
        if (absorbed.contains(node.name())) {
          continue;
        }
        List<String> in = new ArrayList<>(node.inputs());
        String output;
        StepKernel kernel;
        if (layer instanceof Conv2dLayer conv) {
          FusedConv fusedConv = fuseIntoConv(conv);
          kernel = fusedConv;
          if (fusedConv.residual()) {
            in.add(otherInput(fusedConv.add(), valueBeforeAdd(fusedConv)));
          }
          output = lastName(fusedConv);
        } else {
          ReluLayer relu = layer instanceof ReluFusable ? reluReading(node.name()) : null;
          kernel = new LayerCall(layer, relu);
          output = relu == null ? node.name() : relu.name();
        }
        kernels.add(kernel);
        inputs.add(in);
        outputs.add(output);
        made.add(output);
      }
      return new InferencePlan(withFrees(kernels, inputs, outputs), fuse);
    }

    private FusedConv fuseIntoConv(Conv2dLayer conv) {
      String value = conv.name();
      BatchNormLayer bn = soleReader(value) instanceof BatchNormLayer b ? absorb(b) : null;
      if (bn != null) {
        value = bn.name();
      }
      AddLayer add = null;
      if (soleReader(value) instanceof AddLayer a && made.contains(otherInput(a, value))) {
        add = absorb(a);
        value = a.name();
      }
      ReluLayer relu = reluReading(value);
      return new FusedConv(conv, bn, add, relu);
    }

    private ReluLayer reluReading(String value) {
      return soleReader(value) instanceof ReluLayer r ? absorb(r) : null;
    }

    /** The one layer reading {@code value} when fusing is on, it is not the graph output and nothing else reads it. */
    private Layer soleReader(String value) {
      List<Node> nodes = readers.getOrDefault(value, List.of());
      if (!fuse || value.equals(graph.output()) || nodes.size() != 1) {
        return null;
      }
      return layersByName.get(nodes.getFirst().name());
    }

    private <L extends Layer> L absorb(L layer) {
      absorbed.add(layer.node().name());
      return layer;
    }

    private static String valueBeforeAdd(FusedConv c) {
      return c.batchNorm() != null ? c.batchNorm().name() : c.conv().name();
    }

    /** The add input that is not {@code value} (an add reading one value twice never gets here: two readers). */
    private static String otherInput(AddLayer add, String value) {
      List<String> in = add.node().inputs();
      return in.get(0).equals(value) ? in.get(1) : in.get(0);
    }

    private static String lastName(FusedConv c) {
      if (c.relu() != null) {
        return c.relu().name();
      }
      return c.add() != null ? c.add().name() : valueBeforeAdd(c);
    }

    private List<InferenceStep> withFrees(
        List<StepKernel> kernels, List<List<String>> inputs, List<String> outputs) {
      Map<String, Integer> lastUse = new LinkedHashMap<>();
      for (int i = 0; i < kernels.size(); i++) {
        // A value nobody reads dies where it is made; one that is read dies after its last reader.
        lastUse.put(outputs.get(i), i);
        for (String in : inputs.get(i)) {
          lastUse.put(in, i);
        }
      }
      List<Set<String>> frees = new ArrayList<>();
      for (int i = 0; i < kernels.size(); i++) {
        frees.add(new LinkedHashSet<>());
      }
      lastUse.forEach(
          (name, step) -> {
            // The caller owns the input, and the result goes back to the caller.
            if (!name.equals(Graph.INPUT) && !name.equals(graph.output())) {
              frees.get(step).add(name);
            }
          });
      Map<String, Integer> slots = new HashMap<>();
      slots.put(Graph.INPUT, 0);
      for (int i = 0; i < kernels.size(); i++) {
        slots.put(outputs.get(i), i + 1);
      }
      List<InferenceStep> steps = new ArrayList<>(kernels.size());
      for (int i = 0; i < kernels.size(); i++) {
        List<String> freed = List.copyOf(frees.get(i));
        steps.add(
            new InferenceStep(
                kernels.get(i), inputs.get(i), outputs.get(i), freed, slotsOf(inputs.get(i), slots),
                slotsOf(freed, slots)));
      }
      return List.copyOf(steps);
    }

    private static int[] slotsOf(List<String> names, Map<String, Integer> slots) {
      int[] out = new int[names.size()];
      for (int i = 0; i < out.length; i++) {
        Integer slot = slots.get(names.get(i));
        if (slot == null) {
          throw new IllegalStateException("no step makes value '" + names.get(i) + "'");
        }
        out[i] = slot;
      }
      return out;
    }
  }
}
