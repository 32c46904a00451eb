package io.jresnet.nn;

import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * One line of a {@link ModelSummary}: a node (or the graph input) with what it produces and costs.
 *
 * @param name node name ({@code input} for the graph input)
 * @param op the node's op ({@code input} for the graph input)
 * @param outputShape with the summary's batch size
 * @param inputs the names of the values it reads
 * @param parameters scalar parameter values the node owns, trainable or not
 * @param trainableParameters those of {@code parameters} an optimizer updates (all but batch-norm running stats)
 * @param macs multiply-accumulates of one forward pass at the summary's batch size
 */
public record SummaryRow(
    String name,
    String op,
    Shape outputShape,
    List<String> inputs,
    long parameters,
    long trainableParameters,
    long macs) {
  public SummaryRow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(outputShape, "outputShape");
    inputs = List.copyOf(inputs);
    if (parameters < 0 || trainableParameters < 0 || trainableParameters > parameters || macs < 0) {
      throw new IllegalArgumentException("inconsistent counts for " + name);
    }
  }
}
