package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jresnet.backend.KernelBurst;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tensor life cycle: allocation, host copies in and out, ownership and close semantics. Data movement is exact:
 * what goes in comes out bit for bit.
 *
 * <p>Closed tensors must throw {@link IllegalStateException} when read, written or passed to a kernel; wrong
 * lengths throw {@link IllegalArgumentException}.
 */
public abstract class TensorContract extends AbstractBackendContract {
  private static final Shape SHAPE = Shape.nhwc(2, 3, 5, 7);

  @Test
  public void backendNamesItselfConsistently() {
    assertEquals(underTest().name(), underTest().info().name());
    assertTrue(underTest().info().threads() >= 1, "info().threads() must be at least 1");
    assertTrue(underTest().info().simdFloats() >= 1, "info().simdFloats() must be at least 1");
  }

  @Test
  public void allocateGivesZerosOfTheRequestedShape() {
    Tensor t = own(underTest().allocate(SHAPE));
    assertEquals(SHAPE, t.shape());
    assertSame(underTest(), t.backend());
    assertFalse(t.isClosed());
    assertExact("allocate", new float[SHAPE.size()], t.copyToHost());
  }

  @Test
  public void fromHostRoundTripsExactlyAndCopiesTheArray() {
    float[] data = uniform(new Random(1), SHAPE);
    data[0] = Float.MIN_VALUE; // a subnormal survives a copy untouched
    data[1] = -0f;
    float[] original = data.clone();
    Tensor t = upload(underTest(), data, SHAPE);
    data[2] = 42f;
    assertArrayEquals(original, t.copyToHost(), "fromHost must copy, and copyToHost must return the data");
  }

  @Test
  public void adoptHoldsTheHandedOverValuesExactly() {
    float[] data = uniform(new Random(4), SHAPE);
    data[0] = Float.MIN_VALUE;
    data[1] = -0f;
    float[] original = data.clone();
    Tensor t = own(underTest().adopt(data, SHAPE));
    assertEquals(SHAPE, t.shape());
    assertSame(underTest(), t.backend());
    assertArrayEquals(original, t.copyToHost(), "adopt must hold the values it was handed");
  }

  @Test
  public void copyToHostReturnsAFreshArrayEachTime() {
    Tensor t = upload(underTest(), uniform(new Random(2), SHAPE), SHAPE);
    float[] first = t.copyToHost();
    first[0] = 99f;
    float[] second = t.copyToHost();
    assertNotSame(first, second);
    assertEquals(t.copyToHost()[0], second[0]);
    assertFalse(second[0] == 99f, "changing a returned array must not change the tensor");
  }

  @Test
  public void copyToHostIntoArrayAndCopyFromHostRoundTrip() {
    float[] data = uniform(new Random(3), SHAPE);
    Tensor t = own(underTest().allocate(SHAPE));
    t.copyFromHost(data);
    float[] out = new float[SHAPE.size()];
    t.copyToHost(out);
    assertArrayEquals(data, out);
  }

  @Test
  public void wrongHostLengthsAreRejected() {
    Tensor t = own(underTest().allocate(SHAPE));
    int size = SHAPE.size();
    assertRejected(String.valueOf(size), () -> t.copyToHost(new float[size - 1]));
    assertRejected(String.valueOf(size), () -> t.copyFromHost(new float[size + 1]));
    assertRejected(String.valueOf(size), () -> underTest().fromHost(new float[size + 2], SHAPE));
    assertRejected(String.valueOf(size), () -> underTest().adopt(new float[size - 2], SHAPE));
  }

  @Test
  public void closeIsIdempotentAndLaterUseThrows() {
    Tensor t = underTest().fromHost(new float[SHAPE.size()], SHAPE);
    t.close();
    assertTrue(t.isClosed());
    assertDoesNotThrow(t::close);
    assertEquals(SHAPE, t.shape(), "shape() stays readable after close");
    assertThrows(IllegalStateException.class, t::copyToHost);
    assertThrows(IllegalStateException.class, () -> t.copyToHost(new float[SHAPE.size()]));
    assertThrows(IllegalStateException.class, () -> t.copyFromHost(new float[SHAPE.size()]));
  }

  @Test
  public void kernelsRejectClosedTensors() {
    Tensor closed = underTest().allocate(SHAPE);
    closed.close();
    Tensor open = own(underTest().allocate(SHAPE));
    assertThrows(IllegalStateException.class, () -> underTest().elementwise().relu(closed, open));
    assertThrows(IllegalStateException.class, () -> underTest().elementwise().relu(open, closed));
  }

  @Test
  public void kernelsRejectTensorsOfAnotherBackend() {
    Tensor foreign = upload(reference(), new float[SHAPE.size()], SHAPE);
    Tensor mine = own(underTest().allocate(SHAPE));
    assertThrows(IllegalArgumentException.class, () -> underTest().elementwise().relu(foreign, mine));
    assertThrows(IllegalArgumentException.class, () -> underTest().elementwise().relu(mine, foreign));
    assertThrows(IllegalArgumentException.class, () -> underTest().elementwise().fill(foreign, 1f));
  }

  @Test
  public void scalarTensorsHoldOneValue() {
    Tensor scalar = upload(underTest(), new float[] {3.5f}, Shape.of());
    assertArrayEquals(new float[] {3.5f}, scalar.copyToHost());
  }

  @Test
  public void aViewSharesTheElementsBothWays() {
    Tensor base = upload(underTest(), uniform(new Random(3), SHAPE), SHAPE);
    Shape flat = Shape.of(2, 3 * 5 * 7);
    Optional<Tensor> made = underTest().view(base, flat);
    assumeTrue(made.isPresent(), underTest().name() + " has no views");
    Tensor view = own(made.get());
    assertEquals(flat, view.shape());
    assertSame(underTest(), view.backend());
    assertArrayEquals(base.copyToHost(), view.copyToHost());
    float[] written = uniform(new Random(4), flat);
    view.copyFromHost(written);
    assertArrayEquals(written, base.copyToHost(), "a write through the view must show in the tensor");
    underTest().elementwise().fill(base, 2f);
    float[] twos = new float[SHAPE.size()];
    Arrays.fill(twos, 2f);
    assertArrayEquals(twos, view.copyToHost(), "a kernel writing the tensor must show in the view");
    view.close();
    assertFalse(base.isClosed(), "closing a view must leave its tensor open");
    assertArrayEquals(twos, base.copyToHost());
  }

  @Test
  public void viewsRejectBadArguments() {
    Tensor base = own(underTest().allocate(SHAPE));
    assumeTrue(underTest().view(base, SHAPE).isPresent(), underTest().name() + " has no views");
    assertThrows(IllegalArgumentException.class, () -> underTest().view(base, Shape.of(SHAPE.size() + 1)));
    assertThrows(IllegalArgumentException.class, () -> underTest().view(null, SHAPE));
    assertThrows(IllegalArgumentException.class, () -> underTest().view(base, null));
    Tensor foreign = upload(reference(), new float[SHAPE.size()], SHAPE);
    assertThrows(IllegalArgumentException.class, () -> underTest().view(foreign, SHAPE));
    Tensor closed = underTest().allocate(SHAPE);
    closed.close();
    assertThrows(IllegalStateException.class, () -> underTest().view(closed, SHAPE));
  }

  @Test
  public void kernelsRunAlikeInsideNestedBurstsAndAfter() {
    float[] data = uniform(new Random(5), SHAPE);
    float[] expected = new float[data.length];
    for (int i = 0; i < data.length; i++) {
      expected[i] = Math.max(0f, data[i]);
    }
    Tensor x = upload(underTest(), data, SHAPE);
    Tensor y = own(underTest().allocate(SHAPE));
    try (KernelBurst outer = underTest().burst();
        KernelBurst inner = underTest().burst()) {
      for (int i = 0; i < 3; i++) {
        underTest().elementwise().fill(y, -1f);
        underTest().elementwise().relu(x, y);
        assertArrayEquals(expected, y.copyToHost(), "inside the bursts, call " + i);
      }
    }
    underTest().elementwise().fill(y, -1f);
    underTest().elementwise().relu(x, y);
    assertArrayEquals(expected, y.copyToHost(), "after the bursts");
  }
}
