package io.jresnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.WeightsException;
import io.jresnet.tensor.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads files laid out by the reference writer's rules, with values converted by PyTorch. */
class SafetensorsFixturesTest {
  private static final float INF = Float.POSITIVE_INFINITY;
  private static final float[] EIGHTHS = {-0.5f, -0.375f, -0.25f, -0.125f, 0f, 0.125f, 0.25f, 0.375f};

  @Test
  void float32StateDictWithAnInt64Buffer() {
    Path file = Fixtures.path("f32.safetensors");
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(Map.of("format", "pt"), f.metadata());
      assertEquals(List.of("bn1.num_batches_tracked", "conv1.weight", "empty", "fc.bias", "scalar"), f.names());
      assertEquals(Shape.of(2, 3, 1, 1), f.info("conv1.weight").shape());
      assertArrayEquals(new float[] {-0.625f, -0.375f, -0.125f, 0.125f, 0.375f, 0.625f}, f.read("conv1.weight"));
      assertArrayEquals(new float[] {0.1f, -0.2f, 1e-30f}, f.read("fc.bias"));
      assertEquals(new HostTensor(Shape.of(), new float[] {3.5f}), f.readTensor("scalar"));
      assertEquals(new HostTensor(Shape.of(0, 4), new float[0]), f.readTensor("empty"));

      TensorInfo counter = f.info("bn1.num_batches_tracked");
      assertEquals(SafetensorsDtype.I64, counter.dtype());
      assertEquals(Shape.of(), counter.shape());
      WeightsException e = assertThrows(WeightsException.class, () -> f.read("bn1.num_batches_tracked"));
      SafetensorsBytes.assertNames(e, file, "bn1.num_batches_tracked",
          "has dtype I64; only F16, BF16, F32, F64 tensors can be read as float32");
      assertThrows(WeightsException.class, f::readAll);
    }
  }

  @Test
  void float16() {
    try (SafetensorsFile f = SafetensorsFile.open(Fixtures.path("f16.safetensors"))) {
      assertEquals(SafetensorsDtype.F16, f.info("w").dtype());
      assertEquals(new HostTensor(Shape.of(2, 4), EIGHTHS), f.readTensor("w"));
      // 2^-24 is the smallest subnormal half, 65504 the largest finite one.
      assertArrayEquals(new float[] {INF, -INF, Float.NaN, -0f, 0x1p-24f, 65504f}, f.read("special"));
    }
  }

  @Test
  void bfloat16() {
    try (SafetensorsFile f = SafetensorsFile.open(Fixtures.path("bf16.safetensors"))) {
      assertEquals(SafetensorsDtype.BF16, f.info("w").dtype());
      assertEquals(new HostTensor(Shape.of(2, 4), EIGHTHS), f.readTensor("w"));
      assertArrayEquals(new float[] {INF, -INF, Float.NaN, -0f, 0x1p-133f, 0x1.FEp127f}, f.read("special"));
      assertEquals(Float.intBitsToFloat(0x3EAB0000), f.read("third")[0]);
    }
  }

  @Test
  void float64IsRoundedToNearestFloat32() {
    try (SafetensorsFile f = SafetensorsFile.open(Fixtures.path("f64.safetensors"))) {
      assertEquals(SafetensorsDtype.F64, f.info("w").dtype());
      assertEquals(new HostTensor(Shape.of(2, 2), new float[] {(float) (1.0 / 3), -2.5f, 0f, INF}),
          f.readTensor("w"));
    }
  }

  @Test
  void unknownNamesAreReportedWithWhatTheFileHolds() {
    Path file = Fixtures.path("f16.safetensors");
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      WeightsException e = assertThrows(WeightsException.class, () -> f.read("fc.weight"));
      SafetensorsBytes.assertNames(e, file, "fc.weight", "no such tensor; the file holds 2 tensors: 'special', 'w'");
      assertTrue(f.contains("w"));
      assertTrue(!f.contains("fc.weight"));
    }
  }
}
