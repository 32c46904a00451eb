package io.jresnet.nn;

import io.jresnet.ShapeException;
import io.jresnet.graph.AttributeSpec;
import io.jresnet.graph.Node;
import io.jresnet.graph.OpSpec;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** What every layer shares: its validated node, typed attribute reads and shape-error helpers. */
abstract class BaseLayer implements Layer {
  private final Node node;
  private final OpSpec spec;
  private volatile ShapeMemo shapeMemo;
  private final Map<String, String> parameterNames = new ConcurrentHashMap<>();

  BaseLayer(Node node, String op) {
    if (!node.op().equals(op)) {
      throw new IllegalArgumentException("node '" + node.name() + "' is a " + node.op() + ", not a " + op);
    }
    Ops.validate(node);
    this.node = node;
    this.spec = Ops.spec(op);
  }

  @Override
  public final Node node() {
    return node;
  }

  /** The node's name, which prefixes its parameter names. */
  public final String name() {
    return node.name();
  }

  /** Parameter-free unless overridden. */
  @Override
  public List<ParameterSpec> parameters(List<Shape> inputs) {
    outputShape(inputs);
    return List.of();
  }

  /** Data movement and elementwise work count no multiply-accumulates unless overridden. */
  @Override
  public long macs(List<Shape> inputs) {
    outputShape(inputs);
    return 0;
  }

  /**
   * The error for a bound parameter whose shape differs from the one this layer needs for {@code inputs}; layers
   * override it to explain the mismatch in their own terms (e.g. input channels of a conv).
   */
  ShapeException parameterMismatch(ParameterSpec expected, Shape actual, List<Shape> inputs) {
    return error("parameter " + expected.name() + " has shape " + actual + ", but input " + inputs + " needs "
        + expected.shape());
  }

  final ShapeException error(String problem) {
    return new ShapeException(node.name(), problem);
  }

  /** The one input of a single-input op. */
  final Shape single(List<Shape> inputs) {
    if (inputs.size() != 1) {
      throw error(node.op() + " takes 1 input, got " + inputs.size() + " " + inputs);
    }
    return inputs.getFirst();
  }

  /** The one input of a single-input op, which must be NHWC. */
  final Shape singleNhwc(List<Shape> inputs) {
    Shape x = single(inputs);
    if (x.rank() != 4) {
      throw error(node.op() + " expects an NHWC input [N, H, W, C], got " + x);
    }
    return x;
  }

  /**
   * Rejects a strided window that does not fit: names the window (e.g. {@code 3x3 window}), the padded input and the
   * output it would give. The names are made only for the message: shapes are checked on every forward.
   */
  final void requireWindowFits(
      Shape x, int outH, int outW, Supplier<String> window, int padTop, int padBottom, int padLeft, int padRight) {
    if (outH >= 1 && outW >= 1) {
      return;
    }
    int paddedH = x.dim(1) + padTop + padBottom;
    int paddedW = x.dim(2) + padLeft + padRight;
    throw error(node.op() + ": the " + window.get() + " does not fit input " + x + " padded by "
        + Arrays.toString(new int[] {padTop, padBottom, padLeft, padRight}) + " to " + paddedH + "x" + paddedW
        + " (output would be " + Math.max(outH, 0) + "x" + Math.max(outW, 0)
        + "); the model input is too small for the strides and windows up to here");
  }

  final List<Shape> shapes(List<Tensor> tensors) {
    List<Shape> out = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) {
      out.add(t.shape());
    }
    return out;
  }

  /** A new output tensor for these inputs, owned by the executor. */
  final Tensor allocateOutput(ExecutionContext ctx, List<Tensor> inputs) {
    ShapeMemo memo = shapeMemo;
    if (memo != null && memo.matches(inputs)) {
      return ctx.allocate(memo.output());
    }
    List<Shape> shapes = shapes(inputs);
    Shape output = outputShape(shapes);
    shapeMemo = new ShapeMemo(shapes.toArray(Shape[]::new), output);
    return ctx.allocate(output);
  }

  /** {@link #allocateOutput(ExecutionContext, List)} for the one input {@code x}. */
  final Tensor allocateOutput(ExecutionContext ctx, Tensor x) {
    ShapeMemo memo = shapeMemo;
    return memo != null && memo.matches(x) ? ctx.allocate(memo.output()) : allocateOutput(ctx, List.of(x));
  }

  /**
   * The last input shapes {@link #allocateOutput} derived an output shape from, and that shape: every forward at one
   * input size repeats them, and deriving it again would allocate. Immutable, so threads may share it; one that
   * reads a memo of other shapes derives its own.
   */
  private record ShapeMemo(Shape[] inputs, Shape output) {
    boolean matches(List<Tensor> tensors) {
      if (tensors.size() != inputs.length) {
        return false;
      }
      for (int i = 0; i < inputs.length; i++) {
        if (!inputs[i].equals(tensors.get(i).shape())) {
          return false;
        }
      }
      return true;
    }

    boolean matches(Tensor x) {
      return inputs.length == 1 && inputs[0].equals(x.shape());
    }
  }

  /**
   * The one input gradient of a single-input layer as {@link Layer#backward} returns it; {@code dx} may be null
   * where the input needs none.
   */
  static List<Tensor> oneGradient(Tensor dx) {
    return Collections.singletonList(dx);
  }

  /** {@code <node name>.<suffix>}, made once per suffix: kernels look parameters up by it on every forward. */
  final String parameterName(String suffix) {
    String name = parameterNames.get(suffix);
    if (name == null) {
      name = node.name() + "." + suffix;
      parameterNames.put(suffix, name);
    }
    return name;
  }

  /** An integer-list attribute (pair or quad, shorthand expanded), its default, or null when neither is set. */
  final int[] ints(String attribute) {
    Object value = valueOrDefault(attribute);
    return value == null ? null : spec(attribute).type().ints(value);
  }

  final int integer(String attribute) {
    return ints(attribute)[0];
  }

  final double number(String attribute) {
    return ((Number) valueOrDefault(attribute)).doubleValue();
  }

  final boolean flag(String attribute) {
    return (Boolean) valueOrDefault(attribute);
  }

  private Object valueOrDefault(String attribute) {
    Object value = node.attributes().get(attribute);
    return value != null ? value : spec(attribute).defaultValue();
  }

  private AttributeSpec spec(String attribute) {
    AttributeSpec a = spec.attribute(attribute);
    if (a == null) {
      throw new IllegalStateException(node.op() + " has no attribute " + attribute);
    }
    return a;
  }
}
