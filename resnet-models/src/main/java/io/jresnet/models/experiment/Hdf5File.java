package io.jresnet.models.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An HDF5 file in the Keras-notebook layout ({@link DatasetKind#HDF5}): {@code train_set_x}/{@code train_set_y} or
 * {@code test_set_x}/{@code test_set_y}, and {@code list_classes}.
 */
public record Hdf5File(Path file) implements DataSource {
  public Hdf5File {
    Objects.requireNonNull(file, "file");
  }

  @Override
  public List<Path> paths() {
    return List.of(file);
  }
}
