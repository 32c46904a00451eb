package io.jresnet.tck;

import io.jresnet.backend.Backend;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backend's {@code conv2dBackwardData} and {@code conv2dBackwardFilter} (weight and bias) against float64
 * central differences of the convolution, for {@code L = Σ dy ⊙ conv2d(x, w, b)} with random {@code dy}: strided,
 * asymmetric padding, dilated, grouped, depthwise with a channel multiplier, 1x1 projections, batch above 1, odd
 * channel counts, plus random small cases from a fixed seed. Tolerance: {@link #gradientTolerance()}.
 */
public abstract class ConvGradientCheckContract extends AbstractGradientCheckContract {
  private static final long MAX_MACS = 12_000;

  static Stream<ConvCase> gradientCases() {
    List<ConvCase> c = new ArrayList<>();
    Conv2dParams asymmetric = new Conv2dParams(3, 3, 2, 2, 1, 0, 2, 1, 1, 1, 1);
    c.add(ConvCase.of("3x3/2 asymmetric pad, batch 2", 2, 7, 6, 5, 3, asymmetric, "bias"));
    Conv2dParams dilatedGrouped = new Conv2dParams(3, 2, 1, 1, 2, 1, 0, 2, 2, 1, 2);
    c.add(ConvCase.of("3x2 dilated 2x1, groups 2", 1, 8, 7, 4, 6, dilatedGrouped, "bias"));
    c.add(ConvCase.square("depthwise 3x3/2, multiplier 2", 2, 7, 7, 3, 6, 3, 2, 1, 3, "bias"));
    c.add(ConvCase.square("1x1/2 projection, odd channels", 2, 5, 5, 7, 9, 1, 2, 0, 1, ""));
    c.add(ConvCase.square("3x3 padding wider than the reach", 1, 3, 4, 2, 3, 3, 1, 3, 1, "bias"));
    Conv2dParams kerasSame = new Conv2dParams(7, 7, 2, 2, 2, 3, 2, 3, 1, 1, 1);
    c.add(ConvCase.of("7x7/2 stem-like, Keras 'same'", 1, 9, 9, 3, 4, kerasSame, "bias"));
    ConvCase.random(20241129L, 40).stream().filter(r -> r.macs() <= MAX_MACS).limit(6).forEach(c::add);
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gradientCases")
  public void convGradientsMatchFiniteDifferences(ConvCase c) {
    Random random = new Random(c.seed());
    float[] x = uniform(random, c.inputShape());
    float[] w = uniform(random, c.weightShape());
    float[] bias = uniform(random, Shape.of(c.cout()));
    float[] dy = uniform(random, c.outputShape());
    Backend b = underTest();
    Tensor tdy = upload(b, dy, c.outputShape());
    Tensor tw = upload(b, w, c.weightShape());
    Tensor dx = garbage(b, c.inputShape());
    b.conv().conv2dBackwardData(tdy, own(b.prepareConvWeight(tw, c.params())), c.params(), dx);
    Tensor dw = garbage(b, c.weightShape());
    Tensor db = garbage(b, Shape.of(c.cout()));
    b.conv().conv2dBackwardFilter(upload(b, x, c.inputShape()), tdy, c.params(), dw, db);

    double[] wx = Float64Forward.widen(x);
    double[] ww = Float64Forward.widen(w);
    double[] wb = Float64Forward.widen(bias);
    Shape xs = c.inputShape();
    Conv2dParams p = c.params();
    int cout = c.cout();
    double[] numericDx = FiniteDifferences.gradient(x, dy, v -> Float64Forward.conv2d(v, xs, ww, cout, wb, p));
    double[] numericDw = FiniteDifferences.gradient(w, dy, v -> Float64Forward.conv2d(wx, xs, v, cout, wb, p));
    double[] numericDb = FiniteDifferences.gradient(bias, dy, v -> Float64Forward.conv2d(wx, xs, ww, cout, v, p));
    assertGradient(c, "dx", dx.copyToHost(), numericDx);
    assertGradient(c, "dWeight", dw.copyToHost(), numericDw);
    assertGradient(c, "dBias", db.copyToHost(), numericDb);
  }
}
