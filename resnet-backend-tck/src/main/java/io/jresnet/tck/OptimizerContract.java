package io.jresnet.tck;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sgd} and {@code adam} against the reference over five consecutive steps with fresh gradients each step
 * (so the momentum buffers, the bias correction of Adam and the order of weight decay all matter): plain SGD,
 * momentum, Nesterov, each with and without weight decay; Adam (L2 decay) and AdamW (decoupled decay) with and
 * without decay, and a learning rate that changes per step as a schedule would. Parameters, velocity and both Adam
 * moments are compared after every step. Sizes are odd (1 to a few thousand elements). Mismatched state shapes
 * throw {@link IllegalArgumentException} quoting the expected and actual shapes.
 */
public abstract class OptimizerContract extends AbstractBackendContract {
  private static final int STEPS = 5;

  /** One optimizer run; {@code adam} false means SGD, and {@code decoupled} then does not apply. */
  public record OptimizerCase(
      String label, Shape shape, boolean adam, float lr, float momentum, float weightDecay, boolean nesterov,
      boolean decoupled) {
    @Override
    public String toString() {
      return label + " " + shape;
    }
  }

  static Stream<OptimizerCase> optimizerCases() {
    return Stream.of(
        new OptimizerCase("plain SGD", Shape.of(7), false, 0.1f, 0f, 0f, false, false),
        new OptimizerCase("SGD weight decay, no momentum", Shape.of(3, 5, 7), false, 0.05f, 0f, 1e-2f, false, false),
        new OptimizerCase("SGD momentum", Shape.of(1031), false, 0.1f, 0.9f, 0f, false, false),
        new OptimizerCase("SGD momentum + wd", Shape.of(3, 3, 17, 33), false, 0.1f, 0.9f, 5e-4f, false, false),
        new OptimizerCase("SGD nesterov + wd", Shape.of(17), false, 0.2f, 0.9f, 1e-2f, true, false),
        new OptimizerCase("Adam", Shape.of(1), true, 1e-3f, 0f, 0f, false, false),
        new OptimizerCase("Adam L2 decay", Shape.of(5, 70), true, 1e-2f, 0f, 1e-2f, false, false),
        new OptimizerCase("AdamW", Shape.of(3, 3, 5, 7), true, 1e-2f, 0f, 5e-2f, false, true),
        new OptimizerCase("AdamW no decay", Shape.of(129), true, 3e-3f, 0f, 0f, false, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizerCases")
  public void stepsMatchReference(OptimizerCase c) {
    Random random = new Random(c.toString().hashCode());
    float[] param = uniform(random, c.shape());
    State expected = new State(reference(), c, param);
    State actual = new State(underTest(), c, param);
    for (int step = 1; step <= STEPS; step++) {
      float[] grad = Tensors.gaussian(random, c.shape().size(), 0.5);
      float lr = c.lr() * (1 + 0.1f * step); // changes per call, as a schedule does
      expected.step(grad, lr, step);
      actual.step(grad, lr, step);
      assertClose(c + " step " + step + " param", expected.param.copyToHost(), actual.param.copyToHost());
      if (c.adam()) {
        assertClose(c + " step " + step + " m", expected.first.copyToHost(), actual.first.copyToHost());
        assertClose(c + " step " + step + " v", expected.second.copyToHost(), actual.second.copyToHost());
      } else if (c.momentum() != 0) {
        assertClose(c + " step " + step + " velocity", expected.first.copyToHost(), actual.first.copyToHost());
      }
    }
  }

  /** A parameter and its optimizer state on one backend. */
  private final class State {
    final Backend b;
    final OptimizerCase c;
    final Tensor param;
    final Tensor first;
    final Tensor second;

    State(Backend b, OptimizerCase c, float[] param) {
      this.b = b;
      this.c = c;
      this.param = upload(b, param, c.shape());
      boolean needsFirst = c.adam() || c.momentum() != 0;
      this.first = needsFirst ? upload(b, new float[c.shape().size()], c.shape()) : null;
      this.second = c.adam() ? upload(b, new float[c.shape().size()], c.shape()) : null;
    }

    void step(float[] grad, float lr, long step) {
      Tensor g = upload(b, grad, c.shape());
      if (c.adam()) {
        b.optimizer().adam(param, g, first, second, lr, 0.9f, 0.999f, 1e-8f, c.weightDecay(), c.decoupled(), step);
      } else {
        b.optimizer().sgd(param, g, first, lr, c.momentum(), c.weightDecay(), c.nesterov());
      }
      assertUnchanged(c, "grad", grad, g);
    }
  }

  @Test
  public void stateOfWrongShapeIsRejected() {
    Tensor p = own(underTest().allocate(Shape.of(3, 4)));
    Tensor g = own(underTest().allocate(Shape.of(3, 4)));
    Tensor wrong = own(underTest().allocate(Shape.of(4, 3)));
    assertShapeRejected(
        Shape.of(3, 4), Shape.of(4, 3), () -> underTest().optimizer().sgd(p, g, wrong, 0.1f, 0.9f, 0f, false));
    assertShapeRejected(
        Shape.of(3, 4), Shape.of(4, 3), () -> underTest().optimizer().sgd(p, wrong, g, 0.1f, 0.9f, 0f, false));
    assertShapeRejected(
        Shape.of(3, 4),
        Shape.of(4, 3),
        () -> underTest().optimizer().adam(p, g, g, wrong, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, 1));
  }
}
