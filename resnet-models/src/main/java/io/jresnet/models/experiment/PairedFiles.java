package io.jresnet.models.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An images file and a labels file ({@link DatasetKind#IDX} or {@link DatasetKind#NPY}).
 *
 * @param images IDX {@code [N, H, W]} (or {@code [N, H, W, C]}) images, or an NHWC {@code .npy}
 * @param labels IDX or {@code .npy} class indices, one per image
 */
public record PairedFiles(Path images, Path labels) implements DataSource {
  public PairedFiles {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
  }

  @Override
  public List<Path> paths() {
    return List.of(images, labels);
  }
}
