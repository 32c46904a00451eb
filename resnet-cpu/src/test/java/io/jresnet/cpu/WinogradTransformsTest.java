package io.jresnet.cpu;

import static io.jresnet.cpu.WinogradTransforms.LANES;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each variant's vector transforms against their scalar twins, lane by lane, and the scalar twins against the
 * definition: a single input tile (6×6 or 4×4) through all three transforms gives the valid correlation (4×4 or 2×2),
 * in float64-checked arithmetic.
 */
class WinogradTransformsTest {
  private static final float EPS = 1e-5f;

  @ParameterizedTest
  @EnumSource(WinogradVariant.class)
  void inputTileMatchesItsScalarTwin(WinogradVariant variant) {
    int points = variant.positions;
    SplittableRandom rnd = new SplittableRandom(1);
    // Pixel e of the tile, channel c, at x[e * LANES + c]; one pixel reads from an array of zeros, as padding does.
    float[] x = NaiveLoops.random(rnd, points * LANES);
    float[][] a = new float[points][];
    int[] o = new int[points];
    float[] zeros = new float[LANES];
    for (int e = 0; e < points; e++) {
      a[e] = e == 7 ? zeros : x;
      o[e] = e == 7 ? 0 : e * LANES;
    }
    float[] v = new float[points * LANES];
    variant.inputTile(a, o, 0, new float[points * LANES], v, 0, LANES);
    for (int c = 0; c < LANES; c++) {
      float[] d = new float[points];
      for (int e = 0; e < points; e++) {
        d[e] = a[e][o[e] + c];
      }
      float[] expected = new float[points];
      variant.inputScalar(d, 0, expected, 0, new float[points], 0);
      for (int e = 0; e < points; e++) {
        assertEquals(expected[e], v[e * LANES + c], EPS * (1 + Math.abs(expected[e])), "point " + e + " lane " + c);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(WinogradVariant.class)
  void outputTileMatchesItsScalarTwin(WinogradVariant variant) {
    int points = variant.positions;
    int pixels = variant.out * variant.out;
    SplittableRandom rnd = new SplittableRandom(2);
    float[] m = NaiveLoops.random(rnd, points * LANES);
    float[] y = new float[pixels * LANES];
    variant.outputTile(m, 0, LANES, new float[variant.in * variant.out * LANES], y);
    for (int c = 0; c < LANES; c++) {
      float[] in = new float[points];
      for (int e = 0; e < points; e++) {
        in[e] = m[e * LANES + c];
      }
      float[] expected = new float[pixels];
      variant.outputScalar(in, 0, expected, 0, new float[variant.in * variant.out], 0);
      for (int e = 0; e < pixels; e++) {
        assertEquals(expected[e], y[e * LANES + c], EPS * (1 + Math.abs(expected[e])), "pixel " + e + " lane " + c);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(WinogradVariant.class)
  void vectorAndScalarFiltersAgree(WinogradVariant variant) {
    int points = variant.positions;
    SplittableRandom rnd = new SplittableRandom(3);
    int cin = 3;
    int cout = LANES + 5;
    float[] hwio = NaiveLoops.random(rnd, 9 * cin * cout);
    float[] dst = new float[points * cin * cout];
    variant.filters(hwio, cin, cout, 0, cin, dst, 0, cin, new float[WinogradTransforms.FILTER_TMP]);
    for (int ci = 0; ci < cin; ci++) {
      for (int co = 0; co < cout; co++) {
        float[] g = new float[9];
        for (int tap = 0; tap < 9; tap++) {
          g[tap] = hwio[(tap * cin + ci) * cout + co];
        }
        float[] u = new float[points];
        variant.filterScalar(g, 0, u, 0, new float[3 * variant.in], 0);
        for (int p = 0; p < points; p++) {
          float actual = dst[(p * cin + ci) * cout + co];
          assertEquals(u[p], actual, EPS * (1 + Math.abs(u[p])), "ci " + ci + " co " + co + " point " + p);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(WinogradVariant.class)
  void oneTileThroughAllThreeTransformsIsTheCorrelation(WinogradVariant variant) {
    int points = variant.positions;
    int side = variant.in;
    SplittableRandom rnd = new SplittableRandom(4);
    float[] d = NaiveLoops.random(rnd, points);
    float[] g = NaiveLoops.random(rnd, 9);
    float[] v = new float[points];
    float[] u = new float[points];
    float[] tmp = new float[points];
    variant.inputScalar(d, 0, v, 0, tmp, 0);
    variant.filterScalar(g, 0, u, 0, tmp, 0);
    float[] m = new float[points];
    for (int p = 0; p < points; p++) {
      m[p] = u[p] * v[p];
    }
    float[] y = new float[variant.out * variant.out];
    variant.outputScalar(m, 0, y, 0, tmp, 0);
    for (int i = 0; i < variant.out; i++) {
      for (int j = 0; j < variant.out; j++) {
        double expected = 0;
        for (int r = 0; r < 3; r++) {
          for (int s = 0; s < 3; s++) {
            expected += (double) d[(i + r) * side + j + s] * g[r * 3 + s];
          }
        }
        assertEquals(expected, y[i * variant.out + j], 1e-5, "output (" + i + ", " + j + ")");
      }
    }
  }
}
