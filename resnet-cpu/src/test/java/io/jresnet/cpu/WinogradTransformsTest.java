package io.jresnet.cpu;

import static io.jresnet.cpu.WinogradTransforms.LANES;
import static io.jresnet.cpu.WinogradTransforms.POSITIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector transforms against their scalar twins, lane by lane, and the scalar twins against the definition: a
 * single 6×6 tile through all three transforms gives the 4×4 valid correlation, in float64-checked arithmetic.
 */
class WinogradTransformsTest {
  private static final float EPS = 1e-5f;

  @Test
  void inputTileMatchesItsScalarTwin() {
    SplittableRandom rnd = new SplittableRandom(1);
    // Pixel e of the tile, channel c, at x[e * LANES + c]; one pixel reads from an array of zeros, as padding does.
    float[] x = NaiveLoops.random(rnd, POSITIONS * LANES);
    float[][] a = new float[POSITIONS][];
    int[] o = new int[POSITIONS];
    float[] zeros = new float[LANES];
    for (int e = 0; e < POSITIONS; e++) {
      a[e] = e == 7 ? zeros : x;
      o[e] = e == 7 ? 0 : e * LANES;
    }
    float[] v = new float[POSITIONS * LANES];
    WinogradTransforms.inputTile(a, o, 0, new float[POSITIONS * LANES], v, 0, LANES);
    for (int c = 0; c < LANES; c++) {
      float[] d = new float[POSITIONS];
      for (int e = 0; e < POSITIONS; e++) {
        d[e] = a[e][o[e] + c];
      }
      float[] expected = new float[POSITIONS];
      WinogradTransforms.inputScalar(d, 0, expected, 0, new float[POSITIONS], 0);
      for (int e = 0; e < POSITIONS; e++) {
        assertEquals(expected[e], v[e * LANES + c], EPS * (1 + Math.abs(expected[e])), "point " + e + " lane " + c);
      }
    }
  }

  @Test
  void outputTileMatchesItsScalarTwin() {
    SplittableRandom rnd = new SplittableRandom(2);
    float[] m = NaiveLoops.random(rnd, POSITIONS * LANES);
    float[] y = new float[16 * LANES];
    WinogradTransforms.outputTile(m, 0, LANES, new float[24 * LANES], y);
    for (int c = 0; c < LANES; c++) {
      float[] in = new float[POSITIONS];
      for (int e = 0; e < POSITIONS; e++) {
        in[e] = m[e * LANES + c];
      }
      float[] expected = new float[16];
      WinogradTransforms.outputScalar(in, 0, expected, 0, new float[24], 0);
      for (int e = 0; e < 16; e++) {
        assertEquals(expected[e], y[e * LANES + c], EPS * (1 + Math.abs(expected[e])), "pixel " + e + " lane " + c);
      }
    }
  }

  @Test
  void vectorAndScalarFiltersAgree() {
    SplittableRandom rnd = new SplittableRandom(3);
    int cin = 3;
    int cout = LANES + 5;
    float[] hwio = NaiveLoops.random(rnd, 9 * cin * cout);
    float[] dst = new float[POSITIONS * cin * cout];
    WinogradTransforms.filters(hwio, cin, cout, 0, cin, dst, new float[WinogradTransforms.FILTER_TMP]);
    for (int ci = 0; ci < cin; ci++) {
      for (int co = 0; co < cout; co++) {
        float[] g = new float[9];
        for (int tap = 0; tap < 9; tap++) {
          g[tap] = hwio[(tap * cin + ci) * cout + co];
        }
        float[] u = new float[POSITIONS];
        WinogradTransforms.filterScalar(g, 0, u, 0, new float[18], 0);
        for (int p = 0; p < POSITIONS; p++) {
          float actual = dst[(p * cin + ci) * cout + co];
          assertEquals(u[p], actual, EPS * (1 + Math.abs(u[p])), "ci " + ci + " co " + co + " point " + p);
        }
      }
    }
  }

  @Test
  void oneTileThroughAllThreeTransformsIsTheCorrelation() {
    SplittableRandom rnd = new SplittableRandom(4);
    float[] d = NaiveLoops.random(rnd, POSITIONS);
    float[] g = NaiveLoops.random(rnd, 9);
    float[] v = new float[POSITIONS];
    float[] u = new float[POSITIONS];
    float[] tmp = new float[POSITIONS];
    WinogradTransforms.inputScalar(d, 0, v, 0, tmp, 0);
    WinogradTransforms.filterScalar(g, 0, u, 0, tmp, 0);
    float[] m = new float[POSITIONS];
    for (int p = 0; p < POSITIONS; p++) {
      m[p] = u[p] * v[p];
    }
    float[] y = new float[16];
    WinogradTransforms.outputScalar(m, 0, y, 0, tmp, 0);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double expected = 0;
        for (int r = 0; r < 3; r++) {
          for (int s = 0; s < 3; s++) {
            expected += (double) d[(i + r) * 6 + j + s] * g[r * 3 + s];
          }
        }
        assertEquals(expected, y[i * 4 + j], 1e-5, "output (" + i + ", " + j + ")");
      }
    }
  }
}
