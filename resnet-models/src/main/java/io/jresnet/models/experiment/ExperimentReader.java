package io.jresnet.models.experiment;

import io.jresnet.ConfigException;
import io.jresnet.ShapeException;
import io.jresnet.models.LocatedJson;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ModelSpecReader;
import io.jresnet.models.NumberRange;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.SpecObject;
import io.jresnet.models.Zoo;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an {@link Experiment} from JSON, validating every field with the model-spec machinery: errors are
 * {@link ConfigException}s naming the file, the JSON pointer, line:column and what is allowed. Relative paths
 * (model spec, data, output) are resolved against the experiment file's folder. The model is resolved and expanded
 * into a graph while reading, so an input size its strides cannot take is reported here, at {@code /model/input}.
 *
 * <p>The format, with defaults for the optional fields:
 *
 * <pre>{@code
 * {"name": "fashion-mnist",
 *  "model": {"spec": "resnet20", "input": {"height": 28, "width": 28, "channels": 1}, "classes": 10},
 *  "data": {"kind": "idx",
 *           "train": {"images": "train-images-idx3-ubyte.gz", "labels": "train-labels-idx1-ubyte.gz", "limit": 0},
 *           "test": {"images": "t10k-images-idx3-ubyte.gz", "labels": "t10k-labels-idx1-ubyte.gz"},
 *           "augmentation": {"crop_padding": 0, "horizontal_flip": false, "scale": 0.00392156862745098,
 *                            "mean": [0.0], "std": [1.0]}},
 *  "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.0, "nesterov": false, "weight_decay": 0.0,
 *                "decay_norm_and_bias": true},
 *  "schedule": {"type": "constant", "warmup_epochs": 0},
 *  "epochs": 10, "batch_size": 128, "seed": 0, "label_smoothing": 0.0, "backend": "auto",
 *  "output": "runs/fashion-mnist", "keep_checkpoints": 2}
 * }</pre>
 *
 * Split objects by kind: {@code idx} and {@code npy} take {@code images} and {@code labels}; {@code cifar10} takes
 * {@code files} (an array); {@code image_folder} takes {@code dir}; {@code hdf5} takes {@code file}. Adam and AdamW
 * take {@code beta1}, {@code beta2}, {@code epsilon} instead of {@code momentum} and {@code nesterov}. Schedules:
 * {@code step} takes {@code step_epochs} and {@code gamma}, {@code multi_step} {@code milestones} and
 * {@code gamma}, {@code cosine} {@code min_lr}, {@code one_cycle} {@code div_factor} and {@code pct_start}.
 */
public final class ExperimentReader {
  static final int MAX_EPOCHS = 100_000;
  static final int MAX_BATCH = 65_536;
  static final int MAX_CROP_PADDING = 64;
  static final int MAX_KEPT_CHECKPOINTS = 1000;
  private static final Pattern BACKEND_NAME = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final List<String> SGD_FIELDS = List.of("momentum", "nesterov");
  private static final List<String> ADAM_FIELDS = List.of("beta1", "beta2", "epsilon");

  private ExperimentReader() {}

  /** Reads the experiment in {@code file} (UTF-8); relative paths in it are relative to its folder. */
  public static Experiment read(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    try {
      return read(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString(), absolute.getParent());
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, null, 0, 0, "no such file");
    } catch (IOException e) {
      throw new ConfigException(file, null, 0, 0, "cannot read the file: " + e.getMessage());
    }
  }

  /** Parses {@code json}; {@code source} names it in errors; relative paths resolve against {@code baseDir}. */
  public static Experiment parse(String json, String source, Path baseDir) {
    return read(new StringReader(json), source, baseDir);
  }

  private static Experiment read(Reader json, String source, Path baseDir) {
    LocatedJson doc = LocatedJson.parse(json, source);
    try {
      return new Parser(doc, baseDir.toAbsolutePath()).experiment();
    } catch (IllegalArgumentException e) {
      // The records check their invariants again; every one is validated with a pointer first, so this is a net.
      throw new ConfigException(source, "", 0, 0, e.getMessage());
    }
  }

  /** One document being read; holds the folder relative paths resolve against. */
  private record Parser(LocatedJson doc, Path baseDir) {
    Experiment experiment() {
      SpecObject root =
          SpecObject.root(
              doc, "name", "description", "model", "data", "optimizer", "schedule", "epochs", "batch_size", "seed",
              "label_smoothing", "backend", "output", "keep_checkpoints");
      String name = root.requiredString("name");
      if (name.isBlank()) {
        throw root.error("name", "the name must not be blank");
      }
      root.optionalString("description", "");
      SpecObject modelObject = root.requiredObject("model", "spec", "input", "classes");
      ModelSpec model = model(modelObject);
      int epochs = root.requiredInt("epochs", 1, MAX_EPOCHS);
      OptimizerSpec optimizer =
          optimizer(
              root.requiredObject(
                  "optimizer", "type", "lr", "momentum", "nesterov", "weight_decay", "beta1", "beta2", "epsilon",
                  "decay_norm_and_bias"));
      String backend = root.optionalString("backend", "auto");
      if (!BACKEND_NAME.matcher(backend).matches()) {
        throw root.error("backend", "'" + backend + "' is not a backend name; allowed values: 'auto', 'cpu', 'cuda'");
      }
      return new Experiment(
          doc.source(),
          name,
          model,
          modelObject.requiredString("spec"),
          data(root.requiredObject("data", "kind", "train", "test", "augmentation"), model.input().channels()),
          optimizer,
          schedule(root, epochs, optimizer.lr()),
          epochs,
          root.requiredInt("batch_size", 1, MAX_BATCH),
          root.optionalInt("seed", 0, Integer.MAX_VALUE, 0),
          root.optionalNumber("label_smoothing", new NumberRange(0, true, 1, false), 0),
          backend,
          resolve(root, "output", root.requiredString("output")),
          root.optionalInt("keep_checkpoints", 1, MAX_KEPT_CHECKPOINTS, 2));
    }

    private ModelSpec model(SpecObject m) {
      String spec = m.requiredString("spec");
      ModelSpec model;
      if (Zoo.contains(spec)) {
        model = Zoo.load(spec);
      } else {
        Path file = resolve(m, "spec", spec);
        if (!Files.isRegularFile(file)) {
          throw m.error(
              "spec",
              "'" + spec + "' is no zoo model and no file (looked for " + file + "); give a zoo model ("
                  + String.join(", ", Zoo.names()) + ") or the path of a JSON spec");
        }
        model = ModelSpecReader.read(file);
      }
      var input = m.optionalObject("input", "height", "width", "channels");
      if (input.isPresent()) {
        SpecObject in = input.get();
        int height = in.optionalInt("height", 1, 16384, model.input().height());
        int width = in.optionalInt("width", 1, 16384, model.input().width());
        int channels = in.optionalInt("channels", 1, 65536, model.input().channels());
        // Another channel count drops the spec's preprocessing (for 'resnet predict'); training normalises with
        // the experiment's own augmentation section anyway.
        model = model.withInput(height, width, channels);
      }
      if (m.has("classes")) {
        model = model.withClasses(m.requiredInt("classes", 1, 1_000_000));
      }
      try {
        ResNetBuilder.build(model);
      } catch (ShapeException e) {
        throw m.error(
            input.isPresent() ? "input" : "spec",
            "the model does not fit a " + model.input().height() + "x" + model.input().width() + " input: "
                + e.getMessage());
      }
      return model;
    }

    private DataSpec data(SpecObject d, int channels) {
      DatasetKind kind = d.choice("kind", DatasetKind.class, null);
      List<String> fields = splitFields(kind);
      SpecObject train = d.requiredObject("train", fields.toArray(String[]::new));
      SpecObject test = d.requiredObject("test", fields.toArray(String[]::new));
      return new DataSpec(
          kind,
          source(train, kind),
          source(test, kind),
          train.optionalInt("limit", 0, Integer.MAX_VALUE, 0),
          test.optionalInt("limit", 0, Integer.MAX_VALUE, 0),
          augmentation(
              d.optionalObject("augmentation", "crop_padding", "horizontal_flip", "scale", "mean", "std"),
              channels));
    }

    private static List<String> splitFields(DatasetKind kind) {
      List<String> fields =
          new ArrayList<>(
              switch (kind) {
                case IDX, NPY -> List.of("images", "labels");
                case CIFAR10 -> List.of("files");
                case IMAGE_FOLDER -> List.of("dir");
                case HDF5 -> List.of("file");
              });
      fields.add("limit");
      return fields;
    }

    private DataSource source(SpecObject split, DatasetKind kind) {
      return switch (kind) {
        case IDX, NPY -> new PairedFiles(existing(split, "images", false), existing(split, "labels", false));
        case CIFAR10 -> {
          List<String> names = split.requiredStrings("files", 1, 1000);
          List<Path> files = new ArrayList<>();
          for (int i = 0; i < names.size(); i++) {
            Path file = resolve(split, "files", names.get(i));
            if (!Files.isRegularFile(file)) {
              throw doc.errorAtValue(split.pointer("files") + "/" + i, "no such file: " + file);
            }
            files.add(file);
          }
          yield new Cifar10Files(files);
        }
        case IMAGE_FOLDER -> new ImageFolder(existing(split, "dir", true));
        case HDF5 -> new Hdf5File(existing(split, "file", false));
      };
    }

    private AugmentationSpec augmentation(Optional<SpecObject> section, int channels) {
      List<Double> zeros = Collections.nCopies(channels, 0.0);
      List<Double> ones = Collections.nCopies(channels, 1.0);
      if (section.isEmpty()) {
        return new AugmentationSpec(0, false, 1 / 255.0, zeros, ones);
      }
      SpecObject a = section.get();
      return new AugmentationSpec(
          a.optionalInt("crop_padding", 0, MAX_CROP_PADDING, 0),
          a.optionalBool("horizontal_flip", false),
          a.optionalNumber("scale", NumberRange.openClosed(0, 255), 1 / 255.0),
          a.optionalNumbers("mean", channels, NumberRange.closed(-255, 255), zeros),
          a.optionalNumbers("std", channels, NumberRange.openClosed(0, 255), ones));
    }

    private static OptimizerSpec optimizer(SpecObject o) {
      OptimizerKind kind = o.choice("type", OptimizerKind.class, null);
      List<String> foreign = kind == OptimizerKind.SGD ? ADAM_FIELDS : SGD_FIELDS;
      for (String field : foreign) {
        if (o.has(field)) {
          String owners = kind == OptimizerKind.SGD ? "'adam' and 'adamw'" : "'sgd'";
          throw o.error(field, "'" + field + "' applies only to " + owners + "; remove it or change the type");
        }
      }
      double momentum = o.optionalNumber("momentum", new NumberRange(0, true, 1, false), 0);
      boolean nesterov = o.optionalBool("nesterov", false);
      if (nesterov && momentum == 0) {
        throw o.error("nesterov", "Nesterov momentum needs a 'momentum' above 0");
      }
      return new OptimizerSpec(
          kind,
          o.requiredNumber("lr", NumberRange.openClosed(0, 10)),
          momentum,
          nesterov,
          o.optionalNumber("weight_decay", NumberRange.closed(0, 1), kind == OptimizerKind.ADAMW ? 0.01 : 0),
          o.optionalNumber("beta1", new NumberRange(0, true, 1, false), 0.9),
          o.optionalNumber("beta2", new NumberRange(0, true, 1, false), 0.999),
          o.optionalNumber("epsilon", NumberRange.openClosed(0, 1), 1e-8),
          o.optionalBool("decay_norm_and_bias", true));
    }

    private static ScheduleSpec schedule(SpecObject root, int epochs, double lr) {
      var section =
          root.optionalObject(
              "schedule", "type", "warmup_epochs", "step_epochs", "milestones", "gamma", "min_lr", "div_factor",
              "pct_start");
      if (section.isEmpty()) {
        return ScheduleSpec.constant();
      }
      SpecObject s = section.get();
      ScheduleKind kind = s.choice("type", ScheduleKind.class, null);
      List<String> own =
          switch (kind) {
            case CONSTANT -> List.of();
            case STEP -> List.of("step_epochs", "gamma");
            case MULTI_STEP -> List.of("milestones", "gamma");
            case COSINE -> List.of("min_lr");
            case ONE_CYCLE -> List.of("div_factor", "pct_start");
          };
      for (String field : List.of("step_epochs", "milestones", "gamma", "min_lr", "div_factor", "pct_start")) {
        if (s.has(field) && !own.contains(field)) {
          throw s.error(
              field,
              "'" + field + "' does not apply to a '" + kind.jsonName() + "' schedule"
                  + (own.isEmpty() ? "" : "; its fields: " + String.join(", ", own)));
        }
      }
      if (kind == ScheduleKind.ONE_CYCLE && s.has("warmup_epochs")) {
        throw s.error(
            "warmup_epochs", "'warmup_epochs' does not apply to a 'one_cycle' schedule, which rises on its own for"
                + " 'pct_start' of the run");
      }
      int warmup = s.optionalInt("warmup_epochs", 0, epochs - 1, 0);
      double minLr = s.optionalNumber("min_lr", NumberRange.closed(0, 10), 0);
      if (minLr > lr) {
        throw s.error("min_lr", "min_lr " + minLr + " is above the optimizer's lr " + lr);
      }
      List<Integer> milestones =
          kind == ScheduleKind.MULTI_STEP ? s.requiredInts("milestones", 1, 1000, 1, epochs - 1) : List.of();
      for (int i = 1; i < milestones.size(); i++) {
        if (milestones.get(i) <= milestones.get(i - 1)) {
          throw s.error(
              "milestones", "milestones must increase strictly; " + milestones.get(i) + " follows "
                  + milestones.get(i - 1));
        }
      }
      return new ScheduleSpec(
          kind,
          warmup,
          kind == ScheduleKind.STEP ? s.requiredInt("step_epochs", 1, epochs) : 1,
          milestones,
          s.optionalNumber("gamma", NumberRange.openClosed(0, 1), 0.1),
          minLr,
          s.optionalNumber("div_factor", NumberRange.closed(1, 1e6), 25),
          s.optionalNumber("pct_start", NumberRange.open(0, 1), 0.3));
    }

    private Path existing(SpecObject o, String field, boolean directory) {
      Path p = resolve(o, field, o.requiredString(field));
      if (directory ? !Files.isDirectory(p) : !Files.isRegularFile(p)) {
        throw o.error(field, (directory ? "no such folder: " : "no such file: ") + p);
      }
      return p;
    }

    private Path resolve(SpecObject o, String field, String text) {
      if (text.isBlank()) {
        throw o.error(field, "the path must not be blank");
      }
      try {
        return baseDir.resolve(text).normalize();
      } catch (InvalidPathException e) {
        throw o.error(field, "not a valid path: " + e.getReason());
      }
    }
  }
}
