package io.jresnet.models.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A folder with one sub-folder of JPEG/PNG images per class ({@link DatasetKind#IMAGE_FOLDER}).
 *
 * @param root the folder whose sub-folders name the classes (sorted by name, as torchvision's ImageFolder)
 */
public record ImageFolder(Path root) implements DataSource {
  public ImageFolder {
    Objects.requireNonNull(root, "root");
  }

  @Override
  public List<Path> paths() {
    return List.of(root);
  }
}
