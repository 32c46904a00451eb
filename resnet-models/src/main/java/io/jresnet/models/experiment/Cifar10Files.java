package io.jresnet.models.experiment;

import java.nio.file.Path;
import java.util.List;

/**
 * CIFAR-10 binary batch files ({@link DatasetKind#CIFAR10}), read in order.
 *
 * @param files at least one, e.g. {@code data_batch_1.bin} ... {@code data_batch_5.bin}
 */
public record Cifar10Files(List<Path> files) implements DataSource {
  public Cifar10Files {
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("CIFAR-10 data needs at least one batch file");
    }
  }

  @Override
  public List<Path> paths() {
    return files;
  }
}
