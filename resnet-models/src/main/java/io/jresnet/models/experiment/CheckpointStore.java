package io.jresnet.models.experiment;

import io.jresnet.ConfigException;
import io.jresnet.WeightsException;
import io.jresnet.graph.GraphJson;
import io.jresnet.io.AtomicFiles;
import io.jresnet.io.HostTensor;
import io.jresnet.io.SafetensorsFile;
import io.jresnet.io.SafetensorsWriter;
import io.jresnet.models.interop.TorchvisionWeights;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one run in its output folder (DESIGN §6): {@code epoch-0001/}, {@code epoch-0002/}, ..., a
 * {@code latest} file naming the newest complete one and a {@code best} file naming the one with the best test
 * accuracy.
 *
 * <p>Crash safety: a checkpoint is written into a hidden temporary sibling ({@code .epoch-0003.<random>.tmp}), every
 * file forced to disk, the folder forced, and only then renamed into place in one atomic step; the pointers are
 * replaced atomically afterwards ({@link AtomicFiles}). A kill at any moment therefore leaves {@code latest} naming
 * a complete checkpoint: the previous one until the rename of the pointer, the new one after. Leftover temporary
 * folders are deleted by the next save.
 */
public final class CheckpointStore {
  /** The pointer to the newest checkpoint. */
  public static final String LATEST = "latest";
  /** The pointer to the checkpoint with the best test accuracy. */
  public static final String BEST = "best";

  static final String MODEL = "model.json";
  static final String WEIGHTS = "weights.safetensors";
  static final String OPTIMIZER = "optimizer.safetensors";
  static final String STATE = "state.json";
  private static final List<String> FILES = List.of(MODEL, WEIGHTS, OPTIMIZER, STATE);
  private static final Pattern EPOCH_DIR = Pattern.compile("epoch-\\d{4,}");
  private static final Map<String, String> WEIGHTS_METADATA = Map.of("format", "pt");

  /** Called after each file of a checkpoint is written; tests throw from it to simulate a crash. */
  @FunctionalInterface
  interface FileWritten {
    void after(String fileName) throws IOException;
  }

  private final Path root;
  private final int keep;
  private final FileWritten fileWritten;

  /**
   * @param root the run's output folder (created on the first save)
   * @param keep how many epoch checkpoints to keep, >= 1; the best one is kept besides them
   */
  public CheckpointStore(Path root, int keep) {
    this(root, keep, fileName -> {});
  }

  CheckpointStore(Path root, int keep, FileWritten fileWritten) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep at least one checkpoint, got " + keep);
    }
    this.root = root.toAbsolutePath().normalize();
    this.keep = keep;
    this.fileWritten = fileWritten;
  }

  public Path root() {
    return root;
  }

  /** The folder name of the checkpoint after {@code epoch}: {@code epoch-0003}. */
  public static String folderName(int epoch) {
    return String.format("epoch-%04d", epoch);
  }

  /**
   * Writes {@code checkpoint} as the folder of its epoch, points {@code latest} at it (and {@code best} when
   * {@code best}), then deletes epoch checkpoints beyond the newest {@code keep} (never the best one).
   *
   * @return the checkpoint's folder
   * @throws UncheckedIOException when the file system fails; {@code latest} still names the previous checkpoint
   */
  public Path save(Checkpoint checkpoint, boolean best) {
    String name = folderName(checkpoint.state().epoch());
    Path target = root.resolve(name);
    try {
      Files.createDirectories(root);
      deleteTemporaries();
      Path temporary = root.resolve("." + name + "." + randomSuffix() + ".tmp");
      Files.createDirectory(temporary);
      try {
        writeFiles(checkpoint, temporary);
        force(temporary);
        replaceDirectory(temporary, target);
      } catch (IOException | RuntimeException e) {
        deleteTree(temporary);
        throw e;
      }
      force(root);
      AtomicFiles.write(root.resolve(LATEST), (name + "\n").getBytes(StandardCharsets.UTF_8));
      if (best) {
        AtomicFiles.write(root.resolve(BEST), (name + "\n").getBytes(StandardCharsets.UTF_8));
      }
      prune();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
    return target;
  }

  private void writeFiles(Checkpoint checkpoint, Path dir) throws IOException {
    AtomicFiles.write(dir.resolve(MODEL), GraphJson.write(checkpoint.graph()).getBytes(StandardCharsets.UTF_8));
    fileWritten.after(MODEL);
    List<ParameterSpec> specs = Parameters.specs(checkpoint.graph());
    SafetensorsWriter.write(
        dir.resolve(WEIGHTS), TorchvisionWeights.toStateDict(checkpoint.weights(), specs), WEIGHTS_METADATA);
    fileWritten.after(WEIGHTS);
    SafetensorsWriter.write(dir.resolve(OPTIMIZER), checkpoint.optimizerState());
    fileWritten.after(OPTIMIZER);
    AtomicFiles.write(
        dir.resolve(STATE), TrainingStateJson.write(checkpoint.state()).getBytes(StandardCharsets.UTF_8));
    fileWritten.after(STATE);
  }

  /** The checkpoint {@code latest} names, if there is one. */
  public Optional<Path> latest() {
    return pointer(LATEST);
  }

  /** The checkpoint {@code best} names, if there is one. */
  public Optional<Path> best() {
    return pointer(BEST);
  }

  private Optional<Path> pointer(String pointerName) {
    Path file = root.resolve(pointerName);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String name = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!EPOCH_DIR.matcher(name).matches()) {
        throw new ConfigException(file, null, 0, 0, "expected a checkpoint folder name like epoch-0003, got '"
            + name + "'");
      }
      return Optional.of(root.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The checkpoint folder {@code path} means: itself when it holds a {@code state.json}, else the one its
   * {@code pointerName} file names (a run's output folder).
   *
   * @throws ConfigException naming the path when it is neither
   */
  public static Path resolve(Path path, String pointerName) {
    if (Files.isRegularFile(path.resolve(STATE))) {
      return path;
    }
    if (Files.isRegularFile(path.resolve(pointerName))) {
      return new CheckpointStore(path, 1).pointer(pointerName).orElseThrow();
    }
    throw new ConfigException(
        path, null, 0, 0,
        Files.isDirectory(path)
            ? "not a checkpoint (no " + STATE + ") and not a run folder (no '" + pointerName + "' file)"
            : "no such checkpoint folder");
  }

  /**
   * Reads the checkpoint in {@code dir}.
   *
   * @throws ConfigException for a missing file or a bad {@code model.json}/{@code state.json}, naming it
   * @throws WeightsException for bad weights or optimizer files, naming the file and tensor
   */
  public static Checkpoint load(Path dir) {
    for (String file : FILES) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        throw new ConfigException(dir.resolve(file), null, 0, 0, "missing: the checkpoint is incomplete");
      }
    }
    var graph = GraphJson.read(dir.resolve(MODEL));
    Map<String, float[]> weights = TorchvisionWeights.read(dir.resolve(WEIGHTS), Parameters.specs(graph));
    Map<String, HostTensor> optimizer;
    try (SafetensorsFile in = SafetensorsFile.open(dir.resolve(OPTIMIZER))) {
      optimizer = in.readAll();
    }
    Path stateFile = dir.resolve(STATE);
    String stateJson;
    try {
      stateJson = Files.readString(stateFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(stateFile, null, 0, 0, "cannot read: " + e.getMessage());
    }
    return new Checkpoint(graph, weights, optimizer, TrainingStateJson.read(stateJson, stateFile.toString()));
  }

  /** Deletes epoch folders beyond the newest {@code keep}, except those a pointer names. */
  private void prune() throws IOException {
    List<Path> epochs;
    try (Stream<Path> children = Files.list(root)) {
      epochs =
          children
              .filter(p -> EPOCH_DIR.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
              .sorted(Comparator.comparing(p -> p.getFileName().toString()))
              .toList();
    }
    Optional<Path> latest = latest();
    Optional<Path> best = best();
    for (Path dir : epochs.subList(0, Math.max(0, epochs.size() - keep))) {
      if (!latest.equals(Optional.of(dir)) && !best.equals(Optional.of(dir))) {
        deleteTree(dir);
      }
    }
  }

  /** Temporary folders a killed save left behind. */
  private void deleteTemporaries() throws IOException {
    try (Stream<Path> children = Files.list(root)) {
      for (Path p : children.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(".epoch-") && (name.endsWith(".tmp") || name.endsWith(".old"))) {
          deleteTree(p);
        }
      }
    }
  }

  /**
   * Renames {@code source} to {@code target}; an existing {@code target} (an epoch re-run after a resume, which no
   * pointer names yet) is first moved aside, since a folder cannot be renamed over a non-empty one.
   */
  private static void replaceDirectory(Path source, Path target) throws IOException {
    Path aside = null;
    if (Files.exists(target)) {
      aside = target.resolveSibling("." + target.getFileName() + "." + randomSuffix() + ".old");
      move(target, aside);
    }
    move(source, target);
    if (aside != null) {
      deleteTree(aside);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static String randomSuffix() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  // Makes renames and new entries in a folder durable; some platforms (Windows) cannot open folders, and there the
  // rename is durable without it.
  private static void force(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort only, as in AtomicFiles.
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
