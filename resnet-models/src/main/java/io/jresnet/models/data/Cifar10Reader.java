package io.jresnet.models.data;

import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR-10 binary version ({@code cifar-10-batches-bin}): files of 3073-byte records, each a label byte
 * followed by a 32x32 image as three 1024-byte planes (red, green, blue; rows top to bottom). Examples are {@code
 * [32, 32, 3]} HWC with values 0..255; the planes are interleaved on reading.
 */
public final class Cifar10Reader {
  /** Bytes of one record: 1 label byte and 32 * 32 * 3 pixel bytes. */
  public static final int RECORD_BYTES = 3073;

  private static final int SIDE = 32;
  private static final int PLANE = SIDE * SIDE;
  private static final List<String> TRAIN_FILES =
      List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
  private static final String TEST_FILE = "test_batch.bin";
  private static final String META_FILE = "batches.meta.txt";

  private Cifar10Reader() {}

  /**
   * The training set ({@code data_batch_1.bin} .. {@code data_batch_5.bin}) or the test set ({@code test_batch.bin})
   * of {@code folder}, with the class names of its {@code batches.meta.txt}.
   *
   * @throws DataException naming the missing or faulty file, and for a bad record its index in that file
   */
  public static ByteDataset read(Path folder, boolean train) {
    if (!Files.isDirectory(folder)) {
      throw new DataException(folder, "no such folder (expected CIFAR-10 binary batches in it)");
    }
    List<Path> files = new ArrayList<>();
    for (String name : train ? TRAIN_FILES : List.of(TEST_FILE)) {
      files.add(folder.resolve(name));
    }
    return read(files, ClassNames.read(folder.resolve(META_FILE)));
  }

  /**
   * The records of {@code files}, in order, labelled with {@code classNames}.
   *
   * @throws DataException naming the file: missing, not a whole number of records (naming the incomplete one), or
   *     a record whose label is not below {@code classNames.size()}
   */
  public static ByteDataset read(List<Path> files, List<String> classNames) {
    long[] counts = new long[files.size()];
    long records = 0;
    for (int f = 0; f < files.size(); f++) {
      counts[f] = recordCount(files.get(f));
      records += counts[f];
    }
    if (records * (RECORD_BYTES - 1) > Integer.MAX_VALUE - 8) {
      throw new DataException(files.getFirst(), "the " + files.size() + " files hold " + records + " records, more"
          + " than one Java array holds");
    }
    byte[] pixels = new byte[(int) records * (RECORD_BYTES - 1)];
    int[] labels = new int[(int) records];
    int next = 0;
    for (int f = 0; f < files.size(); f++) {
      next = readFile(files.get(f), (int) counts[f], classNames, pixels, labels, next);
    }
    return new ByteDataset(Shape.of(SIDE, SIDE, 3), pixels, labels, classNames);
  }

  private static long recordCount(Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new DataException(file, "no such file");
    } catch (IOException e) {
      throw new DataException(file, "cannot read: " + e.getMessage(), e);
    }
    if (size % RECORD_BYTES != 0) {
      throw new DataException(file, "the file ends inside record " + size / RECORD_BYTES + " (" + size % RECORD_BYTES
          + " of its " + RECORD_BYTES + " bytes present); CIFAR-10 files are whole 3073-byte records");
    }
    return size / RECORD_BYTES;
  }

  private static int readFile(
      Path file, int count, List<String> classNames, byte[] pixels, int[] labels, int first) {
    byte[] record = new byte[RECORD_BYTES];
    int index = first;
    try (InputStream in = Files.newInputStream(file)) {
      for (int r = 0; r < count; r++, index++) {
        if (in.readNBytes(record, 0, RECORD_BYTES) != RECORD_BYTES) {
          throw new DataException(file, "the file ends inside record " + r + "; was it truncated while it was read?");
        }
        int label = record[0] & 0xFF;
        if (label >= classNames.size()) {
          throw new DataException(file, "record " + r + " has label " + label + "; there are " + classNames.size()
              + " classes, so labels lie in [0, " + classNames.size() + ")");
        }
        labels[index] = label;
        int out = index * (RECORD_BYTES - 1);
        for (int p = 0; p < PLANE; p++) {
          pixels[out++] = record[1 + p];
          pixels[out++] = record[1 + PLANE + p];
          pixels[out++] = record[1 + 2 * PLANE + p];
        }
      }
    } catch (IOException e) {
      throw new DataException(file, "cannot read: " + e.getMessage(), e);
    }
    return index;
  }
}
