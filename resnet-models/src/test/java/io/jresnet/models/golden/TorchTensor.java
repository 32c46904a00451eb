package io.jresnet.models.golden;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 tensor in PyTorch layout as it appears in a torchvision {@code state_dict}.
 *
 * @param name state_dict name, e.g. {@code layer1.0.conv1.weight}
 * @param shape PyTorch shape ({@code OIHW} conv, {@code [out, in]} linear, 1-D vectors)
 * @param values row-major elements, {@code product(shape)} of them
 */
public record TorchTensor(String name, int[] shape, float[] values) {
  public TorchTensor {
    Objects.requireNonNull(name, "name");
    shape = shape.clone();
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    if (count != values.length) {
      throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape) + " ("
          + count + " elements) but " + values.length + " values");
    }
  }

  /** The tensor {@code name} of PyTorch shape {@code shape} with values from {@link CounterWeights}. */
  public static TorchTensor counter(String name, int[] shape) {
    return new TorchTensor(name, shape, CounterWeights.tensor(name, shape));
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }
}
