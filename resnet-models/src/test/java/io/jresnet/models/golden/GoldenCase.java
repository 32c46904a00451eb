package io.jresnet.models.golden;

import io.jresnet.tensor.Shape;
import java.util.Objects;

/**
 * One golden case of {@code golden/manifest.json}: a zoo model, an NHWC input file and torchvision's output for it.
 *
 * @param model zoo name, e.g. {@code resnet50}
 * @param input file name of the float32 {@code [N, H, W, C]} input, beside the manifest
 * @param inputShape {@code [N, H, W, C]}
 * @param inputSha256 SHA-256 of the input file, lower-case hex
 * @param output file name of the float32 {@code [N, classes]} reference output
 * @param outputShape {@code [N, classes]}
 * @param outputSha256 SHA-256 of the output file, lower-case hex
 */
public record GoldenCase(
    String model,
    String input,
    Shape inputShape,
    String inputSha256,
    String output,
    Shape outputShape,
    String outputSha256) {
  public GoldenCase {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(inputSha256, "inputSha256");
    Objects.requireNonNull(outputSha256, "outputSha256");
    if (inputShape.rank() != 4) {
      throw new IllegalArgumentException(
          "golden case " + model + "/" + input + ": input shape " + inputShape + " is not NHWC");
    }
    if (outputShape.rank() != 2 || outputShape.dim(0) != inputShape.dim(0)) {
      throw new IllegalArgumentException("golden case " + model + "/" + output + ": output shape " + outputShape
          + " is not [" + inputShape.dim(0) + ", classes]");
    }
  }

  public int batch() {
    return inputShape.dim(0);
  }

  public int height() {
    return inputShape.dim(1);
  }

  public int width() {
    return inputShape.dim(2);
  }

  /** A short label for test reports: {@code resnet50 1x97x131x3}. */
  @Override
  public String toString() {
    StringBuilder label = new StringBuilder(model).append(' ');
    for (int i = 0; i < inputShape.rank(); i++) {
      label.append(i == 0 ? "" : "x").append(inputShape.dim(i));
    }
    return label.toString();
  }
}
