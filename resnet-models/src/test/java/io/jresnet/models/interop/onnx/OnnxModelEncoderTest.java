package io.jresnet.models.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ONNX messages' bytes, field by field, against onnx.proto's field numbers. */
class OnnxModelEncoderTest {
  private static String hex(ProtoWriter w) {
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(w.toByteArray());
  }

  @Test
  void attributesCarryTheirTypeTag() {
    // name = 1, type = 20 (INT 2, INTS 7, FLOAT 1), i = 3, ints = 8 (unpacked, as onnx.proto declares), f = 2.
    assertEquals("0A 01 67 A0 01 02 18 02", hex(OnnxModelEncoder.attribute(OnnxAttribute.of("g", 2))));
    assertEquals(
        "0A 01 70 A0 01 07 40 01 40 00 40 03",
        hex(OnnxModelEncoder.attribute(OnnxAttribute.ints("p", 1, 0, 3))));
    assertEquals("0A 01 65 A0 01 01 15 00 00 80 3F", hex(OnnxModelEncoder.attribute(OnnxAttribute.of("e", 1.0f))));
    // STRING 3, s = 4.
    assertEquals(
        "0A 01 61 A0 01 03 22 05 56 41 4C 49 44", hex(OnnxModelEncoder.attribute(OnnxAttribute.of("a", "VALID"))));
  }

  @Test
  void nodesListInputsOutputsNameOpTypeAndAttributes() {
    OnnxNode node = OnnxNode.of("n", "Relu", List.of("x"), "y");
    // input = 1, output = 2, name = 3, op_type = 4.
    assertEquals("0A 01 78 12 01 79 1A 01 6E 22 04 52 65 6C 75", hex(OnnxModelEncoder.node(node)));
  }

  @Test
  void floatTensorsUseRawDataAndIntTensorsPackedInt64Data() {
    OnnxInitializer weights = OnnxInitializer.ofFloats("w", new long[] {2, 1}, new float[] {1.0f, 2.0f});
    // dims = 1 (unpacked), data_type = 2 (FLOAT 1), name = 8, raw_data = 9 (little-endian floats).
    assertEquals(
        "08 02 08 01 10 01 42 01 77 4A 08 00 00 80 3F 00 00 00 40", hex(OnnxModelEncoder.tensor(weights)));
    OnnxInitializer pads = OnnxInitializer.ofInt64s("p", 0, 300);
    // data_type INT64 = 7, int64_data = 7 packed.
    assertEquals("08 02 10 07 42 01 70 3A 03 00 AC 02", hex(OnnxModelEncoder.tensor(pads)));
  }

  @Test
  void valueInfoHoldsAFloatTensorTypeWithFixedAndSymbolicDimensions() {
    OnnxValueInfo value = new OnnxValueInfo("x", List.of("N", "3"));
    // name = 1, type = 2 { tensor_type = 1 { elem_type = 1: FLOAT, shape = 2 { dim = 1 { dim_param = 2 },
    // dim = 1 { dim_value = 1 } } } }.
    assertEquals(
        "0A 01 78 12 0F 0A 0D 08 01 12 09 0A 03 12 01 4E 0A 02 08 03", hex(OnnxModelEncoder.valueInfo(value)));
  }

  @Test
  void theModelStartsWithIrVersionProducerAndOpset() {
    OnnxGraph graph =
        new OnnxGraph(
            "g",
            List.of(OnnxNode.of("r", "Relu", List.of("input"), "output")),
            List.of(),
            new OnnxValueInfo("input", List.of("1")),
            new OnnxValueInfo("output", List.of("1")));
    String model = hex(OnnxModelEncoder.encode(graph, 8, 13, "j", "1"));
    // ir_version = 1, producer_name = 2, producer_version = 3, opset_import = 8 { version = 2 }, graph = 7.
    String graphBytes = hex(OnnxModelEncoder.graph(graph));
    assertEquals("08 08 12 01 6A 1A 01 31 42 02 10 0D 3A " + String.format("%02X", graphBytes.split(" ").length)
        + " " + graphBytes, model);
  }
}
