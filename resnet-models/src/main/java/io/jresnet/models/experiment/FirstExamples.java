package io.jresnet.models.experiment;

import io.jresnet.models.data.Dataset;
import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Objects;

/** The first {@code size} examples of another data set (an experiment's {@code limit}), with all its classes. */
record FirstExamples(Dataset all, int size) implements Dataset {
  FirstExamples {
    Objects.requireNonNull(all, "all");
    if (size < 1 || size > all.size()) {
      throw new IllegalArgumentException("a limit must be in 1.." + all.size() + ", got " + size);
    }
  }

  @Override
  public Shape exampleShape() {
    return all.exampleShape();
  }

  @Override
  public List<String> classNames() {
    return all.classNames();
  }

  @Override
  public void example(int index, float[] dst, int offset) {
    all.example(Objects.checkIndex(index, size), dst, offset);
  }

  @Override
  public int label(int index) {
    return all.label(Objects.checkIndex(index, size));
  }
}
