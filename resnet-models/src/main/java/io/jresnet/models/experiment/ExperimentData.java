package io.jresnet.models.experiment;

import io.jresnet.ConfigException;
import io.jresnet.models.InputSpec;
import io.jresnet.models.data.Augmentation;
import io.jresnet.models.data.Cifar10Reader;
import io.jresnet.models.data.ClassNames;
import io.jresnet.models.data.DataLoader;
import io.jresnet.models.data.Dataset;
import io.jresnet.models.data.IdxReader;
import io.jresnet.models.data.ImageFolderDataset;
import io.jresnet.models.data.KerasHdf5Reader;
import io.jresnet.models.data.LoaderOptions;
import io.jresnet.models.data.Normalization;
import io.jresnet.models.data.NpyPairReader;
import io.jresnet.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Opens an experiment's data sets and loaders. Each split is checked against the model: its examples must have the
 * model's input shape, and its labels must be classes the model has.
 */
public final class ExperimentData {
  /** The file of class names, one per line, that a split of IDX, {@code .npy} or CIFAR-10 files may have beside it. */
  static final String CLASS_NAMES = "classes.txt";

  private static final int CIFAR10_CLASSES = 10;

  private ExperimentData() {}

  /**
   * The training split ({@code train} true) or the test split, limited as the experiment says.
   *
   * @throws io.jresnet.models.data.DataException naming the file at fault
   * @throws ConfigException naming the experiment file when the data do not fit the model
   */
  public static Dataset open(Experiment experiment, boolean train) {
    DataSpec data = experiment.data();
    InputSpec input = experiment.model().input();
    DataSource source = train ? data.train() : data.test();
    Dataset set =
        switch (source) {
          case PairedFiles(Path images, Path labels) ->
              data.kind() == DatasetKind.IDX
                  ? IdxReader.read(images, labels, classNames(images))
                  : NpyPairReader.read(images, labels, classNames(images));
          case Cifar10Files(List<Path> files) ->
              Cifar10Reader.read(
                  files,
                  Objects.requireNonNullElse(
                      classNamesOr(files.getFirst(), "batches.meta.txt"), ClassNames.numbered(CIFAR10_CLASSES)));
          case ImageFolder(Path root) ->
              ImageFolderDataset.open(root, input.height(), input.width(), input.channels());
          case Hdf5File(Path file) -> KerasHdf5Reader.read(file);
        };
    String split = train ? "train" : "test";
    Shape expected = Shape.of(input.height(), input.width(), input.channels());
    if (!set.exampleShape().equals(expected)) {
      throw new ConfigException(
          experiment.file(), "/data/" + split, 0, 0,
          "the " + split + " examples are " + describe(set.exampleShape()) + " but the model takes "
              + describe(expected) + "; set model.input to the data's size");
    }
    int classes = experiment.model().head().classes();
    if (set.classCount() > classes) {
      throw new ConfigException(
          experiment.file(), "/data/" + split, 0, 0,
          "the " + split + " data have " + set.classCount() + " classes but the model has " + classes
              + "; set model.classes to " + set.classCount());
    }
    int limit = train ? data.trainLimit() : data.testLimit();
    return limit > 0 && limit < set.size() ? new FirstExamples(set, limit) : set;
  }

  /** The shuffled, augmented loader of the training split. */
  public static DataLoader trainLoader(Experiment experiment, Dataset set) {
    AugmentationSpec a = experiment.data().augmentation();
    return new DataLoader(
        set,
        LoaderOptions.training(experiment.batchSize(), experiment.seed())
            .withAugmentation(new Augmentation(a.cropPadding(), a.horizontalFlip()))
            .withNormalization(normalization(experiment)));
  }

  /** The loader of the test split: data-set order, no augmentation. */
  public static DataLoader testLoader(Experiment experiment, Dataset set) {
    return new DataLoader(
        set, LoaderOptions.evaluation(experiment.batchSize()).withNormalization(normalization(experiment)));
  }

  private static Normalization normalization(Experiment experiment) {
    AugmentationSpec a = experiment.data().augmentation();
    return new Normalization(a.scale(), a.mean(), a.std());
  }

  private static List<String> classNames(Path dataFile) {
    return classNamesOr(dataFile, CLASS_NAMES);
  }

  /** The names in {@code fileName} beside {@code dataFile}, or null (numbered classes) when there is none. */
  private static List<String> classNamesOr(Path dataFile, String fileName) {
    Path names = dataFile.resolveSibling(fileName);
    return Files.isRegularFile(names) ? ClassNames.read(names) : null;
  }

  private static String describe(Shape hwc) {
    return hwc.dim(0) + "x" + hwc.dim(1) + "x" + hwc.dim(2);
  }
}
