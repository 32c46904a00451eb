package io.jresnet.cpu;

import io.jresnet.backend.Pool2dParams;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Backward of max, average and global average pooling over NHWC tensors, vectorised over channels. Windows may
 * overlap, so the window kernels give each task whole images and add into {@code dx} without locks.
 *
 * <p>Max pooling routes each gradient to the first maximum of its window in row-major order, as PyTorch does: a
 * first pass finds the maximum per channel, a second walks the window in order and hands the gradient to the lanes
 * that equal it and have not been served yet.
 */
final class CpuPoolingBackward {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  private CpuPoolingBackward() {}

  /** Sizes of one pooling call: input {@code [n, h, w, c]}, output {@code [n, oh, ow, c]}. */
  record Geometry(int n, int h, int w, int c, int oh, int ow, Pool2dParams p) {}

  static void maxPool(CpuComputePool pool, float[] x, float[] dy, Geometry g, float[] dx) {
    perImage(pool, g, dx, (image) -> {
      for (int oy = 0; oy < g.oh(); oy++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          int src = ((image * g.oh() + oy) * g.ow() + ox) * g.c();
          routeToMax(x, dy, src, g, image, window(g, oy, ox), dx);
        }
      }
    });
  }

  static void avgPool(CpuComputePool pool, float[] dy, Geometry g, float[] dx) {
    Pool2dParams p = g.p();
    perImage(pool, g, dx, (image) -> {
      for (int oy = 0; oy < g.oh(); oy++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          int src = ((image * g.oh() + oy) * g.ow() + ox) * g.c();
          int[] win = window(g, oy, ox);
          int cells = p.countPadding() ? p.kernelH() * p.kernelW() : (win[1] - win[0]) * (win[3] - win[2]);
          float scale = 1f / cells;
          for (int iy = win[0]; iy < win[1]; iy++) {
            for (int ix = win[2]; ix < win[3]; ix++) {
              VectorLoops.addScaledInto(scale, dy, src, dx, ((image * g.h() + iy) * g.w() + ix) * g.c(), g.c());
            }
          }
        }
      }
    });
  }

  /** {@code dx[n, p, c] = dy[n, c] / pixels}, parallel over images. */
  static void globalAvgPool(CpuComputePool pool, float[] dy, int n, int pixels, int c, float[] dx) {
    float scale = 1f / pixels;
    pool.parallelRange(n, 1, (from, to, participant) -> {
      for (int image = from; image < to; image++) {
        int src = image * c;
        for (int px = 0; px < pixels; px++) {
          int dst = (image * pixels + px) * c;
          // A plain loop, which C2 vectorises: see CpuPooling.globalAvgPool.
          for (int ch = 0; ch < c; ch++) {
            dx[dst + ch] = dy[src + ch] * scale;
          }
        }
      }
    });
  }

  @FunctionalInterface
  private interface ImageBody {
    void run(int image);
  }

  private static void perImage(CpuComputePool pool, Geometry g, float[] dx, ImageBody body) {
    int imageFloats = g.h() * g.w() * g.c();
    pool.parallelRange(g.n(), 1, (from, to, participant) -> {
      Arrays.fill(dx, from * imageFloats, to * imageFloats, 0f);
      for (int image = from; image < to; image++) {
        body.run(image);
      }
    });
  }

  /** The clipped window of output {@code (oy, ox)}: {@code {y0, y1, x0, x1}}, half-open. */
  private static int[] window(Geometry g, int oy, int ox) {
    Pool2dParams p = g.p();
    int iy0 = oy * p.strideH() - p.padTop();
    int ix0 = ox * p.strideW() - p.padLeft();
    return new int[] {
      Math.max(iy0, 0), Math.min(iy0 + p.kernelH(), g.h()), Math.max(ix0, 0), Math.min(ix0 + p.kernelW(), g.w())
    };
  }

  private static void routeToMax(float[] x, float[] dy, int src, Geometry g, int image, int[] win, float[] dx) {
    int c = g.c();
    int bound = SPECIES.loopBound(c);
    int ch = 0;
    for (; ch < bound; ch += LANES) {
      FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
      for (int iy = win[0]; iy < win[1]; iy++) {
        for (int ix = win[2]; ix < win[3]; ix++) {
          max = max.max(FloatVector.fromArray(SPECIES, x, cell(g, image, iy, ix) + ch));
        }
      }
      FloatVector grad = FloatVector.fromArray(SPECIES, dy, src + ch);
      VectorMask<Float> open = SPECIES.maskAll(true);
      for (int iy = win[0]; iy < win[1]; iy++) {
        for (int ix = win[2]; ix < win[3]; ix++) {
          int at = cell(g, image, iy, ix) + ch;
          FloatVector v = FloatVector.fromArray(SPECIES, x, at);
          // A NaN wins its window in the forward max; route to the first NaN then.
          VectorMask<Float> hit = v.compare(VectorOperators.EQ, max).or(v.test(VectorOperators.IS_NAN)).and(open);
          FloatVector.fromArray(SPECIES, dx, at).add(grad, hit).intoArray(dx, at);
          open = open.andNot(hit);
        }
      }
    }
    for (; ch < c; ch++) {
      float max = Float.NEGATIVE_INFINITY;
      int winner = -1;
      for (int iy = win[0]; iy < win[1]; iy++) {
        for (int ix = win[2]; ix < win[3]; ix++) {
          int at = cell(g, image, iy, ix) + ch;
          if (winner < 0 || x[at] > max || (Float.isNaN(x[at]) && !Float.isNaN(max))) {
            max = x[at];
            winner = at;
          }
        }
      }
      if (winner >= 0) {
        dx[winner] += dy[src + ch];
      }
    }
  }

  private static int cell(Geometry g, int image, int iy, int ix) {
    return ((image * g.h() + iy) * g.w() + ix) * g.c();
  }
}
