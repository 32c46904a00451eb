package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Conv2dParams;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Im2colTest {
  /**
   * A block of rows, lowered into the middle of a buffer full of NaNs: every receptive-field value lands where the
   * definition says, and nothing outside the block's rows is touched (short kernel rows are copied as whole vectors,
   * past their end).
   */
  @ParameterizedTest(name = "{0} input channels")
  @ValueSource(ints = {1, 3, 5, 16, 40})
  void lowersEachRowsReceptiveFieldAndWritesNothingOutsideTheBlock(int cin) {
    Conv2dParams p = Conv2dParams.square(7, 2, 3);
    int n = 2;
    int h = 19;
    int w = 23;
    ConvGeometry g = new ConvGeometry(n, h, w, cin, p.outputH(h), p.outputW(w), 8, p);
    SplittableRandom rnd = new SplittableRandom(cin);
    float[] x = NaiveLoops.random(rnd, n * h * w * cin);
    int depth = g.depth();
    int ld = depth + 3;
    int rowStart = 5;
    // The block's last pixel (image 1, row 0, column 2) has its whole last kernel row inside the input: copied.
    int rowEnd = g.rows() / 2 + 3;
    int offset = 2 * ld + 1;
    float[] dst = new float[offset + (rowEnd - rowStart) * ld + 5 * ld];
    Arrays.fill(dst, Float.NaN);
    Im2col.fill(x, g, 0, rowStart, rowEnd, dst, offset, ld);
    for (int i = 0; i < dst.length; i++) {
      int rel = i - offset;
      int row = Math.floorDiv(rel, ld);
      int col = Math.floorMod(rel, ld);
      boolean inBlock = rel >= 0 && row < rowEnd - rowStart;
      if (!inBlock) {
        assertTrue(Float.isNaN(dst[i]), "wrote outside the block at " + i);
      } else if (col < depth) {
        assertEquals(expected(x, g, rowStart + row, col), dst[i], "row " + (rowStart + row) + ", column " + col);
      }
    }
  }

  /** The definition: output pixel {@code m}'s window value at column {@code k = (i * kw + j) * cin + c}, 0 outside. */
  private static float expected(float[] x, ConvGeometry g, int m, int k) {
    Conv2dParams p = g.params();
    int cin = g.cin();
    int image = m / (g.oh() * g.ow());
    int oy = m / g.ow() % g.oh();
    int ox = m % g.ow();
    int c = k % cin;
    int j = k / cin % p.kernelW();
    int i = k / cin / p.kernelW();
    int iy = oy * p.strideH() - p.padTop() + i;
    int ix = ox * p.strideW() - p.padLeft() + j;
    return iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w() ? 0f : x[((image * g.h() + iy) * g.w() + ix) * cin + c];
  }
}
