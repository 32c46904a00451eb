package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Backend;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code conv2d} against the reference: stems, 1x1 projections, 3x3 blocks, grouped and depthwise convolutions,
 * dilation, asymmetric padding, odd spatial sizes and channel counts (1, 3, 5, 17, 33, 70) as well as wide ones
 * (64, 128), batch above 1, with and without bias, residual and ReLU, plus random cases from a fixed seed. Weights
 * go through {@link Backend#prepareConvWeight}; a subset also passes raw HWIO weights, which the SPI accepts too.
 *
 * <p>Outputs start as NaN, so a kernel must write every element. Inputs must come back unchanged. Errors: wrong
 * output, weight, bias or residual shapes throw {@link IllegalArgumentException} quoting the expected and actual
 * shapes; groups that do not divide the channels and tensors of another backend throw it too.
 */
public abstract class ConvContract extends AbstractBackendContract {

  /** The hand-picked cases: the shapes of real ResNets and the edges of the geometry. */
  public static List<ConvCase> namedCases() {
    List<ConvCase> c = new ArrayList<>();
    c.add(ConvCase.square("7x7/2 stem", 2, 31, 29, 3, 64, 7, 2, 3, 1, ""));
    c.add(ConvCase.square("7x7/2 stem, Keras valid", 1, 21, 21, 3, 64, 7, 2, 0, 1, "bias"));
    c.add(ConvCase.square("1x1 projection", 1, 9, 7, 64, 128, 1, 1, 0, 1, ""));
    c.add(ConvCase.square("1x1 expansion with residual", 2, 7, 5, 64, 128, 1, 1, 0, 1, "bias+residual+relu"));
    c.add(ConvCase.square("1x1/2 downsample", 2, 9, 9, 70, 128, 1, 2, 0, 1, "bias"));
    c.add(ConvCase.square("1x1 odd channels", 3, 5, 3, 33, 17, 1, 1, 0, 1, "relu"));
    c.add(ConvCase.square("3x3 basic block", 2, 13, 11, 64, 64, 3, 1, 1, 1, "bias+residual+relu"));
    c.add(ConvCase.square("3x3, many rows to split", 4, 28, 28, 32, 32, 3, 1, 1, 1, "bias+relu"));
    c.add(ConvCase.square("1x1, many pixels", 2, 32, 32, 64, 64, 1, 1, 0, 1, "residual"));
    c.add(ConvCase.square("3x3 wide", 1, 7, 7, 128, 128, 3, 1, 1, 1, "relu"));
    c.add(ConvCase.square("3x3/2 odd", 3, 15, 13, 17, 33, 3, 2, 1, 1, "bias+relu"));
    c.add(ConvCase.square("3x3 channels not a multiple of 16", 1, 5, 5, 70, 128, 3, 1, 1, 1, "residual"));
    c.add(ConvCase.square("3x3 one channel", 2, 6, 9, 1, 1, 3, 1, 1, 1, "bias"));
    c.add(ConvCase.square("3x3 one input channel", 1, 8, 8, 1, 5, 3, 1, 1, 1, "relu"));
    c.add(ConvCase.square("3x3 on a 1x1 image", 2, 1, 1, 5, 7, 3, 1, 1, 1, "bias+relu"));
    c.add(ConvCase.square("5x5/3", 1, 14, 16, 5, 17, 5, 3, 2, 1, "bias"));
    c.add(ConvCase.square("window as large as the input", 2, 5, 5, 3, 8, 5, 1, 0, 1, "bias+residual"));
    c.add(ConvCase.square("padding wider than the kernel reach", 1, 4, 4, 3, 5, 3, 1, 3, 1, "bias+relu"));
    c.add(ConvCase.square("depthwise 3x3", 2, 9, 9, 32, 32, 3, 1, 1, 32, "bias+relu"));
    c.add(ConvCase.square("depthwise 3x3/2, multiplier 2", 1, 11, 10, 17, 34, 3, 2, 1, 17, "residual"));
    c.add(ConvCase.square("depthwise 3x3 wide", 1, 6, 7, 128, 128, 3, 1, 1, 128, ""));
    c.add(ConvCase.square("grouped 4", 2, 7, 7, 16, 12, 3, 1, 1, 4, "bias"));
    c.add(ConvCase.square("ResNeXt 32x4d", 1, 7, 7, 128, 128, 3, 1, 1, 32, "relu"));
    c.add(ConvCase.square("grouped 1x1", 1, 5, 5, 64, 70, 1, 1, 0, 2, "bias"));
    c.add(ConvCase.of("dilation 2", 2, 11, 9, 33, 17, new Conv2dParams(3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1), "bias"));
    c.add(ConvCase.of("dilation 2x3/2", 1, 13, 15, 5, 9, new Conv2dParams(3, 3, 2, 2, 1, 2, 3, 0, 2, 3, 1), ""));
    c.add(
        ConvCase.of(
            "2x2/2 Keras 'same' pads bottom-right", 2, 7, 7, 3, 8, new Conv2dParams(2, 2, 2, 2, 0, 1, 0, 1, 1, 1, 1),
            "bias"));
    c.add(ConvCase.of("asymmetric padding", 1, 6, 7, 5, 6, new Conv2dParams(3, 3, 1, 1, 1, 2, 0, 3, 1, 1, 1), "relu"));
    c.add(ConvCase.of("1x3, stride 1x2", 2, 5, 9, 8, 5, new Conv2dParams(1, 3, 1, 2, 0, 0, 1, 1, 1, 1, 1), "bias"));
    c.add(ConvCase.of("3x1, stride 2x1", 1, 9, 4, 6, 10, new Conv2dParams(3, 1, 2, 1, 1, 1, 0, 0, 1, 1, 2), ""));
    return c;
  }

  static Stream<ConvCase> conv2dCases() {
    return Stream.concat(namedCases().stream(), ConvCase.random(20240611L, 32).stream());
  }

  /** A few cases, one per kind of geometry, for the checks that need not run everywhere. */
  static Stream<ConvCase> rawWeightCases() {
    Set<String> labels =
        Set.of(
            "7x7/2 stem",
            "1x1 expansion with residual",
            "3x3/2 odd",
            "depthwise 3x3/2, multiplier 2",
            "dilation 2x3/2",
            "asymmetric padding");
    List<ConvCase> chosen = namedCases().stream().filter(c -> labels.contains(c.label())).toList();
    if (chosen.size() != labels.size()) {
      throw new IllegalStateException("rawWeightCases names a case that namedCases() no longer has");
    }
    return chosen.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conv2dCases")
  public void conv2dMatchesReference(ConvCase c) {
    checkAgainstReference(c, true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rawWeightCases")
  public void conv2dAcceptsUnpreparedHwioWeights(ConvCase c) {
    checkAgainstReference(c, false);
  }

  private void checkAgainstReference(ConvCase c, boolean prepare) {
    Random random = new Random(c.seed());
    float[] x = uniform(random, c.inputShape());
    float[] weight = uniform(random, c.weightShape());
    float[] bias = c.bias() ? uniform(random, Shape.of(c.cout())) : null;
    float[] residual = c.residual() ? uniform(random, c.outputShape()) : null;
    float[] expected = run(reference(), c, x, weight, bias, residual, true);
    float[] actual = run(underTest(), c, x, weight, bias, residual, prepare);
    assertClose(c, expected, actual);
  }

  private float[] run(
      Backend b, ConvCase c, float[] x, float[] weight, float[] bias, float[] residual, boolean prepare) {
    Tensor tx = upload(b, x, c.inputShape());
    Tensor tw = upload(b, weight, c.weightShape());
    Tensor kernelWeight = prepare ? own(b.prepareConvWeight(tw, c.params())) : tw;
    Tensor tb = uploadOptional(b, bias, Shape.of(c.cout()));
    Tensor tr = uploadOptional(b, residual, c.outputShape());
    Tensor y = garbage(b, c.outputShape());
    b.conv().conv2d(tx, kernelWeight, tb, c.params(), tr, c.relu(), y);
    assertUnchanged(c, "x", x, tx);
    if (tr != null) {
      assertUnchanged(c, "residual", residual, tr);
    }
    return y.copyToHost();
  }

  @Test
  public void preparedWeightKeepsTheLogicalShape() {
    Conv2dParams p = Conv2dParams.square(3, 1, 1);
    Shape hwio = Shape.of(3, 3, 5, 7);
    Tensor w = upload(underTest(), uniform(new Random(5), hwio), hwio);
    Tensor prepared = own(underTest().prepareConvWeight(w, p));
    assertEquals(hwio, prepared.shape());
  }

  @Test
  public void wrongOutputShapeIsRejected() {
    Shape wrong = Shape.nhwc(1, 5, 5, 9);
    Fixture f = fixture(wrong);
    assertShapeRejected(
        Shape.nhwc(1, 5, 5, 8), wrong, () -> underTest().conv().conv2d(f.x, f.w, null, f.p, null, false, f.y));
  }

  @Test
  public void wrongResidualShapeIsRejected() {
    Fixture f = fixture(Shape.nhwc(1, 5, 5, 8));
    Shape wrong = Shape.nhwc(1, 4, 5, 8);
    Tensor residual = own(underTest().allocate(wrong));
    assertShapeRejected(
        Shape.nhwc(1, 5, 5, 8), wrong, () -> underTest().conv().conv2d(f.x, f.w, null, f.p, residual, false, f.y));
  }

  @Test
  public void wrongBiasShapeIsRejected() {
    Fixture f = fixture(Shape.nhwc(1, 5, 5, 8));
    Tensor bias = own(underTest().allocate(Shape.of(7)));
    assertShapeRejected(
        Shape.of(8), Shape.of(7), () -> underTest().conv().conv2d(f.x, f.w, bias, f.p, null, false, f.y));
  }

  @Test
  public void weightWithWrongInputChannelsIsRejected() {
    Fixture f = fixture(Shape.nhwc(1, 5, 5, 8));
    Shape wrong = Shape.of(3, 3, 4, 8);
    Tensor w = upload(underTest(), new float[wrong.size()], wrong);
    assertShapeRejected(
        Shape.of(3, 3, 3, 8), wrong, () -> underTest().conv().conv2d(f.x, w, null, f.p, null, false, f.y));
  }

  @Test
  public void groupsThatDoNotDivideTheChannelsAreRejected() {
    Shape xs = Shape.nhwc(1, 5, 5, 3);
    Tensor x = own(underTest().allocate(xs));
    Tensor w = own(underTest().allocate(Shape.of(1, 1, 1, 4)));
    Tensor y = own(underTest().allocate(Shape.nhwc(1, 5, 5, 4)));
    Conv2dParams p = new Conv2dParams(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 2);
    assertRejected("groups", () -> underTest().conv().conv2d(x, w, null, p, null, false, y));
  }

  @Test
  public void tensorsOfAnotherBackendAreRejected() {
    Fixture f = fixture(Shape.nhwc(1, 5, 5, 8));
    Tensor foreignX = upload(reference(), new float[f.x.shape().size()], f.x.shape());
    assertThrows(
        IllegalArgumentException.class, () -> underTest().conv().conv2d(foreignX, f.w, null, f.p, null, false, f.y));
  }

  /** A 3x3, pad 1 convolution of a {@code [1, 5, 5, 3]} input to 8 channels, with the given output tensor. */
  private Fixture fixture(Shape yShape) {
    Conv2dParams p = Conv2dParams.square(3, 1, 1);
    Shape hwio = Shape.of(3, 3, 3, 8);
    Tensor x = upload(underTest(), uniform(new Random(7), Shape.nhwc(1, 5, 5, 3)), Shape.nhwc(1, 5, 5, 3));
    Tensor w = own(underTest().prepareConvWeight(upload(underTest(), uniform(new Random(8), hwio), hwio), p));
    return new Fixture(x, w, own(underTest().allocate(yShape)), p);
  }

  private record Fixture(Tensor x, Tensor w, Tensor y, Conv2dParams p) {}
}
