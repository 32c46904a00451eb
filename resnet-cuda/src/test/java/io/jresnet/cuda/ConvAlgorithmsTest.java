package io.jresnet.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.cuda.ffi.ConvAlgorithm;
import io.jresnet.cuda.ffi.Cudnn;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConvAlgorithmsTest {
  private static final int TENSOR_OP = 1;

  private static ConvAlgorithm algo(int id, int status, long workspace, int mathType) {
    return new ConvAlgorithm(id, status, 0.5f, workspace, true, mathType);
  }

  @Test
  void takesTheFirstUsableAlgorithmThatFitsTheWorkspace() {
    List<ConvAlgorithm> ranked = List.of(algo(7, 0, 1L << 31, Cudnn.MATH_FMA), algo(3, 9, 0, Cudnn.MATH_FMA),
        algo(1, 0, 4096, Cudnn.MATH_FMA), algo(0, 0, 0, Cudnn.MATH_FMA));
    assertEquals(Optional.of(new ConvChoice(1, Cudnn.MATH_FMA, 4096)), ConvAlgorithms.choose(ranked, false, 1L << 30));
  }

  @Test
  void withoutTf32TensorOpAlgorithmsAreSkippedAndDefaultMathIsPinnedToFma() {
    List<ConvAlgorithm> ranked = List.of(algo(6, 0, 0, TENSOR_OP), algo(1, 0, 0, Cudnn.MATH_DEFAULT));
    assertEquals(Optional.of(new ConvChoice(1, Cudnn.MATH_FMA, 0)), ConvAlgorithms.choose(ranked, false, 0));
    assertEquals(Optional.of(new ConvChoice(6, TENSOR_OP, 0)), ConvAlgorithms.choose(ranked, true, 0));
  }

  @Test
  void nothingUsableIsEmpty() {
    assertEquals(Optional.empty(), ConvAlgorithms.choose(List.of(algo(1, 0, 100, Cudnn.MATH_FMA)), false, 10));
  }
}
