package io.jresnet.models.golden;

import java.util.Arrays;
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
    int[] inputShape,
    String inputSha256,
    String output,
    int[] outputShape,
    String outputSha256) {
  public GoldenCase {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(inputSha256, "inputSha256");
    Objects.requireNonNull(outputSha256, "outputSha256");
    if (inputShape.length != 4) {
      throw new IllegalArgumentException(
          "golden case " + model + "/" + input + ": input shape " + Arrays.toString(inputShape) + " is not NHWC");
    }
    if (outputShape.length != 2 || outputShape[0] != inputShape[0]) {
      throw new IllegalArgumentException("golden case " + model + "/" + output + ": output shape "
          + Arrays.toString(outputShape) + " is not [" + inputShape[0] + ", classes]");
    }
    inputShape = inputShape.clone();
    outputShape = outputShape.clone();
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public int[] outputShape() {
    return outputShape.clone();
  }

  public int batch() {
    return inputShape[0];
  }

  public int height() {
    return inputShape[1];
  }

  public int width() {
    return inputShape[2];
  }

  /** A short label for test reports: {@code resnet50 1x97x131x3}. */
  @Override
  public String toString() {
    StringBuilder label = new StringBuilder(model).append(' ');
    for (int i = 0; i < inputShape.length; i++) {
      label.append(i == 0 ? "" : "x").append(inputShape[i]);
    }
    return label.toString();
  }
}
