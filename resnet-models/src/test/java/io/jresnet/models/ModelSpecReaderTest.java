package io.jresnet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecReaderTest {
  /** A small valid spec; tests edit one piece of it and check the exact message, line and column. */
  private static final String BASE =
      """
      {
        "name": "tiny",
        "input": {"height": 32, "width": 32, "channels": 3},
        "stem": {"conv": {"filters": 8, "kernel": 3, "stride": 1, "padding": 1},
                 "pool": {"type": "max", "size": 3, "stride": 2, "padding": 1}},
        "block": "basic",
        "stages": [{"blocks": 1, "filters": 8}, {"blocks": 1, "filters": 16, "stride": 2}],
        "head": {"pool": "global_avg", "classes": 10}
      }
      """;

  private static ModelSpec parse(String json) {
    return ModelSpecReader.parse(json, "tiny.json");
  }

  private static String error(String json) {
    return assertThrows(ConfigException.class, () -> parse(json)).getMessage();
  }

  private static String edit(String from, String to) {
    assertTrue(BASE.contains(from), from);
    return BASE.replace(from, to);
  }

  @Test
  void absentOptionalFieldsTakeTorchvisionDefaults() {
    ModelSpec spec = parse(BASE);
    assertEquals("tiny", spec.name());
    assertEquals("", spec.description());
    assertEquals(new InputSpec(32, 32, 3), spec.input());
    assertEquals(new StemSpec(0, new StemConvSpec(8, 3, 1, 1, false),
        Optional.of(new StemPoolSpec(PoolType.MAX, 3, 2, 1))), spec.stem());
    assertEquals(BlockType.BASIC, spec.block());
    assertEquals(1, spec.expansion());
    assertEquals(StrideOn.CONV_3X3, spec.strideOn());
    assertEquals(List.of(new StageSpec(1, 8, 1), new StageSpec(1, 16, 2)), spec.stages());
    assertEquals(new BatchNormSpec(1e-5, 0.1), spec.batchNorm());
    assertEquals(HeadSpec.globalAverage(10), spec.head());
    assertEquals(Init.HE_NORMAL, spec.init());
    assertFalse(spec.convBias());
    assertEquals(Optional.empty(), spec.preprocessing());
  }

  @Test
  void bottleneckExpansionDefaultsToFour() {
    assertEquals(4, parse(edit("\"basic\"", "\"bottleneck\"")).expansion());
  }

  @Test
  void poolStrideDefaultsToItsSize() {
    assertEquals(3, parse(edit(", \"stride\": 2, \"padding\": 1}}", "}}")).stem().pool().orElseThrow().stride());
  }

  @Test
  void nullPoolMeansNoPool() {
    String json = edit("\"pool\": {\"type\": \"max\", \"size\": 3, \"stride\": 2, \"padding\": 1}", "\"pool\": null");
    assertEquals(Optional.empty(), parse(json).stem().pool());
  }

  @Test
  void readsTheKerasNotebookSpecCompletely() {
    ModelSpec spec = Zoo.load("resnet50-keras-64x64-6");
    assertEquals(new StemSpec(3, new StemConvSpec(64, 7, 2, 0, true),
        Optional.of(new StemPoolSpec(PoolType.MAX, 3, 2, 0))), spec.stem());
    assertEquals(StrideOn.CONV_1X1, spec.strideOn());
    assertEquals(new BatchNormSpec(1e-3, 0.01), spec.batchNorm());
    assertEquals(new HeadSpec(HeadPool.AVG, 2, PaddingMode.SAME, true, 6, Activation.SOFTMAX), spec.head());
    assertEquals(Init.GLOROT_UNIFORM, spec.init());
    assertTrue(spec.convBias());
    PreprocessingSpec pre = spec.preprocessing().orElseThrow();
    assertEquals(new ExactResize(64, 64), pre.resize());
    assertEquals(Interpolation.NEAREST, pre.interpolation());
    assertEquals(1 / 255.0, pre.scale());
    assertEquals(List.of(0.0, 0.0, 0.0), pre.mean());
    assertEquals(List.of(1.0, 1.0, 1.0), pre.std());
    assertEquals(64, pre.outputHeight());
  }

  @Test
  void malformedJsonNamesFileLineAndColumn() {
    assertEquals(
        "tiny.json:3:22: malformed JSON: Unexpected character ('3' (code 51)): was expecting a colon to separate"
            + " field name and value",
        error(edit("\"height\": 32", "\"height\" 32")));
  }

  @Test
  void truncatedJsonIsMalformed() {
    String message = error(BASE.substring(0, BASE.indexOf("\"block\"")));
    assertTrue(message.startsWith("tiny.json:6:3: malformed JSON: Unexpected end-of-input"), message);
  }

  @Test
  void emptyDocumentIsRejected() {
    assertEquals("tiny.json:1:1 at /: the document is empty; expected a JSON object", error("  "));
  }

  @Test
  void contentAfterTheDocumentIsRejected() {
    assertEquals("tiny.json:10:1 at /: unexpected content after the end of the JSON document", error(BASE + "{}"));
  }

  @Test
  void rootMustBeAnObject() {
    assertEquals("tiny.json:1:1 at /: expected an object, got an array", error("[1, 2]"));
  }

  @Test
  void duplicateFieldIsRejected() {
    assertEquals(
        "tiny.json:2:16 at /name: field 'name' appears twice",
        error(edit("\"name\": \"tiny\",", "\"name\": \"a\", \"name\": \"b\",")));
  }

  @Test
  void unknownFieldListsTheAllowedOnesAndSuggestsTheClosest() {
    assertEquals(
        "tiny.json:7:72 at /stages/1/strides: unknown field 'strides' (did you mean 'stride'?); allowed fields:"
            + " blocks, filters, stride",
        error(edit("\"stride\": 2}]", "\"strides\": 2}]")));
  }

  @Test
  void unknownFieldWithoutCloseMatchListsTheAllowedOnes() {
    assertEquals(
        "tiny.json:8:3 at /dropout: unknown field 'dropout'; allowed fields: name, description, input, stem, block,"
            + " expansion, stride_on, stages, batch_norm, head, init, conv_bias, preprocessing",
        error(edit("  \"head\"", "  \"dropout\": 0.5,\n  \"head\"")));
  }

  @Test
  void missingRequiredFieldIsNamed() {
    assertEquals(
        "tiny.json:3:12 at /input: missing required field 'channels'",
        error(edit(", \"channels\": 3", "")));
  }

  @Test
  void nullRequiredFieldIsNamed() {
    assertEquals(
        "tiny.json:1:1 at /: missing required field 'block' (it is null)", error(edit("\"basic\"", "null")));
  }

  @Test
  void integerFieldRejectsAString() {
    assertEquals(
        "tiny.json:3:23 at /input/height: expected an integer, got a string (\"32\")",
        error(edit("\"height\": 32", "\"height\": \"32\"")));
  }

  @Test
  void integerFieldRejectsAFraction() {
    assertEquals(
        "tiny.json:7:25 at /stages/0/blocks: expected an integer, got a number (1.5)",
        error(edit("\"blocks\": 1, \"filters\": 8", "\"blocks\": 1.5, \"filters\": 8")));
  }

  @Test
  void integerOutOfRangeShowsValueAndRange() {
    assertEquals(
        "tiny.json:7:25 at /stages/0/blocks: value 0 is out of range; allowed 1..1000",
        error(edit("\"blocks\": 1, \"filters\": 8", "\"blocks\": 0, \"filters\": 8")));
  }

  @Test
  void hugeIntegerIsOutOfRangeNotOverflowed() {
    assertEquals(
        "tiny.json:8:45 at /head/classes: value 99999999999999999999 is out of range; allowed 1..1000000",
        error(edit("\"classes\": 10", "\"classes\": 99999999999999999999")));
  }

  @Test
  void numberOutOfRangeShowsTheInterval() {
    String json = edit("  \"head\"", "  \"batch_norm\": {\"epsilon\": 0, \"momentum\": 0.1},\n  \"head\"");
    assertEquals("tiny.json:8:29 at /batch_norm/epsilon: value 0 is out of range; allowed (0, 1]", error(json));
    json = edit("  \"head\"", "  \"batch_norm\": {\"momentum\": 1.0},\n  \"head\"");
    assertEquals("tiny.json:8:30 at /batch_norm/momentum: value 1.0 is out of range; allowed (0, 1)", error(json));
  }

  @Test
  void numberFieldRejectsAString() {
    String json = edit("  \"head\"", "  \"batch_norm\": {\"epsilon\": \"small\"},\n  \"head\"");
    assertEquals("tiny.json:8:29 at /batch_norm/epsilon: expected a number, got a string (\"small\")", error(json));
  }

  @Test
  void booleanFieldRejectsAString() {
    assertEquals(
        "tiny.json:4:83 at /stem/conv/bias: expected true or false, got a string (\"no\")",
        error(edit("\"padding\": 1},", "\"padding\": 1, \"bias\": \"no\"},")));
  }

  @Test
  void stringFieldRejectsANumber() {
    assertEquals("tiny.json:2:11 at /name: expected a string, got an integer (5)", error(edit("\"tiny\"", "5")));
  }

  @Test
  void blankNameIsRejected() {
    assertEquals("tiny.json:2:11 at /name: the name must not be blank", error(edit("\"tiny\"", "\" \"")));
  }

  @Test
  void unknownChoiceListsTheAllowedValues() {
    assertEquals(
        "tiny.json:6:12 at /block: value 'bottle' is not allowed; allowed values: 'basic', 'bottleneck'",
        error(edit("\"basic\"", "\"bottle\"")));
  }

  @Test
  void choiceRejectsANonString() {
    assertEquals(
        "tiny.json:8:20 at /head/pool: expected one of 'global_avg', 'avg', got an integer (7)",
        error(edit("\"pool\": \"global_avg\"", "\"pool\": 7")));
  }

  @Test
  void objectFieldRejectsAScalar() {
    assertEquals("tiny.json:3:12 at /input: expected an object, got an integer (32)",
        error(edit("{\"height\": 32, \"width\": 32, \"channels\": 3}", "32")));
  }

  @Test
  void basicBlocksAllowOnlyExpansionOne() {
    assertEquals(
        "tiny.json:6:34 at /expansion: value 4 is out of range; basic blocks allow only 1",
        error(edit("\"basic\",", "\"basic\", \"expansion\": 4,")));
  }

  @Test
  void basicBlocksCannotStrideOnA1x1() {
    assertEquals(
        "tiny.json:6:34 at /stride_on: basic blocks have no 1x1 convolution and stride on their first 3x3;"
            + " allowed values: '3x3'",
        error(edit("\"basic\",", "\"basic\", \"stride_on\": \"1x1\",")));
  }

  @Test
  void stagesMustNotBeEmpty() {
    String json = edit("[{\"blocks\": 1, \"filters\": 8}, {\"blocks\": 1, \"filters\": 16, \"stride\": 2}]", "[]");
    assertEquals("tiny.json:7:13 at /stages: expected 1 to 16 items, got 0", error(json));
  }

  @Test
  void stagesMustBeAnArray() {
    String json = edit("[{\"blocks\": 1, \"filters\": 8}, {\"blocks\": 1, \"filters\": 16, \"stride\": 2}]", "{}");
    assertEquals("tiny.json:7:13 at /stages: expected an array, got an object", error(json));
  }

  @Test
  void poolPaddingBeyondHalfTheWindowIsOutOfRange() {
    assertEquals(
        "tiny.json:5:71 at /stem/pool/padding: value 2 is out of range; allowed 0..1",
        error(edit("\"stride\": 2, \"padding\": 1}}", "\"stride\": 2, \"padding\": 2}}")));
  }

  @Test
  void globalPoolTakesNoSize() {
    assertEquals(
        "tiny.json:8:57 at /head/size: 'size' applies only to pool 'avg'; remove it or set pool to 'avg'",
        error(edit("\"classes\": 10}", "\"classes\": 10, \"size\": 2}")));
  }

  @Test
  void averagePoolNeedsAFlatten() {
    String json = edit("\"pool\": \"global_avg\"", "\"pool\": \"avg\", \"size\": 2, \"flatten\": false");
    assertEquals(
        "tiny.json:8:49 at /head/flatten: pool 'avg' keeps a spatial map, which 'fc' needs flattened; allowed"
            + " values: true",
        error(json));
  }

  @Test
  void averagePoolNeedsASize() {
    assertEquals(
        "tiny.json:8:11 at /head: missing required field 'size'",
        error(edit("\"pool\": \"global_avg\"", "\"pool\": \"avg\"")));
  }

  private static String withPreprocessing(String section) {
    return edit("  \"head\"", "  \"preprocessing\": " + section + ",\n  \"head\"");
  }

  @Test
  void readsTorchvisionPreprocessing() {
    ModelSpec spec = Zoo.load("resnet50");
    PreprocessingSpec pre = spec.preprocessing().orElseThrow();
    assertEquals(new ShorterSideResize(256), pre.resize());
    assertEquals(Optional.of(new CropSpec(224, 224)), pre.crop());
    assertEquals(Interpolation.BILINEAR, pre.interpolation());
    assertEquals(List.of(0.485, 0.456, 0.406), pre.mean());
    assertEquals(List.of(0.229, 0.224, 0.225), pre.std());
    assertEquals(224, pre.outputWidth());
  }

  @Test
  void resizeNeedsOneForm() {
    assertEquals(
        "tiny.json:8:31 at /preprocessing/resize: give either 'shorter_side' or both 'height' and 'width'",
        error(withPreprocessing("{\"resize\": {\"shorter_side\": 40, \"height\": 32}}")));
  }

  @Test
  void shorterSideResizeNeedsACrop() {
    assertEquals(
        "tiny.json:8:20 at /preprocessing: missing 'crop': a 'shorter_side' resize keeps the aspect ratio, so a crop"
            + " must fix the size",
        error(withPreprocessing("{\"resize\": {\"shorter_side\": 40}}")));
  }

  @Test
  void cropMustFitTheResizedImage() {
    assertEquals(
        "tiny.json:8:61 at /preprocessing/crop: crop 48x32 is larger than the resized image (at least 40x40)",
        error(withPreprocessing("{\"resize\": {\"shorter_side\": 40}, \"crop\": {\"height\": 48, \"width\": 32}}")));
  }

  @Test
  void meanNeedsOneValuePerChannel() {
    assertEquals(
        "tiny.json:8:68 at /preprocessing/mean: expected exactly 3 items, got 2",
        error(withPreprocessing("{\"resize\": {\"height\": 32, \"width\": 32}, \"mean\": [0.5, 0.5]}")));
  }

  @Test
  void stdMustBePositive() {
    assertEquals(
        "tiny.json:8:71 at /preprocessing/std/1: value 0 is out of range; allowed (0, 16384]",
        error(withPreprocessing("{\"resize\": {\"height\": 32, \"width\": 32}, \"std\": [1, 0, 1]}")));
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) {
    Path file = dir.resolve("nope.json");
    ConfigException e = assertThrows(ConfigException.class, () -> ModelSpecReader.read(file));
    assertEquals(file + ": no such file", e.getMessage());
  }

  @Test
  void directoryIsNotASpec(@TempDir Path dir) {
    ConfigException e = assertThrows(ConfigException.class, () -> ModelSpecReader.read(dir));
    assertEquals(dir + ": cannot read: Is a directory", e.getMessage());
  }

  @Test
  void readsAFileAndNamesItInErrors(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tiny.json");
    Files.writeString(file, BASE);
    assertEquals("tiny", ModelSpecReader.read(file).name());
    Files.writeString(file, edit("\"basic\"", "\"bottle\""));
    ConfigException e = assertThrows(ConfigException.class, () -> ModelSpecReader.read(file));
    assertEquals(file.toString(), e.source());
    assertEquals("/block", e.pointer());
    assertEquals(6, e.line());
    assertEquals(12, e.column());
  }
}
