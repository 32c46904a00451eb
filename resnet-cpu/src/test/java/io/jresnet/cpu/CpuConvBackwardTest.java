package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The conv backward kernels against {@link NaiveLoops}, on the forward test's geometries and on larger ones. */
class CpuConvBackwardTest {
  static Stream<CpuConv2dTest.Case> cases() {
    return Stream.concat(
        CpuConv2dTest.cases(),
        Stream.of(
            // More pixels than one backward-filter chunk, several images per backward-data task.
            new CpuConv2dTest.Case("3x3 pad 1, many pixels", 6, 15, 14, 16, 16, Conv2dParams.square(3, 1, 1)),
            new CpuConv2dTest.Case("1x1 in place, many pixels", 3, 20, 21, 24, 40, Conv2dParams.square(1, 1, 0)),
            // Few pixels and a deep window: the backward filter splits its depth columns across threads.
            new CpuConv2dTest.Case("3x3 deep, few pixels", 2, 2, 2, 96, 70, Conv2dParams.square(3, 1, 1)),
            // Few output channels: the backward filter reads the input in place per tap (no im2col).
            new CpuConv2dTest.Case("implicit 3x3 stride 2, 17 -> 20", 2, 9, 11, 17, 20, Conv2dParams.square(3, 2, 1)),
            new CpuConv2dTest.Case("implicit 3x3 dilation 2, uneven padding", 1, 10, 9, 16, 32,
                new Conv2dParams(3, 3, 1, 1, 2, 1, 0, 3, 2, 2, 1)),
            new CpuConv2dTest.Case("implicit 3x2 strides 1x2, padding past the reach", 2, 5, 8, 19, 7,
                new Conv2dParams(3, 2, 1, 2, 3, 0, 2, 1, 1, 1, 1)),
            new CpuConv2dTest.Case("implicit stem 3x3, 1 -> 16", 2, 9, 10, 1, 16, Conv2dParams.square(3, 1, 1)),
            new CpuConv2dTest.Case("implicit 3x3 groups 2", 2, 6, 7, 32, 24, new Conv2dParams(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2)),
            // Whole vectors of input channels: the backward data runs as the flipped forward conv.
            new CpuConv2dTest.Case("flipped 3x3, 16 -> 40", 2, 7, 6, 16, 40, Conv2dParams.square(3, 1, 1)),
            // 16 input channels, rows of whole 14-pixel tiles plus a rest: the im2col-free backward data.
            new CpuConv2dTest.Case("narrow 3x3, 31 wide", 1, 5, 31, 16, 24, Conv2dParams.square(3, 1, 1)),
            new CpuConv2dTest.Case("narrow 3x3 dilation 2, uneven padding, 30 wide", 1, 6, 30, 16, 8,
                new Conv2dParams(3, 3, 1, 1, 2, 1, 0, 3, 2, 2, 1)),
            // 32 input channels: the same path with two vectors per pixel.
            new CpuConv2dTest.Case("narrow 3x3, 32 channels, 17 wide", 2, 6, 17, 32, 24, Conv2dParams.square(3, 1, 1)),
            new CpuConv2dTest.Case("narrow 3x3, 32 channels in and out, 17 wide", 2, 6, 17, 32, 32,
                Conv2dParams.square(3, 1, 1)),
            new CpuConv2dTest.Case("narrow 3x3 dilation 2, 32 channels, uneven padding, 30 wide", 1, 5, 30, 32, 40,
                new Conv2dParams(3, 3, 1, 1, 2, 1, 0, 3, 2, 2, 1)),
            new CpuConv2dTest.Case("flipped 3x3 valid, 48 -> 8, dilation 2", 1, 9, 8, 48, 8,
                new Conv2dParams(3, 3, 1, 1, 0, 1, 2, 0, 2, 2, 1)),
            // Enough 4x4 tiles and channels: the flipped conv runs by Winograd (odd sizes, uneven padding).
            new CpuConv2dTest.Case("winograd flipped 3x3, 64 -> 80, 9x11", 8, 9, 11, 64, 80,
                Conv2dParams.square(3, 1, 1)),
            new CpuConv2dTest.Case("winograd flipped 3x3, 96 -> 64, uneven padding", 8, 10, 9, 96, 64,
                new Conv2dParams(3, 3, 1, 1, 2, 0, 1, 2, 1, 1, 1)),
            new CpuConv2dTest.Case("flipped 1x1 groups 2, 32 -> 64", 2, 5, 6, 32, 64,
                new Conv2dParams(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 2)),
            new CpuConv2dTest.Case(
                "3x3 stride 2 depthwise, many pixels", 2, 40, 30, 24, 24,
                new Conv2dParams(3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 24))));
  }

  static Stream<Arguments> casesAndThreads() {
    return cases().flatMap(c -> Stream.of(Arguments.of(c, 1), Arguments.of(c, 2)));
  }

  @ParameterizedTest(name = "{0}, {1} threads")
  @MethodSource("casesAndThreads")
  void backwardDataAndFilterMatchNaiveLoops(CpuConv2dTest.Case c, int threads) {
    SplittableRandom rnd = new SplittableRandom(c.name().hashCode() * 31L + 7);
    Conv2dParams p = c.p();
    int cinG = c.cin() / p.groups();
    int oh = p.outputH(c.h());
    int ow = p.outputW(c.w());
    Shape xShape = Shape.nhwc(c.n(), c.h(), c.w(), c.cin());
    Shape wShape = Shape.of(p.kernelH(), p.kernelW(), cinG, c.cout());
    float[] x = NaiveLoops.random(rnd, xShape.size());
    float[] w = NaiveLoops.random(rnd, wShape.size());
    float[] dy = NaiveLoops.random(rnd, c.n() * oh * ow * c.cout());
    float[] expectedDx = NaiveLoops.conv2dBackwardData(dy, c.n(), c.h(), c.w(), c.cin(), w, c.cout(), p);
    float[] expectedDw = NaiveLoops.conv2dBackwardFilter(x, dy, c.n(), c.h(), c.w(), c.cin(), c.cout(), p);
    double[] expectedDb = new double[c.cout()];
    for (int i = 0; i < dy.length; i++) {
      expectedDb[i % c.cout()] += dy[i];
    }
    try (Backend b = new CpuBackendProvider().open(new BackendConfig(threads))) {
      Tensor dyt = b.fromHost(dy, Shape.nhwc(c.n(), oh, ow, c.cout()));
      Tensor wt = b.fromHost(w, wShape);
      Tensor dx = b.fromHost(filled(xShape.size(), Float.NaN), xShape);
      b.conv().conv2dBackwardData(dyt, wt, p, dx);
      assertClose(expectedDx, dx.copyToHost(), "dx");
      Tensor prepared = b.prepareConvWeight(wt, p);
      b.conv().conv2dBackwardData(dyt, prepared, p, dx);
      assertClose(expectedDx, dx.copyToHost(), "dx from prepared weights");

      Tensor dw = b.fromHost(filled(wShape.size(), Float.NaN), wShape);
      Tensor db = b.fromHost(filled(c.cout(), Float.NaN), Shape.of(c.cout()));
      b.conv().conv2dBackwardFilter(b.fromHost(x, xShape), dyt, p, dw, db);
      assertClose(expectedDw, dw.copyToHost(), "dWeight");
      float[] dbias = db.copyToHost();
      for (int co = 0; co < c.cout(); co++) {
        assertEquals(expectedDb[co], dbias[co], 1e-4 * (1 + Math.abs(expectedDb[co])), "dBias[" + co + "]");
      }
      // A second call must overwrite, not accumulate.
      b.conv().conv2dBackwardFilter(b.fromHost(x, xShape), dyt, p, dw, null);
      assertClose(expectedDw, dw.copyToHost(), "dWeight, second call");
    }
  }

  private static float[] filled(int size, float value) {
    float[] a = new float[size];
    Arrays.fill(a, value);
    return a;
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    double err = NaiveLoops.relativeError(actual, expected);
    assertTrue(err < 1e-5, what + ": relative error " + err);
  }

  @Test
  void strideOneConvsWithFewOutputChannelsInWholeTilesReachTheTapRowPath() {
    Map<String, Boolean> expected = Map.of(
        "3x3 pad 1, many pixels", true,
        "narrow 3x3, 31 wide", true,
        "narrow 3x3, 32 channels in and out, 17 wide", true,
        "winograd flipped 3x3, 96 -> 64, uneven padding", true,
        "3x3 deep, few pixels", false,
        "implicit 3x3 stride 2, 17 -> 20", false,
        "narrow 3x3 dilation 2, uneven padding, 30 wide", false,
        "implicit stem 3x3, 1 -> 16", false,
        "winograd flipped 3x3, 64 -> 80, 9x11", false);
    expected.forEach((name, tapRows) -> {
      CpuConv2dTest.Case c = cases().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
      Conv2dParams p = c.p();
      ConvGeometry g = new ConvGeometry(c.n(), c.h(), c.w(), c.cin(), p.outputH(c.h()), p.outputW(c.w()), c.cout(), p);
      assertEquals(tapRows, CpuConvBackwardFilter.runsTapRows(g), name);
    });
  }

  @Test
  void theWinogradCasesReachTheWinogradPath() {
    try (CpuComputePool pool = new CpuComputePool(1)) {
      CpuConvBackwardData data = new CpuConvBackwardData(pool, new WinogradConv(pool, true));
      cases().filter(c -> c.name().startsWith("winograd")).forEach(c -> {
        Conv2dParams p = c.p();
        ConvGeometry g = new ConvGeometry(
            c.n(), c.h(), c.w(), c.cin(), p.outputH(c.h()), p.outputW(c.w()), c.cout(), p);
        ConvGeometry flipped = CpuConvBackwardData.flippedConv(g);
        assertTrue(
            flipped != null && !CpuConvBackwardData.runsNarrow(flipped) && data.prefersWinograd(flipped), c.name());
      });
    }
  }

  @Test
  void rejectsMismatchedGradientShapesAndPreparedWeightAsOutput() {
    try (Backend b = new CpuBackendProvider().open(new BackendConfig(1))) {
      Conv2dParams p = Conv2dParams.square(3, 1, 1);
      Tensor x = b.allocate(Shape.nhwc(1, 4, 4, 2));
      Tensor w = b.allocate(Shape.of(3, 3, 2, 5));
      Tensor badDy = b.allocate(Shape.nhwc(1, 4, 4, 6));
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class, () -> b.conv().conv2dBackwardData(badDy, w, p, x));
      assertEquals("conv2dBackwardData: dy has shape [1, 4, 4, 6], expected [1, 4, 4, 5]", e.getMessage());
      Tensor dy = b.allocate(Shape.nhwc(1, 4, 4, 5));
      e = assertThrows(
          IllegalArgumentException.class,
          () -> b.conv().conv2dBackwardFilter(x, dy, p, b.allocate(Shape.of(3, 3, 3, 5)), null));
      assertTrue(e.getMessage().startsWith("conv2dBackwardFilter: dWeight has shape [3, 3, 3, 5], expected"),
          e.getMessage());
      e = assertThrows(
          IllegalArgumentException.class,
          () -> b.conv().conv2dBackwardFilter(x, dy, p, w, b.allocate(Shape.of(4))));
      assertEquals("conv2dBackwardFilter: dBias has shape [4], expected [5]", e.getMessage());
      Tensor prepared = b.prepareConvWeight(w, p);
      e = assertThrows(
          IllegalArgumentException.class, () -> b.conv().conv2dBackwardFilter(x, dy, p, prepared, null));
      assertTrue(e.getMessage().contains("dWeight is a prepared conv weight"), e.getMessage());
    }
  }
}
