package io.jresnet.models;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts a graph's parameters from its node attributes with a shape walk of its own, independent of
 * {@link GraphAssembly}, so tests can check the builder against published parameter totals.
 */
record GraphParameterCount(long trainable, long nonTrainable, Map<String, int[]> shapes) {

  long total() {
    return trainable + nonTrainable;
  }

  static GraphParameterCount of(Graph graph) {
    Map<String, int[]> shapes = new HashMap<>();
    shapes.put(Graph.INPUT, graph.inputShape().toArray());
    long trainable = 0;
    long buffers = 0;
    for (Node n : graph.nodes()) {
      int[] in = shapes.get(n.inputs().get(0));
      int[] out = in;
      switch (n.op()) {
        case Ops.CONV2D -> {
          int[] k = n.intsAttr("kernel");
          int[] s = n.intsAttr("stride");
          int[] p = n.intsAttr("padding");
          int filters = n.intAttr("filters", -1);
          trainable += (long) k[0] * k[1] * in[2] / n.intAttr("groups", 1) * filters;
          trainable += n.boolAttr("bias", false) ? filters : 0;
          out =
              new int[] {
                Conv2dParams.outputSize(in[0], k[0], s[0], p[0] + p[1], 1),
                Conv2dParams.outputSize(in[1], k[1], s[1], p[2] + p[3], 1),
                filters
              };
        }
        case Ops.BATCH_NORM -> {
          trainable += 2L * in[2];
          buffers += 2L * in[2];
        }
        case Ops.MAX_POOL2D, Ops.AVG_POOL2D -> {
          int[] k = n.intsAttr("kernel");
          int[] s = n.intsAttr("stride");
          int[] p = n.intsAttr("padding");
          out =
              new int[] {
                Conv2dParams.outputSize(in[0], k[0], s[0], p[0] + p[1], 1),
                Conv2dParams.outputSize(in[1], k[1], s[1], p[2] + p[3], 1),
                in[2]
              };
        }
        case Ops.ZERO_PAD2D -> {
          int[] p = n.intsAttr("padding");
          out = new int[] {in[0] + p[0] + p[1], in[1] + p[2] + p[3], in[2]};
        }
        case Ops.GLOBAL_AVG_POOL -> out = new int[] {in[2]};
        case Ops.FLATTEN -> out = new int[] {in.length == 1 ? in[0] : in[0] * in[1] * in[2]};
        case Ops.DENSE -> {
          int units = n.intAttr("units", -1);
          trainable += (long) in[0] * units + units;
          out = new int[] {units};
        }
        case Ops.RELU, Ops.ADD, Ops.SOFTMAX -> {}
        default -> throw new AssertionError("unexpected op " + n.op());
      }
      shapes.put(n.name(), out);
    }
    return new GraphParameterCount(trainable, buffers, shapes);
  }
}
