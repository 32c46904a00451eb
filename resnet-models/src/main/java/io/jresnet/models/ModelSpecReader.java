package io.jresnet.models;

import io.jresnet.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@link ModelSpec} from JSON (DESIGN §5), validating every field. Errors are {@link ConfigException}s that
 * name the document, the JSON pointer of the field at fault, its line and column, and what is allowed. Absent
 * optional fields take torchvision's defaults.
 */
public final class ModelSpecReader {
  static final int MAX_SIZE = 16384;
  static final int MAX_CHANNELS = 65536;
  static final int MAX_KERNEL = 15;
  static final int MAX_STRIDE = 8;
  static final int MAX_PADDING = 64;
  static final int MAX_STAGES = 16;
  static final int MAX_BLOCKS = 1000;
  static final int MAX_EXPANSION = 64;
  static final int MAX_CLASSES = 1_000_000;

  private ModelSpecReader() {}

  /** Reads the spec in {@code file} (UTF-8); errors name the file. */
  public static ModelSpec read(Path file) {
    try {
      return read(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, null, 0, 0, "no such file");
    } catch (IOException e) {
      throw new ConfigException(file, null, 0, 0, "cannot read the file: " + e.getMessage());
    }
  }

  /** Parses {@code json}; {@code source} names the document in errors. */
  public static ModelSpec parse(String json, String source) {
    return read(new StringReader(json), source);
  }

  /** Reads and closes {@code json}; {@code source} names the document in errors. */
  public static ModelSpec read(Reader json, String source) {
    LocatedJson doc = LocatedJson.parse(json, source);
    try {
      return spec(doc);
    } catch (IllegalArgumentException e) {
      // The records check their invariants again; every one is validated above with a pointer, so this is a net.
      throw new ConfigException(source, "", 0, 0, e.getMessage());
    }
  }

  private static ModelSpec spec(LocatedJson doc) {
    SpecObject root =
        SpecObject.root(
            doc, "name", "description", "input", "stem", "block", "expansion", "stride_on", "stages", "batch_norm",
            "head", "init", "conv_bias", "preprocessing");
    String name = root.requiredString("name");
    if (name.isBlank()) {
      throw root.error("name", "the name must not be blank");
    }
    InputSpec input = input(root.requiredObject("input", "height", "width", "channels"));
    BlockType block = root.choice("block", BlockType.class, null);
    int expansion = root.optionalInt("expansion", 1, MAX_EXPANSION, block == BlockType.BASIC ? 1 : 4);
    if (block == BlockType.BASIC && expansion != 1) {
      throw root.error("expansion", "value " + expansion + " is out of range; basic blocks allow only 1");
    }
    StrideOn strideOn = root.choice("stride_on", StrideOn.class, StrideOn.CONV_3X3);
    if (block == BlockType.BASIC && strideOn != StrideOn.CONV_3X3) {
      throw root.error(
          "stride_on", "basic blocks have no 1x1 convolution and stride on their first 3x3; allowed values: '3x3'");
    }
    return new ModelSpec(
        name,
        root.optionalString("description", ""),
        input,
        stem(root.requiredObject("stem", "zero_pad", "conv", "pool")),
        block,
        expansion,
        strideOn,
        stages(root),
        batchNorm(root.optionalObject("batch_norm", "epsilon", "momentum")),
        head(root.requiredObject("head", "pool", "size", "padding", "flatten", "classes", "activation")),
        root.choice("init", Init.class, Init.HE_NORMAL),
        root.optionalBool("conv_bias", false),
        preprocessing(
            root.optionalObject("preprocessing", "resize", "crop", "interpolation", "scale", "mean", "std"),
            input.channels()));
  }

  private static InputSpec input(SpecObject in) {
    return new InputSpec(
        in.requiredInt("height", 1, MAX_SIZE),
        in.requiredInt("width", 1, MAX_SIZE),
        in.requiredInt("channels", 1, MAX_CHANNELS));
  }

  private static StemSpec stem(SpecObject stem) {
    int zeroPad = stem.optionalInt("zero_pad", 0, MAX_PADDING, 0);
    SpecObject conv = stem.requiredObject("conv", "filters", "kernel", "stride", "padding", "bias");
    StemConvSpec stemConv =
        new StemConvSpec(
            conv.requiredInt("filters", 1, MAX_CHANNELS),
            conv.requiredInt("kernel", 1, MAX_KERNEL),
            conv.optionalInt("stride", 1, MAX_STRIDE, 1),
            conv.optionalInt("padding", 0, MAX_PADDING, 0),
            conv.optionalBool("bias", false));
    Optional<StemPoolSpec> pool =
        stem.optionalObject("pool", "type", "size", "stride", "padding")
            .map(
                p -> {
                  PoolType type = p.choice("type", PoolType.class, null);
                  int size = p.requiredInt("size", 1, MAX_KERNEL);
                  int stride = p.optionalInt("stride", 1, MAX_STRIDE, size);
                  // PyTorch rejects pooling padding beyond half the window; so do we, with the reason.
                  int padding = p.optionalInt("padding", 0, size / 2, 0);
                  return new StemPoolSpec(type, size, stride, padding);
                });
    return new StemSpec(zeroPad, stemConv, pool);
  }

  private static List<StageSpec> stages(SpecObject root) {
    return root.requiredObjects("stages", 1, MAX_STAGES, "blocks", "filters", "stride").stream()
        .map(
            s ->
                new StageSpec(
                    s.requiredInt("blocks", 1, MAX_BLOCKS),
                    s.requiredInt("filters", 1, MAX_CHANNELS),
                    s.optionalInt("stride", 1, MAX_STRIDE, 1)))
        .toList();
  }

  private static BatchNormSpec batchNorm(Optional<SpecObject> bn) {
    return bn.map(
            b ->
                new BatchNormSpec(
                    b.optionalNumber("epsilon", NumberRange.openClosed(0, 1), 1e-5),
                    b.optionalNumber("momentum", NumberRange.open(0, 1), 0.1)))
        .orElse(BatchNormSpec.PYTORCH_DEFAULT);
  }

  private static HeadSpec head(SpecObject head) {
    HeadPool pool = head.choice("pool", HeadPool.class, HeadPool.GLOBAL_AVG);
    int classes = head.requiredInt("classes", 1, MAX_CLASSES);
    Activation activation = head.choice("activation", Activation.class, Activation.NONE);
    if (pool == HeadPool.GLOBAL_AVG) {
      for (String field : List.of("size", "padding")) {
        if (head.has(field)) {
          throw head.error(field, "'" + field + "' applies only to pool 'avg'; remove it or set pool to 'avg'");
        }
      }
      return new HeadSpec(pool, 0, PaddingMode.VALID, head.optionalBool("flatten", false), classes, activation);
    }
    int size = head.requiredInt("size", 1, MAX_SIZE);
    PaddingMode padding = head.choice("padding", PaddingMode.class, PaddingMode.VALID);
    if (!head.optionalBool("flatten", true)) {
      throw head.error("flatten", "pool 'avg' keeps a spatial map, which 'fc' needs flattened; allowed values: true");
    }
    return new HeadSpec(pool, size, padding, true, classes, activation);
  }

  private static Optional<PreprocessingSpec> preprocessing(Optional<SpecObject> section, int channels) {
    return section.map(p -> preprocessing(p, channels));
  }

  private static PreprocessingSpec preprocessing(SpecObject p, int channels) {
    SpecObject resizeObject = p.requiredObject("resize", "shorter_side", "height", "width");
    ResizeSpec resize;
    int resizedHeight;
    int resizedWidth;
    if (resizeObject.has("shorter_side") && !resizeObject.has("height") && !resizeObject.has("width")) {
      int side = resizeObject.requiredInt("shorter_side", 1, MAX_SIZE);
      resize = new ShorterSideResize(side);
      resizedHeight = side;
      resizedWidth = side;
    } else if (!resizeObject.has("shorter_side") && resizeObject.has("height") && resizeObject.has("width")) {
      resizedHeight = resizeObject.requiredInt("height", 1, MAX_SIZE);
      resizedWidth = resizeObject.requiredInt("width", 1, MAX_SIZE);
      resize = new ExactResize(resizedHeight, resizedWidth);
    } else {
      throw p.error("resize", "give either 'shorter_side' or both 'height' and 'width'");
    }
    Optional<CropSpec> crop =
        p.optionalObject("crop", "height", "width")
            .map(c -> new CropSpec(c.requiredInt("height", 1, MAX_SIZE), c.requiredInt("width", 1, MAX_SIZE)));
    if (crop.isPresent() && (crop.get().height() > resizedHeight || crop.get().width() > resizedWidth)) {
      throw p.error(
          "crop",
          "crop " + crop.get().height() + "x" + crop.get().width() + " is larger than the resized image (at least "
              + resizedHeight + "x" + resizedWidth + ")");
    }
    if (resize instanceof ShorterSideResize && crop.isEmpty()) {
      throw p.error("missing 'crop': a 'shorter_side' resize keeps the aspect ratio, so a crop must fix the size");
    }
    return new PreprocessingSpec(
        resize,
        crop,
        p.choice("interpolation", Interpolation.class, Interpolation.BILINEAR),
        p.optionalNumber("scale", NumberRange.openClosed(0, 255), 1 / 255.0),
        p.optionalNumbers(
            "mean", channels, NumberRange.closed(-MAX_SIZE, MAX_SIZE), Collections.nCopies(channels, 0.0)),
        p.optionalNumbers(
            "std", channels, NumberRange.openClosed(0, MAX_SIZE), Collections.nCopies(channels, 1.0)));
  }
}
