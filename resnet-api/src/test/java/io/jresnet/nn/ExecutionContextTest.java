package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ExecutionContextTest {
  /** A context of an evaluation pass, which keeps nothing for backward. */
  private static final class EvaluationOnly implements ExecutionContext {
    @Override
    public Backend backend() {
      throw new AssertionError("not needed");
    }

    @Override
    public Mode mode() {
      return Mode.EVAL;
    }

    @Override
    public Tensor parameter(String fullName) {
      throw new AssertionError("not needed");
    }

    @Override
    public Tensor allocate(Shape shape) {
      throw new AssertionError("not needed");
    }
  }

  @Test
  void onlyTrainingContextsKeepValuesForBackward() {
    var e = assertThrows(IllegalStateException.class, () -> new EvaluationOnly().allocateSaved(Shape.of(3)));
    assertEquals("values for backward are kept only by a forward pass in Mode.TRAIN, not EVAL", e.getMessage());
  }
}
