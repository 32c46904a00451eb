package io.jresnet.models.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The Java formula against the values {@code tools/golden/make_golden.py} computed with numpy. */
class CounterWeightsTest {
  private static final String SAMPLES = "/golden/counter-weights-samples.json";

  @Test
  void reproducesPythonSeedsHashesAndValuesBitForBit() throws IOException {
    JsonNode tensors = samples().get("tensors");
    assertTrue(tensors.size() >= 5, "the samples file lists too few tensors");
    for (JsonNode tensor : tensors) {
      String name = tensor.get("name").asText();
      int[] shape = shape(tensor.get("shape"));
      long seed = CounterWeights.seed(name);
      assertEquals(tensor.get("seed").asText(), hex64(seed), name + ": seed");

      CounterRange range = CounterWeights.range(name, shape);
      assertEquals(tensor.get("range").get(0).asDouble(), range.lo(), 0.0, name + ": lo");
      assertEquals(tensor.get("range").get(1).asDouble(), range.hi(), 0.0, name + ": hi");

      float[] values = CounterWeights.tensor(name, shape);
      for (JsonNode sample : tensor.get("samples")) {
        int index = sample.get("index").asInt();
        assertEquals(sample.get("hash").asText(), hex64(CounterWeights.hash(seed, index)), name + "[" + index + "]");
        int bits = Integer.parseUnsignedInt(sample.get("value_bits").asText(), 16);
        assertEquals(bits, Float.floatToRawIntBits(values[index]), name + "[" + index + "] bits");
      }
      assertEquals(tensor.get("all_values_sha256").asText(), sha256(values), name + ": whole tensor");
    }
  }

  @Test
  void valuesStayInsideTheirRoleRanges() {
    float[] conv = CounterWeights.tensor("layer1.0.conv2.weight", new int[] {64, 64, 3, 3});
    double half = Math.sqrt(3.0 / (64 * 9));
    double sumOfSquares = 0;
    for (float v : conv) {
      assertTrue(Math.abs(v) <= half, "conv weight " + v + " outside ±" + half);
      sumOfSquares += (double) v * v;
    }
    assertEquals(1.0 / (64 * 9), sumOfSquares / conv.length, 0.05 / (64 * 9), "variance 1/fan_in");

    for (float v : CounterWeights.tensor("bn1.running_var", new int[] {256})) {
      assertTrue(v >= 0.5f && v < 1.5f, "running_var " + v);
    }
    for (float v : CounterWeights.tensor("bn1.weight", new int[] {256})) {
      assertTrue(v >= 0.5f && v < 1.0f, "gamma " + v);
    }
  }

  @Test
  void differentNamesGiveDifferentTensors() {
    float[] a = CounterWeights.tensor("layer1.0.bn1.bias", new int[] {8});
    float[] b = CounterWeights.tensor("layer1.0.bn2.bias", new int[] {8});
    assertFalse(Arrays.equals(a, b));
    assertArrayEquals(a, CounterWeights.tensor("layer1.0.bn1.bias", new int[] {8}));
  }

  @Test
  void rejectsNamesWithoutARoleNamingTheTensor() {
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> CounterWeights.range("bn1.num_batches_tracked", new int[0]));
    assertEquals(
        "tensor 'bn1.num_batches_tracked' with shape []: no counter-weight role for 'num_batches_tracked'"
            + " (expected weight, bias, running_mean or running_var)",
        unknown.getMessage());
    assertFalse(CounterWeights.isGenerated("bn1.num_batches_tracked"));
    assertTrue(CounterWeights.isGenerated("bn1.running_var"));

    IllegalArgumentException scalarWeight =
        assertThrows(IllegalArgumentException.class, () -> CounterWeights.range("bn1.weight", new int[0]));
    assertEquals(
        "tensor 'bn1.weight' with shape []: a weight must have rank 1 (gamma) or at least 2 (conv, linear)",
        scalarWeight.getMessage());

    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> CounterWeights.tensor("fc.bias", new int[] {0}));
    assertEquals("tensor 'fc.bias' has a non-positive dimension in [0]", empty.getMessage());
  }

  private static JsonNode samples() throws IOException {
    try (InputStream in = CounterWeightsTest.class.getResourceAsStream(SAMPLES)) {
      if (in == null) {
        throw new IOException(SAMPLES + " is missing from the test class path; run tools/golden/make_golden.py");
      }
      return new ObjectMapper().readTree(in);
    }
  }

  private static int[] shape(JsonNode dims) {
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.get(i).asInt();
    }
    return shape;
  }

  private static String hex64(long v) {
    return HexFormat.of().toHexDigits(v);
  }

  private static String sha256(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every JDK", e);
    }
  }
}
