package io.jresnet.models.interop.onnx;

import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.nn.ZeroPad2dLayer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which zero_pad2d nodes of a graph need no ONNX node of their own: those (other than the graph output) whose every
 * reader is a conv2d, an avg_pool2d or another such zero_pad2d, since those readers take the zeros as part of their
 * own padding. A pad read by anything else (a max pool pads with -inf, not zero) stays a {@code Pad}.
 *
 * <p>Folding is also what keeps ONNX Runtime's optimizer away: its PadFusion merges a {@code Pad} into a lone
 * Conv, AveragePool or MaxPool reader without regard to what the pool does with padding.
 */
final class ZeroPadFolding {
  private final Graph graph;
  private final Map<String, ZeroPad2dLayer> folded = new HashMap<>();

  ZeroPadFolding(Graph graph) {
    this.graph = graph;
    // Readers come after their inputs, so walking backwards decides a pad's readers before the pad itself.
    List<Node> nodes = graph.nodes();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node node = nodes.get(i);
      if (node.op().equals(Ops.ZERO_PAD2D) && !node.name().equals(graph.output()) && absorbed(node.name())) {
        folded.put(node.name(), new ZeroPad2dLayer(node));
      }
    }
  }

  private boolean absorbed(String name) {
    List<Node> readers = graph.nodes().stream().filter(n -> n.inputs().contains(name)).toList();
    return !readers.isEmpty()
        && readers.stream()
            .allMatch(
                n -> n.op().equals(Ops.CONV2D) || n.op().equals(Ops.AVG_POOL2D) || folded.containsKey(n.name()));
  }

  /** Whether node {@code name} is a zero pad that its readers take over. */
  boolean isFolded(String name) {
    return folded.containsKey(name);
  }

  /**
   * The zero padding {@code [top, bottom, left, right]} that folded pads put around {@link #source(String)} to make
   * the value {@code name}: all zeros unless {@code name} is a folded pad (or a chain of them).
   */
  int[] padding(String name) {
    int[] total = new int[4];
    for (String n = name; folded.containsKey(n); n = graph.node(n).inputs().getFirst()) {
      int[] p = folded.get(n).padding();
      for (int i = 0; i < 4; i++) {
        total[i] += p[i];
      }
    }
    return total;
  }

  /** The value that {@code name} pads: {@code name} itself unless it is a folded pad. */
  String source(String name) {
    String n = name;
    while (folded.containsKey(n)) {
      n = graph.node(n).inputs().getFirst();
    }
    return n;
  }

  static boolean isZero(int[] padding) {
    for (int p : padding) {
      if (p != 0) {
        return false;
      }
    }
    return true;
  }
}
