package io.jresnet.tck;

import io.jresnet.backend.Backend;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code conv2dBackwardData} and {@code conv2dBackwardFilter} against the reference, on the forward contract's
 * geometries that stay small (strides 1 to 3, symmetric and asymmetric padding, padding wider than the kernel's
 * reach, dilation, grouped and depthwise, 1x1 images, odd channel counts, batch above 1) plus random cases from a
 * fixed seed. {@code backwardData} runs with prepared weights ({@link Backend#prepareConvWeight}) and, for a
 * subset, raw HWIO weights. The filter gradient runs with and without {@code dBias}.
 *
 * <p>Outputs start as NaN, so cells no window reads must still be written (as 0). Inputs must come back unchanged.
 * Wrong {@code dx}, {@code dy}, {@code dWeight} and {@code dBias} shapes throw {@link IllegalArgumentException}
 * quoting the expected and actual shapes.
 */
public abstract class ConvBackwardContract extends AbstractBackendContract {
  private static final long SMALL_CASE_MACS = 400_000;

  /** The forward contract's named cases that are cheap enough for a backward pair, plus random ones. */
  static Stream<ConvCase> backwardCases() {
    return Stream.concat(ConvContract.namedCases().stream(), ConvCase.random(20241128L, 24).stream())
        .filter(c -> c.macs() <= SMALL_CASE_MACS);
  }

  static Stream<ConvCase> rawWeightCases() {
    Set<String> labels = Set.of("3x3/2 odd", "depthwise 3x3/2, multiplier 2", "dilation 2x3/2", "asymmetric padding");
    List<ConvCase> chosen = ConvContract.namedCases().stream().filter(c -> labels.contains(c.label())).toList();
    if (chosen.size() != labels.size()) {
      throw new IllegalStateException("rawWeightCases names a case that ConvContract.namedCases() no longer has");
    }
    return chosen.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backwardCases")
  public void backwardDataMatchesReference(ConvCase c) {
    checkBackwardData(c, true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rawWeightCases")
  public void backwardDataAcceptsUnpreparedHwioWeights(ConvCase c) {
    checkBackwardData(c, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backwardCases")
  public void backwardFilterMatchesReference(ConvCase c) {
    Random random = new Random(c.seed() ^ 0x5eed);
    float[] x = uniform(random, c.inputShape());
    float[] dy = uniform(random, c.outputShape());
    boolean withBias = c.bias();
    float[][] expected = backwardFilter(reference(), c, x, dy, withBias);
    float[][] actual = backwardFilter(underTest(), c, x, dy, withBias);
    assertClose(c + " dWeight", expected[0], actual[0]);
    if (withBias) {
      assertClose(c + " dBias", expected[1], actual[1]);
    }
  }

  private void checkBackwardData(ConvCase c, boolean prepare) {
    Random random = new Random(c.seed() ^ 0xda7a);
    float[] dy = uniform(random, c.outputShape());
    float[] weight = uniform(random, c.weightShape());
    float[] expected = backwardData(reference(), c, dy, weight, true);
    float[] actual = backwardData(underTest(), c, dy, weight, prepare);
    assertClose(c + " dx", expected, actual);
  }

  private float[] backwardData(Backend b, ConvCase c, float[] dy, float[] weight, boolean prepare) {
    Tensor tdy = upload(b, dy, c.outputShape());
    Tensor tw = upload(b, weight, c.weightShape());
    Tensor kernelWeight = prepare ? own(b.prepareConvWeight(tw, c.params())) : tw;
    Tensor dx = garbage(b, c.inputShape());
    b.conv().conv2dBackwardData(tdy, kernelWeight, c.params(), dx);
    assertUnchanged(c, "dy", dy, tdy);
    return dx.copyToHost();
  }

  private float[][] backwardFilter(Backend b, ConvCase c, float[] x, float[] dy, boolean withBias) {
    Tensor tx = upload(b, x, c.inputShape());
    Tensor tdy = upload(b, dy, c.outputShape());
    Tensor dw = garbage(b, c.weightShape());
    Tensor db = withBias ? garbage(b, Shape.of(c.cout())) : null;
    b.conv().conv2dBackwardFilter(tx, tdy, c.params(), dw, db);
    assertUnchanged(c, "x", x, tx);
    assertUnchanged(c, "dy", dy, tdy);
    return new float[][] {dw.copyToHost(), db == null ? null : db.copyToHost()};
  }

  @Test
  public void backwardDataWithWrongDyShapeIsRejected() {
    Fixture f = new Fixture();
    Shape wrong = Shape.nhwc(1, 5, 4, 8);
    Tensor dy = own(underTest().allocate(wrong));
    Tensor dx = own(underTest().allocate(f.xShape));
    assertShapeRejected(f.yShape, wrong, () -> underTest().conv().conv2dBackwardData(dy, f.w, f.p, dx));
  }

  @Test
  public void backwardDataWithWeightOfWrongInputChannelsIsRejected() {
    Fixture f = new Fixture();
    Shape wrong = Shape.of(3, 3, 4, 8);
    Tensor w = upload(underTest(), new float[wrong.size()], wrong);
    Tensor dy = own(underTest().allocate(f.yShape));
    Tensor dx = own(underTest().allocate(f.xShape));
    assertShapeRejected(f.wShape, wrong, () -> underTest().conv().conv2dBackwardData(dy, w, f.p, dx));
  }

  @Test
  public void backwardFilterWithWrongDWeightShapeIsRejected() {
    Fixture f = new Fixture();
    Shape wrong = Shape.of(3, 3, 2, 8);
    Tensor x = own(underTest().allocate(f.xShape));
    Tensor dy = own(underTest().allocate(f.yShape));
    Tensor dw = own(underTest().allocate(wrong));
    assertShapeRejected(f.wShape, wrong, () -> underTest().conv().conv2dBackwardFilter(x, dy, f.p, dw, null));
  }

  @Test
  public void backwardFilterWithWrongDBiasShapeIsRejected() {
    Fixture f = new Fixture();
    Tensor x = own(underTest().allocate(f.xShape));
    Tensor dy = own(underTest().allocate(f.yShape));
    Tensor dw = own(underTest().allocate(f.wShape));
    Tensor db = own(underTest().allocate(Shape.of(7)));
    assertShapeRejected(
        Shape.of(8), Shape.of(7), () -> underTest().conv().conv2dBackwardFilter(x, dy, f.p, dw, db));
  }

  @Test
  public void backwardFilterWithWrongDyShapeIsRejected() {
    Fixture f = new Fixture();
    Shape wrong = Shape.nhwc(2, 5, 5, 8);
    Tensor x = own(underTest().allocate(f.xShape));
    Tensor dy = own(underTest().allocate(wrong));
    Tensor dw = own(underTest().allocate(f.wShape));
    assertShapeRejected(f.yShape, wrong, () -> underTest().conv().conv2dBackwardFilter(x, dy, f.p, dw, null));
  }

  /** A 3x3, pad 1 convolution of {@code [1, 5, 5, 3]} to 8 channels, with a prepared weight of the backend. */
  private final class Fixture {
    final Conv2dParams p = Conv2dParams.square(3, 1, 1);
    final Shape xShape = Shape.nhwc(1, 5, 5, 3);
    final Shape yShape = Shape.nhwc(1, 5, 5, 8);
    final Shape wShape = Shape.of(3, 3, 3, 8);
    final Tensor w =
        own(underTest().prepareConvWeight(upload(underTest(), uniform(new Random(8), wShape), wShape), p));
  }
}
