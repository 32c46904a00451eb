package io.jresnet.models.experiment;

import java.nio.file.Path;
import java.util.List;

/**
 * Where one split (train or test) of an experiment's data lives; which variant depends on the {@link DatasetKind}.
 * Every path is absolute (the experiment reader resolves relative ones against the experiment file's folder).
 */
public sealed interface DataSource permits PairedFiles, Cifar10Files, ImageFolder, Hdf5File {
  /** The files or folders this split reads, for messages and existence checks. */
  List<Path> paths();
}
