package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CpuConv2dTest {
  private static final int LANES = GemmMicroKernel.LANES;
  private static final int NR = GemmMicroKernel.NR;

  /** One conv case: input {@code [n, h, w, cin]}, {@code cout} outputs, geometry. */
  record Case(String name, int n, int h, int w, int cin, int cout, Conv2dParams p) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("1x1 in place", 2, 5, 7, 19, 37, Conv2dParams.square(1, 1, 0)),
        new Case("1x1 in place, wide", 1, 3, 4, 64, 96, Conv2dParams.square(1, 1, 0)),
        new Case("1x1 stride 2", 2, 9, 6, 16, 33, Conv2dParams.square(1, 2, 0)),
        // Output rows of 28 pixels, whole register tiles: the strided input is read in place as row runs.
        new Case("1x1 stride 2, row runs in place", 2, 6, 56, 20, 64, Conv2dParams.square(1, 2, 0)),
        new Case("1x1 strides 2x3, row runs in place", 1, 4, 82, 9, 64,
            new Conv2dParams(1, 1, 2, 3, 0, 0, 0, 0, 1, 1, 1)),
        new Case("1x1 stride 2, row runs, groups 2", 1, 4, 56, 16, 128,
            new Conv2dParams(1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 2)),
        // One 28-pixel output row, many channels: the tiling splits columns and still reads the runs in place.
        new Case("1x1 stride 2, row runs, split columns", 1, 2, 56, 24, 256, Conv2dParams.square(1, 2, 0)),
        // Rows 4 KiB apart and columns split four or more ways: the rows are copied once, to padded rows.
        new Case("1x1 in place, 1024 channels, split columns (lowered once)", 1, 3, 5, 1024, 8 * NR,
            Conv2dParams.square(1, 1, 0)),
        new Case("1x1 stride 2, row runs 1024 floats apart, split columns (lowered once)", 1, 2, 28, 512, 8 * NR,
            Conv2dParams.square(1, 2, 0)),
        new Case("1x1 padded", 1, 4, 4, 5, 6, Conv2dParams.square(1, 1, 1)),
        new Case("3x3 pad 1", 2, 7, 9, 13, 40, Conv2dParams.square(3, 1, 1)),
        new Case("3x3 stride 2 pad 1", 1, 11, 10, 17, 65, Conv2dParams.square(3, 2, 1)),
        new Case("7x7 stride 2 pad 3 (stem)", 1, 23, 19, 3, 64, Conv2dParams.square(7, 2, 3)),
        new Case("3x3 valid, deep", 1, 6, 6, 300, 20, Conv2dParams.square(3, 1, 0)),
        new Case("3x3 pad 1, 16 channels (Winograd)", 2, 12, 12, 16, 24, Conv2dParams.square(3, 1, 1)),
        new Case("3x3 pad 1, few 4x4 tiles (Winograd 2x2)", 1, 14, 14, 16, 24, Conv2dParams.square(3, 1, 1)),
        // Few output pixels and many channels: the tiling splits columns, so A is lowered once into a shared buffer.
        new Case("3x3 few pixels, wide (shared lowering)", 1, 5, 5, 8, 130, Conv2dParams.square(3, 1, 1)),
        // Enough rows for row blocks alone, small weights: each task lowers its own rows though columns could split.
        new Case("3x3 stride 2, wide, row blocks only", 1, 32, 32, 8, 128, Conv2dParams.square(3, 2, 1)),
        new Case("3x3 groups 2, wide (shared lowering)", 1, 4, 4, 4, 260,
            new Conv2dParams(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2)),
        new Case("2x2 asymmetric 'same'", 2, 5, 6, 4, 7, new Conv2dParams(2, 2, 1, 1, 0, 1, 0, 1, 1, 1, 1)),
        new Case("3x2 kernel, strides 2x1", 1, 9, 8, 6, 10, new Conv2dParams(3, 2, 2, 1, 1, 1, 0, 1, 1, 1, 1)),
        new Case("3x3 dilation 2", 1, 9, 9, 8, 12, new Conv2dParams(3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1)),
        new Case("3x3 groups 2", 2, 6, 6, 8, 12, new Conv2dParams(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2)),
        new Case("1x1 groups 4", 1, 5, 5, 16, 40, new Conv2dParams(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 4)),
        new Case("3x3 depthwise", 2, 7, 6, 37, 37, new Conv2dParams(3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 37)),
        new Case("3x3 depthwise, dilation 2, padding past the reach", 1, 4, 5, 20, 20,
            new Conv2dParams(3, 3, 1, 2, 4, 3, 5, 2, 2, 2, 20)),
        new Case("3x3 depthwise multiplier 2", 1, 5, 5, 6, 12, new Conv2dParams(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 6)),
        // One or two vectors of output channels, stride 1: NarrowConv. Rows of 31 and 16 pixels end in a rest after
        // whole 14- and 7-pixel tiles. 3x3 with as many input as output channels takes the three-wide tiles; other
        // input widths, 5x5 and dilation take the tiles' general loops.
        new Case("3x3 narrow, one vector in and out", 2, 5, 31, LANES, LANES, Conv2dParams.square(3, 1, 1)),
        new Case("3x3 narrow, two vectors in and out", 1, 6, 16, 2 * LANES, 2 * LANES, Conv2dParams.square(3, 1, 1)),
        new Case("3x3 narrow, one vector", 2, 5, 31, 7, LANES, Conv2dParams.square(3, 1, 1)),
        // CIFAR's 32-pixel rows: two 14-pixel tiles, then a four-pixel one; 23 pixels: one 14, two fours and a lone
        // pixel (runs of odd length: three inputs);
        // two vectors on 20-pixel rows: two 7-pixel tiles, then three two-pixel ones.
        new Case("3x3 narrow, one vector in and out, 32 wide", 1, 4, 32, LANES, LANES, Conv2dParams.square(3, 1, 1)),
        new Case("3x3 narrow, three inputs, 23 wide", 2, 3, 23, 3, LANES, Conv2dParams.square(3, 1, 1)),
        new Case("3x3 narrow, two vectors, 20 wide", 1, 4, 20, 5, 2 * LANES, Conv2dParams.square(3, 1, 1)),
        // Stride 2 (ResNet-20's first conv of a stage): each output row brings two new input rows into the ring, and
        // a tile's pixels lie two pixels apart; odd sizes end on a padding row and column, and on lone pixels.
        new Case("3x3/2 narrow, two vectors (ResNet-20)", 2, 8, 32, LANES, 2 * LANES, Conv2dParams.square(3, 2, 1)),
        new Case("3x3/2 narrow, one vector, odd size", 2, 9, 31, 5, LANES, Conv2dParams.square(3, 2, 1)),
        new Case("5x5/2 narrow, one vector, 36 wide", 1, 7, 36, 3, LANES, Conv2dParams.square(5, 2, 2)),
        new Case("3x3 narrow, two vectors", 1, 6, 16, LANES, 2 * LANES, Conv2dParams.square(3, 1, 1)),
        new Case("3x3 narrow, one input channel (ResNet-20 stem)", 2, 8, 28, 1, LANES, Conv2dParams.square(3, 1, 1)),
        new Case("5x5 narrow, one vector", 1, 7, 15, 3, LANES, Conv2dParams.square(5, 1, 2)),
        new Case("3x3 narrow, two vectors, dilation 2", 1, 9, 16, 5, 2 * LANES,
            new Conv2dParams(3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1)),
        new Case("3x3 narrow, asymmetric padding", 1, 6, 17, 4, LANES,
            new Conv2dParams(3, 3, 1, 1, 0, 2, 1, 0, 1, 1, 1)),
        // Images of a few pixels, deep inputs, a batch of at least 14: SmallImageConv skips the taps on the padding
        // (forward for the first three; the last one's input gradient, whose flipped conv has 256 inputs).
        new Case("small images 3x3, 2x2 pixels, 256 -> 64", 14, 2, 2, 256, 64, Conv2dParams.square(3, 1, 1)),
        new Case("small images 3x3, 3x1 pixels", 16, 3, 1, 256, 32, Conv2dParams.square(3, 1, 1)),
        new Case("small images 2x2 kernel, 4x4 pixels, padding below and right", 15, 4, 4, 512, 32,
            new Conv2dParams(2, 2, 1, 1, 0, 1, 0, 1, 1, 1, 1)),
        new Case("small images 3x3, 2x2 pixels, 64 -> 256", 14, 2, 2, 64, 256, Conv2dParams.square(3, 1, 1)),
        // Few input channels, output rows of whole 14-pixel tiles, whole 32-channel panels: StemConv reads the
        // input in place; taps in the top and bottom padding are skipped, down to none at all in the last case.
        new Case("7x7 stride 2 pad 3, stem (StemConv)", 2, 30, 56, 3, 64, Conv2dParams.square(7, 2, 3)),
        new Case("3x3 stride 2, four vectors (StemConv)", 1, 5, 28, 3, 4 * LANES, Conv2dParams.square(3, 2, 1)),
        new Case("5x3 strides 1x2, asymmetric padding (StemConv)", 2, 9, 28, 3, 2 * NR,
            new Conv2dParams(5, 3, 1, 2, 2, 0, 1, 1, 1, 1, 1)),
        new Case("3x3 padding past the image (StemConv)", 1, 2, 28, 3, NR,
            new Conv2dParams(3, 3, 1, 2, 3, 3, 1, 1, 1, 1, 1)));
  }

  static Stream<Arguments> casesAndThreads() {
    return cases().flatMap(c -> Stream.of(Arguments.of(c, 1), Arguments.of(c, 2)));
  }

  @ParameterizedTest(name = "{0}, {1} threads")
  @MethodSource("casesAndThreads")
  void matchesNaiveLoopsWithRawAndPreparedWeightsAndEveryEpilogue(Case c, int threads) {
    SplittableRandom rnd = new SplittableRandom(c.name().hashCode());
    int cinG = c.cin() / c.p().groups();
    float[] x = NaiveLoops.random(rnd, c.n() * c.h() * c.w() * c.cin());
    float[] w = NaiveLoops.random(rnd, c.p().kernelH() * c.p().kernelW() * cinG * c.cout());
    float[] bias = NaiveLoops.random(rnd, c.cout());
    Shape outShape = Shape.nhwc(c.n(), c.p().outputH(c.h()), c.p().outputW(c.w()), c.cout());
    float[] residual = NaiveLoops.random(rnd, outShape.size());
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(threads))) {
      Tensor xt = backend.fromHost(x, Shape.nhwc(c.n(), c.h(), c.w(), c.cin()));
      Tensor raw = backend.fromHost(w, Shape.of(c.p().kernelH(), c.p().kernelW(), cinG, c.cout()));
      Tensor prepared = backend.prepareConvWeight(raw, c.p());
      Tensor bt = backend.fromHost(bias, Shape.of(c.cout()));
      Tensor rt = backend.fromHost(residual, outShape);
      Tensor y = backend.allocate(outShape);
      for (Tensor weight : new Tensor[] {raw, prepared}) {
        backend.conv().conv2d(xt, weight, null, c.p(), null, false, y);
        assertClose(NaiveLoops.conv2d(x, c.n(), c.h(), c.w(), c.cin(), w, c.cout(), null, c.p(), null, false), y);
        backend.conv().conv2d(xt, weight, bt, c.p(), rt, true, y);
        assertClose(NaiveLoops.conv2d(x, c.n(), c.h(), c.w(), c.cin(), w, c.cout(), bias, c.p(), residual, true), y);
        backend.conv().conv2d(xt, weight, bt, c.p(), null, false, y);
        assertClose(NaiveLoops.conv2d(x, c.n(), c.h(), c.w(), c.cin(), w, c.cout(), bias, c.p(), null, false), y);
        // The output written over the residual itself (residualInPlace), on every path.
        Tensor shortcut = backend.fromHost(residual, outShape);
        backend.conv().conv2d(xt, weight, bt, c.p(), shortcut, true, shortcut);
        assertClose(
            NaiveLoops.conv2d(x, c.n(), c.h(), c.w(), c.cin(), w, c.cout(), bias, c.p(), residual, true), shortcut);
      }
    }
  }

  /**
   * A call repeated with the same tensors runs the call prepared the first time ({@link ConvCall}): it must read the
   * arrays' new contents, a prepared weight overwritten in between (repacked, or its Winograd filters made again), and
   * the output written over the residual; and a call on another input tensor must not take the prepared one.
   */
  @ParameterizedTest(name = "{0}, {1} threads")
  @MethodSource("casesAndThreads")
  void repeatedCallsReadTheNewContentsOfTheSameTensors(Case c, int threads) {
    SplittableRandom rnd = new SplittableRandom(c.name().hashCode() + 1);
    int cinG = c.cin() / c.p().groups();
    Shape inShape = Shape.nhwc(c.n(), c.h(), c.w(), c.cin());
    Shape wShape = Shape.of(c.p().kernelH(), c.p().kernelW(), cinG, c.cout());
    Shape outShape = Shape.nhwc(c.n(), c.p().outputH(c.h()), c.p().outputW(c.w()), c.cout());
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(threads))) {
      Tensor xt = backend.allocate(inShape);
      Tensor other = backend.allocate(inShape);
      Tensor raw = backend.allocate(wShape);
      Tensor prepared =
          backend.prepareConvWeight(backend.fromHost(NaiveLoops.random(rnd, wShape.size()), wShape), c.p());
      Tensor bt = backend.allocate(Shape.of(c.cout()));
      Tensor rt = backend.allocate(outShape);
      Tensor y = backend.allocate(outShape);
      for (Tensor weight : new Tensor[] {raw, prepared}) {
        for (int round = 0; round < 3; round++) {
          float[] x = NaiveLoops.random(rnd, inShape.size());
          float[] w = NaiveLoops.random(rnd, wShape.size());
          float[] bias = NaiveLoops.random(rnd, c.cout());
          float[] residual = NaiveLoops.random(rnd, outShape.size());
          xt.copyFromHost(x);
          weight.copyFromHost(w);
          bt.copyFromHost(bias);
          rt.copyFromHost(residual);
          backend.conv().conv2d(xt, weight, bt, c.p(), rt, true, y);
          assertClose(NaiveLoops.conv2d(x, c.n(), c.h(), c.w(), c.cin(), w, c.cout(), bias, c.p(), residual, true), y);
          rt.copyFromHost(residual);
          backend.conv().conv2d(xt, weight, bt, c.p(), rt, true, rt);
          assertClose(NaiveLoops.conv2d(x, c.n(), c.h(), c.w(), c.cin(), w, c.cout(), bias, c.p(), residual, true), rt);
        }
        // Everything as in the last call but the input tensor.
        float[] x = NaiveLoops.random(rnd, inShape.size());
        other.copyFromHost(x);
        float[] w = weight.copyToHost();
        float[] bias = bt.copyToHost();
        float[] residual = NaiveLoops.random(rnd, outShape.size());
        rt.copyFromHost(residual);
        backend.conv().conv2d(other, weight, bt, c.p(), rt, true, rt);
        assertClose(NaiveLoops.conv2d(x, c.n(), c.h(), c.w(), c.cin(), w, c.cout(), bias, c.p(), residual, true), rt);
      }
    }
  }

  @Test
  void smallImageConvsAreStrideOneWindowsOverTheTinyImagesOfABatch() {
    Conv2dParams same = Conv2dParams.square(3, 1, 1);
    // ResNet-50's last stage at 64x64 inputs, batch 32, forward and input gradient.
    assertTrue(SmallImageConv.applies(new ConvGeometry(32, 2, 2, 512, 2, 2, 512, same)));
    assertTrue(cases().filter(c -> c.name().startsWith("small images")).limit(3).allMatch(c -> SmallImageConv.applies(
        new ConvGeometry(c.n(), c.h(), c.w(), c.cin(), c.p().outputH(c.h()), c.p().outputW(c.w()), c.cout(), c.p()))));
    ConvGeometry lastCase = new ConvGeometry(14, 2, 2, 64, 2, 2, 256, same);
    assertFalse(SmallImageConv.applies(lastCase), "64 inputs: not whole depth blocks");
    assertTrue(SmallImageConv.applies(CpuConvBackwardData.flippedConv(lastCase)));
    assertFalse(SmallImageConv.applies(new ConvGeometry(8, 2, 2, 512, 2, 2, 512, same)), "a batch below 14");
    assertFalse(SmallImageConv.applies(new ConvGeometry(32, 7, 7, 512, 7, 7, 512, same)), "49 positions");
    assertFalse(
        SmallImageConv.applies(new ConvGeometry(32, 4, 4, 512, 2, 2, 512, Conv2dParams.square(3, 1, 0))), "no padding");
    // Three rows of padding above a one-row image: output row 0's window lies wholly on the padding.
    assertFalse(SmallImageConv.applies(new ConvGeometry(32, 1, 3, 512, 2, 1, 512,
        new Conv2dParams(3, 3, 1, 1, 3, 0, 0, 0, 1, 1, 1))), "an output whose whole window lies on the padding");
  }

  @Test
  void stemConvsHaveFewInputChannelsAndOutputRowsOfWholeTiles() {
    assertEquals(GemmMicroKernel.FULL_TILE_FITS,
        StemConv.applies(new ConvGeometry(1, 224, 224, 3, 112, 112, 64, Conv2dParams.square(7, 2, 3))));
    assertTrue(cases().filter(c -> c.name().endsWith("(StemConv)")).allMatch(c -> !GemmMicroKernel.FULL_TILE_FITS
        || StemConv.applies(new ConvGeometry(c.n(), c.h(), c.w(), c.cin(), c.p().outputH(c.h()), c.p().outputW(c.w()),
            c.cout(), c.p()))));
    Conv2dParams stem = Conv2dParams.square(7, 2, 3);
    assertFalse(StemConv.applies(new ConvGeometry(1, 64, 64, 3, 32, 32, 64, stem)), "32-pixel rows");
    assertFalse(StemConv.applies(new ConvGeometry(1, 224, 224, 3, 112, 112, 48, stem)), "48 channels");
    assertFalse(StemConv.applies(new ConvGeometry(1, 224, 224, 8, 112, 112, 64, stem)), "8 input channels");
    assertFalse(StemConv.applies(new ConvGeometry(1, 28, 28, 3, 28, 28, 64, Conv2dParams.square(3, 1, 1))),
        "windows 3 floats apart");
    assertFalse(StemConv.applies(new ConvGeometry(1, 224, 224, 1, 112, 112, 64, stem)), "windows 2 floats apart");
    assertFalse(StemConv.applies(new ConvGeometry(1, 14, 14, 3, 14, 14, 64, Conv2dParams.square(1, 1, 0))), "1x1");
  }

  @Test
  void narrowConvsAreWindowsAtStrideOneOrTwoWithOneOrTwoVectorsOfOutputChannels() {
    Conv2dParams same = Conv2dParams.square(3, 1, 1);
    assertTrue(CpuConv2d.runsNarrow(new ConvGeometry(128, 28, 28, LANES, 28, 28, LANES, same)));
    assertTrue(CpuConv2d.runsNarrow(new ConvGeometry(128, 14, 14, 2 * LANES, 14, 14, 2 * LANES, same)));
    assertTrue(CpuConv2d.runsNarrow(new ConvGeometry(128, 28, 28, 1, 28, 28, LANES, same)));
    assertFalse(CpuConv2d.runsNarrow(new ConvGeometry(128, 7, 7, 4 * LANES, 7, 7, 4 * LANES, same)));
    assertFalse(CpuConv2d.runsNarrow(new ConvGeometry(1, 8, 8, LANES, 8, 8, LANES + 1, same)));
    assertTrue(
        CpuConv2d.runsNarrow(new ConvGeometry(128, 32, 32, LANES, 16, 16, 2 * LANES, Conv2dParams.square(3, 2, 1))));
    // A strided 1x1 conv reads its input in place as row runs; stride 3 is not narrow.
    assertFalse(
        CpuConv2d.runsNarrow(new ConvGeometry(128, 32, 32, LANES, 16, 16, 2 * LANES, Conv2dParams.square(1, 2, 0))));
    assertFalse(
        CpuConv2d.runsNarrow(new ConvGeometry(128, 30, 30, LANES, 10, 10, LANES, Conv2dParams.square(3, 3, 0))));
    assertFalse(
        CpuConv2d.runsNarrow(new ConvGeometry(128, 28, 28, LANES, 28, 28, LANES, Conv2dParams.square(1, 1, 0))));
  }

  /** ResNet-50's 56→28 and 28→14 projection shortcuts read their input in place; the 14→7 one (7-pixel rows) lowers. */
  /** Which 1×1 convs copy their input once because its rows alias in L1 and the columns split four ways or more. */
  @Test
  void pointwiseConvsCopyAliasingRowsOnceOnlyWhereTheColumnsSplitFourWaysOrMore() {
    assertTrue(copiesOnce(1, 14, 1024, 512, 1), "ResNet-50 14x14x1024 -> 512, batch 1");
    assertTrue(copiesOnce(1, 28, 512, 1024, 2), "28x28x512 -> 1024 stride 2 (runs 1024 floats apart), batch 1");
    assertFalse(copiesOnce(8, 14, 1024, 256, 1), "the same conv at batch 8: two column blocks");
    assertFalse(copiesOnce(1, 14, 512, 512, 1), "rows 2 KiB apart");
    assertFalse(copiesOnce(1, 28, 256, 512, 2), "runs 512 floats apart");
  }

  private static boolean copiesOnce(int n, int size, int cin, int cout, int stride) {
    Conv2dParams p = Conv2dParams.square(1, stride, 0);
    ConvGeometry g = new ConvGeometry(n, size, size, cin, p.outputH(size), p.outputW(size), cout, p);
    return CpuConv2d.copiesAliasedRowsOnce(g, GemmTiling.choose(g.rows(), cout, 1, 2));
  }

  @Test
  void stridedPointwiseConvsReadRowRunsInPlaceOnlyWhereOutputRowsAreWholeTiles() {
    Conv2dParams s2 = Conv2dParams.square(1, 2, 0);
    assertTrue(CpuConv2d.readsStridedRunsInPlace(new ConvGeometry(8, 56, 56, 256, 28, 28, 512, s2)));
    assertTrue(CpuConv2d.readsStridedRunsInPlace(new ConvGeometry(1, 28, 28, 512, 14, 14, 1024, s2)));
    assertFalse(CpuConv2d.readsStridedRunsInPlace(new ConvGeometry(8, 14, 14, 1024, 7, 7, 2048, s2)));
    // An odd height: output row q does not start at input row 2q of a batch-wide run.
    assertFalse(CpuConv2d.readsStridedRunsInPlace(new ConvGeometry(2, 55, 56, 64, 28, 28, 64, s2)));
    assertFalse(
        CpuConv2d.readsStridedRunsInPlace(new ConvGeometry(1, 56, 56, 64, 29, 29, 64, Conv2dParams.square(1, 2, 1))));
    assertFalse(
        CpuConv2d.readsStridedRunsInPlace(new ConvGeometry(1, 28, 28, 64, 28, 28, 64, Conv2dParams.square(1, 1, 0))));
  }

  private static void assertClose(float[] expected, Tensor actual) {
    double err = NaiveLoops.relativeError(actual.copyToHost(), expected);
    assertTrue(err < 1e-5, "relative error " + err);
  }

  @Test
  void preparedWeightsRepackWhenOverwritten() {
    Conv2dParams p = Conv2dParams.square(3, 1, 1);
    SplittableRandom rnd = new SplittableRandom(5);
    float[] x = NaiveLoops.random(rnd, 4 * 4 * 8);
    float[] w1 = NaiveLoops.random(rnd, 9 * 8 * 16);
    float[] w2 = NaiveLoops.random(rnd, 9 * 8 * 16);
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(1))) {
      Tensor xt = backend.fromHost(x, Shape.nhwc(1, 4, 4, 8));
      Tensor prepared = backend.prepareConvWeight(backend.fromHost(w1, Shape.of(3, 3, 8, 16)), p);
      prepared.copyFromHost(w2);
      Tensor y = backend.allocate(Shape.nhwc(1, 4, 4, 16));
      backend.conv().conv2d(xt, prepared, null, p, null, false, y);
      assertClose(NaiveLoops.conv2d(x, 1, 4, 4, 8, w2, 16, null, p, null, false), y);
      assertEquals(Shape.of(3, 3, 8, 16), prepared.shape());
    }
  }

  @Test
  void rejectsMismatchedShapesNamingTheArgument() {
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(1))) {
      Tensor x = backend.allocate(Shape.nhwc(1, 8, 8, 4));
      Tensor w = backend.allocate(Shape.of(3, 3, 4, 16));
      Conv2dParams p = Conv2dParams.square(3, 1, 1);
      var conv = backend.conv();
      assertMessage("conv2d: y has shape [1, 8, 8, 8], expected [1, 8, 8, 16]",
          () -> conv.conv2d(x, w, null, p, null, false, backend.allocate(Shape.nhwc(1, 8, 8, 8))));
      Tensor y = backend.allocate(Shape.nhwc(1, 8, 8, 16));
      assertMessage("conv2d: weight [3, 3, 4, 16] is a 3x3 kernel but params say 1x1",
          () -> conv.conv2d(x, w, null, Conv2dParams.square(1, 1, 0), null, false, y));
      assertMessage("conv2d: weight has shape [3, 3, 2, 16], expected [3, 3, 4, 16] (x has 4 channels, groups=1)",
          () -> conv.conv2d(x, backend.allocate(Shape.of(3, 3, 2, 16)), null, p, null, false, y));
      assertMessage("conv2d: bias has shape [8], expected [16]",
          () -> conv.conv2d(x, w, backend.allocate(Shape.of(8)), p, null, false, y));
      assertMessage("conv2d: residual has shape [1, 8, 8, 4], expected [1, 8, 8, 16]",
          () -> conv.conv2d(x, w, null, p, x, false, y));
      assertMessage("conv2d: x must be NHWC (rank 4), got shape [8, 8, 4]",
          () -> conv.conv2d(backend.allocate(Shape.of(8, 8, 4)), w, null, p, null, false, y));
      assertMessage("conv2d: the 3x3 window does not fit x [1, 2, 2, 4] with this padding and dilation (output would"
              + " be 0x0)",
          () -> conv.conv2d(backend.allocate(Shape.nhwc(1, 2, 2, 4)), w, null, Conv2dParams.square(3, 1, 0), null,
              false, y));
      assertMessage("conv2d: groups=3 does not divide the 4 channels of x [1, 8, 8, 4]",
          () -> conv.conv2d(x, w, null, new Conv2dParams(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 3), null, false, y));
      x.close();
      assertThrows(IllegalStateException.class, () -> conv.conv2d(x, w, null, p, null, false, y));
    }
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }
}
