package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.BackendProvider;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Life cycle, ownership and discovery of the reference backend. */
class ReferenceBackendTest {
  @Test
  void closingTheBackendInvalidatesItsTensors() {
    ReferenceBackend backend = new ReferenceBackend();
    Tensor t = backend.allocate(Shape.of(3));
    backend.close();
    var useTensor = assertThrows(IllegalStateException.class, t::copyToHost);
    assertEquals("the reference backend is closed", useTensor.getMessage());
    assertThrows(IllegalStateException.class, () -> backend.allocate(Shape.of(1)));
    assertThrows(IllegalStateException.class, () -> backend.fromHost(new float[1], Shape.of(1)));
  }

  @Test
  void closedTensorsSayWhichShapeWasClosed() {
    try (ReferenceBackend backend = new ReferenceBackend()) {
      Tensor t = backend.allocate(Shape.of(2, 3));
      Tensor y = backend.allocate(Shape.of(2, 3));
      t.close();
      assertEquals("tensor [2, 3] is closed", assertThrows(IllegalStateException.class, t::copyToHost).getMessage());
      var kernel = assertThrows(IllegalStateException.class, () -> backend.elementwise().relu(t, y));
      assertEquals("relu: x [2, 3] is closed", kernel.getMessage());
    }
  }

  @Test
  void tensorsOfAnotherReferenceInstanceAreRejectedByName() {
    try (ReferenceBackend mine = new ReferenceBackend();
        ReferenceBackend other = new ReferenceBackend()) {
      Tensor foreign = other.allocate(Shape.of(2));
      Tensor y = mine.allocate(Shape.of(2));
      var e = assertThrows(IllegalArgumentException.class, () -> mine.elementwise().relu(foreign, y));
      assertEquals("relu: x belongs to backend 'reference', not to this reference backend", e.getMessage());
    }
  }

  @Test
  void hostLengthMismatchesNameBothCounts() {
    try (ReferenceBackend backend = new ReferenceBackend()) {
      var fromHost = assertThrows(IllegalArgumentException.class, () -> backend.fromHost(new float[5], Shape.of(2, 3)));
      assertEquals("fromHost: shape [2, 3] needs 6 floats, got 5", fromHost.getMessage());
      Tensor t = backend.allocate(Shape.of(2, 3));
      var copyOut = assertThrows(IllegalArgumentException.class, () -> t.copyToHost(new float[7]));
      assertEquals("copyToHost destination has 7 floats, expected 6 for shape [2, 3]", copyOut.getMessage());
    }
  }

  @Test
  void infoDescribesAScalarSingleThreadedBackend() {
    try (ReferenceBackend backend = new ReferenceBackend()) {
      assertEquals("reference", backend.info().name());
      assertEquals(1, backend.info().simdFloats());
      assertEquals(1, backend.info().threads());
    }
  }

  @Test
  void providerOpensAReferenceBackendWithTheLowestPriority() {
    BackendProvider provider = new ReferenceBackendProvider();
    assertEquals("reference", provider.name());
    assertEquals(0, provider.priority());
    assertTrue(provider.isAvailable());
    assertEquals("", provider.unavailableReason());
    try (Backend backend = provider.open(BackendConfig.defaults())) {
      assertInstanceOf(ReferenceBackend.class, backend);
    }
  }

  @Test
  void providerIsNotRegisteredForServiceLoading() {
    boolean found =
        ServiceLoader.load(BackendProvider.class).stream()
            .anyMatch(p -> p.type() == ReferenceBackendProvider.class);
    assertFalse(found, "the reference backend is a test oracle and must not be offered to users");
  }
}
