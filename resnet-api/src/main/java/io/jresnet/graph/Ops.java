package io.jresnet.graph;

import static io.jresnet.graph.AttributeSpec.optional;
import static io.jresnet.graph.AttributeSpec.required;
import static io.jresnet.graph.AttributeType.BOOLEAN;
import static io.jresnet.graph.AttributeType.FRACTION;
import static io.jresnet.graph.AttributeType.NON_NEGATIVE_INT_QUAD;
import static io.jresnet.graph.AttributeType.POSITIVE_INT;
import static io.jresnet.graph.AttributeType.POSITIVE_INT_PAIR;
import static io.jresnet.graph.AttributeType.POSITIVE_NUMBER;

import java.util.List;
import java.util.Map;

/**
 * The operation names of the graph IR and their attributes. Shapes are NHWC; weights live in the parameters named
 * after the node. Pair attributes ({@code kernel}, {@code stride}, {@code dilation}) may be a single integer meaning
 * {@code [n, n]}; {@code padding} may be a single integer meaning {@code [p, p, p, p]}. {@link #spec(String)} gives
 * each op's exact schema (types, defaults), and {@link #validate(Node)} checks a node against it.
 */
public final class Ops {
  /**
   * {@code kernel: [kh, kw]}, {@code stride: [sh, sw]}, {@code padding: [top, bottom, left, right]},
   * {@code dilation: [dh, dw]}, {@code groups}, {@code filters}, {@code bias} (boolean). Parameters: {@code weight}
   * HWIO, optional {@code bias}.
   */
  public static final String CONV2D = "conv2d";

  /** {@code epsilon}, {@code momentum}. Parameters: weight (gamma), bias (beta), running_mean, running_var. */
  public static final String BATCH_NORM = "batch_norm";

  public static final String RELU = "relu";

  /** Two inputs of the same shape. */
  public static final String ADD = "add";

  /** {@code kernel}, {@code stride}, {@code padding: [top, bottom, left, right]}. */
  public static final String MAX_POOL2D = "max_pool2d";

  /** As max_pool2d, plus {@code count_padding} (boolean, default true as in PyTorch). */
  public static final String AVG_POOL2D = "avg_pool2d";

  /** {@code [N, H, W, C] -> [N, C]}. */
  public static final String GLOBAL_AVG_POOL = "global_avg_pool";

  /** {@code padding: [top, bottom, left, right]}. */
  public static final String ZERO_PAD2D = "zero_pad2d";

  /** {@code [N, ...] -> [N, product]}, in NHWC order. */
  public static final String FLATTEN = "flatten";

  /** {@code units}, {@code bias} (boolean, default true). Parameters: weight {@code [in, out]}, bias. */
  public static final String DENSE = "dense";

  /** Over the last axis. */
  public static final String SOFTMAX = "softmax";

  public static final List<String> ALL =
      List.of(
          CONV2D, BATCH_NORM, RELU, ADD, MAX_POOL2D, AVG_POOL2D, GLOBAL_AVG_POOL, ZERO_PAD2D, FLATTEN, DENSE, SOFTMAX);

  private static final AttributeSpec POOL_KERNEL = required("kernel", POSITIVE_INT_PAIR, "window [h, w]");
  private static final AttributeSpec POOL_STRIDE =
      optional("stride", POSITIVE_INT_PAIR, null, "window step [h, w]; defaults to the kernel, as in PyTorch");
  private static final AttributeSpec PADDING =
      optional("padding", NON_NEGATIVE_INT_QUAD, 0, "zeros around H and W [top, bottom, left, right]");

  private static final Map<String, OpSpec> SPECS =
      Map.ofEntries(
          spec(
              CONV2D,
              1,
              required("filters", POSITIVE_INT, "output channels"),
              required("kernel", POSITIVE_INT_PAIR, "window [kh, kw]"),
              optional("stride", POSITIVE_INT_PAIR, 1, "window step [sh, sw]"),
              PADDING,
              optional("dilation", POSITIVE_INT_PAIR, 1, "spacing of kernel taps [dh, dw]"),
              optional("groups", POSITIVE_INT, 1, "channel groups; divides input and output channels"),
              optional("bias", BOOLEAN, false, "whether the node has a bias parameter")),
          spec(
              BATCH_NORM,
              1,
              optional("epsilon", POSITIVE_NUMBER, 1e-5, "added to the variance"),
              optional("momentum", FRACTION, 0.1, "running-statistics update weight of the new batch (PyTorch)")),
          spec(RELU, 1),
          spec(ADD, 2),
          spec(MAX_POOL2D, 1, POOL_KERNEL, POOL_STRIDE, PADDING),
          spec(
              AVG_POOL2D,
              1,
              POOL_KERNEL,
              POOL_STRIDE,
              PADDING,
              optional("count_padding", BOOLEAN, true, "whether padded cells count in the divisor")),
          spec(GLOBAL_AVG_POOL, 1),
          spec(
              ZERO_PAD2D,
              1,
              required("padding", NON_NEGATIVE_INT_QUAD, "zeros around H and W [top, bottom, left, right]")),
          spec(FLATTEN, 1),
          spec(
              DENSE,
              1,
              required("units", POSITIVE_INT, "output features"),
              optional("bias", BOOLEAN, true, "whether the node has a bias parameter")),
          spec(SOFTMAX, 1));

  private Ops() {}

  /**
   * The schema of {@code op}.
   *
   * @throws IllegalArgumentException for an unknown op, listing the known ones
   */
  public static OpSpec spec(String op) {
    OpSpec spec = SPECS.get(op);
    if (spec == null) {
      throw new IllegalArgumentException(unknownOp(op));
    }
    return spec;
  }

  /**
   * Checks that {@code node} names a known op, has that op's number of inputs, and sets only known attributes, all
   * required ones, each of the right type.
   *
   * @throws InvalidNodeException naming the node and the field at fault
   */
  public static void validate(Node node) {
    OpSpec spec = SPECS.get(node.op());
    if (spec == null) {
      throw new InvalidNodeException(node.name(), "op", unknownOp(node.op()));
    }
    spec.validate(node);
  }

  private static String unknownOp(String op) {
    return "unknown op '" + op + "'; allowed: " + String.join(", ", ALL);
  }

  private static Map.Entry<String, OpSpec> spec(String op, int inputs, AttributeSpec... attributes) {
    return Map.entry(op, new OpSpec(op, inputs, List.of(attributes)));
  }
}
