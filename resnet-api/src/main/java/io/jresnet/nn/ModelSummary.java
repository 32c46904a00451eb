package io.jresnet.nn;

import io.jresnet.graph.Graph;
import io.jresnet.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a graph computes and costs, node by node, worked out from shapes alone (no backend): output shapes,
 * parameter counts and multiply-accumulates (convolutions and dense layers only; elementwise work, pooling and
 * batch-norm count 0, as in the usual ResNet MAC figures). Batch-norm running statistics count as non-trainable
 * parameters, as in Keras.
 *
 * @param model the graph's name
 * @param batch the batch size the shapes and MACs are for
 * @param rows the graph input first, then one per node in graph order
 */
public record ModelSummary(String model, int batch, List<SummaryRow> rows) {
  public ModelSummary {
    Objects.requireNonNull(model, "model");
    rows = List.copyOf(rows);
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
  }

  /** The summary at batch 1. */
  public static ModelSummary of(Graph graph) {
    return of(graph, 1);
  }

  /**
   * The summary at batch {@code batch} (MACs scale with it; parameters do not).
   *
   * @throws io.jresnet.ShapeException naming the first node whose shapes do not fit
   * @throws io.jresnet.graph.InvalidNodeException for a node with an unknown op or bad attributes
   */
  public static ModelSummary of(Graph graph, int batch) {
    List<Layer> layers = Layers.createAll(graph);
    Map<String, Shape> shapes = ShapeInference.infer(graph, layers, graph.inputShape().prependBatch(batch));
    List<SummaryRow> rows = new ArrayList<>();
    rows.add(new SummaryRow(Graph.INPUT, "input", shapes.get(Graph.INPUT), List.of(), 0, 0, 0));
    for (Layer layer : layers) {
      List<Shape> inputs = ShapeInference.inputShapes(layer.node(), shapes);
      long params = 0;
      long trainable = 0;
      for (ParameterSpec spec : layer.parameters(inputs)) {
        long n = spec.shape().elementCount();
        params += n;
        trainable += spec.trainable() ? n : 0;
      }
      rows.add(
          new SummaryRow(
              layer.node().name(),
              layer.node().op(),
              shapes.get(layer.node().name()),
              layer.node().inputs(),
              params,
              trainable,
              layer.macs(inputs)));
    }
    return new ModelSummary(graph.name(), batch, rows);
  }

  public long totalParameters() {
    return rows.stream().mapToLong(SummaryRow::parameters).sum();
  }

  public long trainableParameters() {
    return rows.stream().mapToLong(SummaryRow::trainableParameters).sum();
  }

  /** Batch-norm running statistics. */
  public long nonTrainableParameters() {
    return totalParameters() - trainableParameters();
  }

  /** Multiply-accumulates of one forward pass at {@link #batch()}. */
  public long macs() {
    return rows.stream().mapToLong(SummaryRow::macs).sum();
  }

  /**
   * A Keras-style table: one row per node with "Layer (type)", "Output Shape", "Param #" and "Connected to", then
   * the totals ({@code Total params: 23,600,006}, trainable, non-trainable, multiply-accumulates).
   */
  public String toTable() {
    String[] header = {"Layer (type)", "Output Shape", "Param #", "Connected to"};
    List<String[]> cells = new ArrayList<>();
    for (SummaryRow row : rows) {
      cells.add(
          new String[] {
            row.name() + " (" + row.op() + ")",
            row.outputShape().toString(),
            grouped(row.parameters()),
            row.inputs().isEmpty() ? "" : String.join(", ", row.inputs())
          });
    }
    int[] widths = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      widths[c] = header[c].length();
      for (String[] line : cells) {
        widths[c] = Math.max(widths[c], line[c].length());
      }
    }
    int total = widths[0] + widths[1] + widths[2] + widths[3] + 2 * 3 + 1;
    StringBuilder out = new StringBuilder();
    out.append("Model: \"").append(model).append("\" (batch ").append(batch).append(")\n");
    out.append("_".repeat(total)).append('\n');
    appendLine(out, header, widths);
    out.append("=".repeat(total)).append('\n');
    for (String[] line : cells) {
      appendLine(out, line, widths);
    }
    out.append("=".repeat(total)).append('\n');
    out.append("Total params: ").append(grouped(totalParameters())).append('\n');
    out.append("Trainable params: ").append(grouped(trainableParameters())).append('\n');
    out.append("Non-trainable params: ").append(grouped(nonTrainableParameters())).append('\n');
    out.append("Multiply-accumulates: ").append(grouped(macs())).append(" (").append(scaled(macs())).append(")\n");
    out.append("_".repeat(total)).append('\n');
    return out.toString();
  }

  private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder(" ");
    for (int c = 0; c < cells.length; c++) {
      line.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", cells[c]));
      if (c < cells.length - 1) {
        line.append("  ");
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /** {@code 23600006 -> "23,600,006"}. */
  static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 4089184256 -> "4.09 G"}. */
  static String scaled(long n) {
    if (n >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.2f G", n / 1e9);
    }
    if (n >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.2f M", n / 1e6);
    }
    if (n >= 1_000L) {
      return String.format(Locale.ROOT, "%.2f K", n / 1e3);
    }
    return Long.toString(n);
  }
}
