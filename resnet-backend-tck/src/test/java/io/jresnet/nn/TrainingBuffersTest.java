package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Reuse, idempotent release, hand-over and trimming of the tensors of training steps. */
class TrainingBuffersTest {
  private final CountingBackend backend = new CountingBackend();
  private final TrainingBuffers buffers = new TrainingBuffers(backend);

  @Test
  void aReleasedTensorIsTakenAgainForItsShapeOnly() {
    buffers.beginStep();
    Tensor a = buffers.take(Shape.of(2, 3));
    buffers.release(a);
    assertNotSame(a, buffers.take(Shape.of(3, 2)), "another shape gets another tensor");
    assertSame(a, buffers.take(Shape.of(2, 3)));
    assertEquals(2, backend.live());
  }

  @Test
  void releasingTwiceOrReleasingAForeignTensorDoesNothing() {
    buffers.beginStep();
    Tensor a = buffers.take(Shape.of(4));
    buffers.release(a);
    buffers.release(a);
    Tensor foreign = backend.allocate(Shape.of(4));
    buffers.release(foreign);
    buffers.release(null);
    assertEquals(1, buffers.freeCount());
    assertSame(a, buffers.take(Shape.of(4)));
    assertNotSame(a, buffers.take(Shape.of(4)), "a tensor released twice is still handed out once");
  }

  @Test
  void aDetachedTensorIsNeverTakenBackNorClosed() {
    buffers.beginStep();
    Tensor result = buffers.take(Shape.of(5));
    buffers.detach(result);
    buffers.release(result);
    assertEquals(0, buffers.freeCount());
    buffers.close();
    assertTrue(!result.isClosed(), "the caller owns it");
  }

  @Test
  void aTensorClosedBySomeoneElseIsNotHandedOutAgain() {
    buffers.beginStep();
    Tensor a = buffers.take(Shape.of(6));
    buffers.release(a);
    a.close();
    Tensor b = buffers.take(Shape.of(6));
    assertNotSame(a, b);
    assertTrue(!b.isClosed());
  }

  @Test
  void freeTensorsAWholeStepWentByWithoutAreFreedAtTheNextStep() {
    buffers.beginStep();
    Tensor big = buffers.take(Shape.of(8, 8));
    Tensor small = buffers.take(Shape.of(2));
    buffers.release(big);
    buffers.release(small);
    buffers.beginStep();
    buffers.release(buffers.take(Shape.of(2)));
    assertEquals(2, backend.live(), "one step without it is not enough");
    buffers.beginStep();
    assertTrue(big.isClosed(), "step 2 did not use it");
    assertTrue(!small.isClosed());
    assertEquals(1, buffers.freeCount());
  }

  @Test
  void closeFreesFreeAndOutstandingTensors() {
    buffers.beginStep();
    Tensor out = buffers.take(Shape.of(3));
    buffers.release(buffers.take(Shape.of(3)));
    buffers.close();
    assertTrue(out.isClosed());
    assertEquals(0, backend.live());
    buffers.close();
  }
}
