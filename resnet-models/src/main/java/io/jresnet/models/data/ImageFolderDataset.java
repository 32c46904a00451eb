package io.jresnet.models.data;

import io.jresnet.models.ExactResize;
import io.jresnet.models.Interpolation;
import io.jresnet.models.PreprocessingSpec;
import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of images with one sub-folder per class, as torchvision's {@code ImageFolder}: {@code root/<class>/*.jpg}
 * (or {@code .jpeg}, {@code .png}; any case). Classes are the sub-folder names sorted by their characters, labels
 * their positions; files are sorted by name within a class. Hidden entries and other files are ignored.
 *
 * <p>Images are decoded when asked for (on the loader's prefetch thread) and resized to {@code [H, W]} exactly with
 * the preprocessing code of inference ({@link ImagePreprocessor}, Pillow's bilinear filter): RGB for 3 channels, luma
 * for 1. Values are 0..255.
 */
public final class ImageFolderDataset implements Dataset {
  private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

  private final Path root;
  private final Shape exampleShape;
  private final List<String> classNames;
  private final List<Path> files;
  private final int[] labels;
  private final ImagePreprocessor preprocessor;

  private ImageFolderDataset(
      Path root, Shape exampleShape, List<String> classNames, List<Path> files, int[] labels) {
    this.root = root;
    this.exampleShape = exampleShape;
    this.classNames = classNames;
    this.files = files;
    this.labels = labels;
    int channels = exampleShape.dim(2);
    // Scale 1, mean 0, std 1: the data set yields raw 0..255 samples; the loader normalises.
    this.preprocessor = new ImagePreprocessor(new PreprocessingSpec(
        new ExactResize(exampleShape.dim(0), exampleShape.dim(1)), Optional.empty(), Interpolation.BILINEAR, 1.0,
        Collections.nCopies(channels, 0.0), Collections.nCopies(channels, 1.0)));
  }

  /**
   * Lists the classes and images under {@code root}; examples will be {@code [height, width, channels]}.
   *
   * @param channels 3 (RGB) or 1 (luma)
   * @throws DataException naming the folder when it is missing, has no class sub-folders, or a class sub-folder holds
   *     no JPEG/PNG file
   * @throws IllegalArgumentException when the size is not positive or channels is not 1 or 3
   */
  public static ImageFolderDataset open(Path root, int height, int width, int channels) {
    if (height < 1 || width < 1 || (channels != 1 && channels != 3)) {
      throw new IllegalArgumentException(
          "image folders yield [H, W, 1 or 3] examples with positive H, W; got " + height + "x" + width + "x" + channels);
    }
    if (!Files.isDirectory(root)) {
      throw new DataException(root, "no such folder (expected one sub-folder of images per class)");
    }
    List<Path> classDirs = list(root).stream().filter(Files::isDirectory).toList();
    if (classDirs.isEmpty()) {
      throw new DataException(root, "has no class sub-folders; an image folder holds one sub-folder per class");
    }
    List<String> names = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path classDir : classDirs) {
      List<Path> images = list(classDir).stream().filter(ImageFolderDataset::isImage).toList();
      if (images.isEmpty()) {
        throw new DataException(classDir, "holds no .jpg, .jpeg or .png file; every class folder needs images");
      }
      for (Path image : images) {
        files.add(image);
        labels.add(names.size());
      }
      names.add(classDir.getFileName().toString());
    }
    return new ImageFolderDataset(root, Shape.of(height, width, channels), List.copyOf(names), List.copyOf(files),
        labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The image file of example {@code index}. */
  public Path file(int index) {
    return files.get(index);
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public Shape exampleShape() {
    return exampleShape;
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  /**
   * @throws DataException naming the file and the example when the image cannot be decoded
   */
  @Override
  public void example(int index, float[] dst, int offset) {
    Path file = files.get(index);
    float[] pixels;
    try {
      pixels = preprocessor.load(file);
    } catch (DataException e) {
      throw new DataException(file, "example " + index + " of " + root + ": " + DataErrors.problem(e, file), e);
    }
    System.arraycopy(pixels, 0, dst, offset, pixels.length);
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  private static List<Path> list(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new DataException(folder, "cannot list the folder: " + e.getMessage(), e);
    }
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(file) && EXTENSIONS.stream().anyMatch(name::endsWith);
  }
}
