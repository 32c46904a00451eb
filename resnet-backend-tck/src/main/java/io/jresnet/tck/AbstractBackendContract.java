package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * Shared machinery of the contracts: opens the backend under test once per test class (and a {@link
 * ReferenceBackend} as the oracle), closes both after the class, and closes every tensor a test makes through
 * {@link #upload} or {@link #garbage} after each test.
 *
 * <p>A backend's test suite extends each concrete contract ({@link TensorContract}, {@link ConvContract}, ...) and
 * implements {@link #backend()}. Tolerances are relative errors ({@link Tensors#relativeError}); override
 * {@link #tolerance()} in a subclass to state a looser one for a faster algorithm (Winograd, TF32, ...).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractBackendContract {
  /** The default relative tolerance of float32 kernels against the double-accumulating reference. */
  public static final double FLOAT32_TOLERANCE = 1e-5;

  private Backend underTest;
  private ReferenceBackend reference;
  private TensorScope scope;

  /**
   * Opens a new instance of the backend under test. The contract calls it once per test class and closes the
   * result after the class's last test. A backend that needs a device it cannot find (a GPU) skips the class here
   * with a JUnit assumption ({@code Assumptions.assumeTrue(..., "no CUDA device")}) rather than failing.
   */
  protected abstract Backend backend();

  /** Largest accepted relative error {@code ‖out − ref‖ / ‖ref‖} for arithmetic kernels; 1e-5 by default. */
  protected double tolerance() {
    return FLOAT32_TOLERANCE;
  }

  @BeforeAll
  protected final void openBackends() {
    underTest = Objects.requireNonNull(backend(), "backend() returned null");
    reference = new ReferenceBackend();
  }

  @AfterAll
  protected final void closeBackends() {
    if (underTest != null) {
      underTest.close();
    }
    if (reference != null) {
      reference.close();
    }
  }

  @BeforeEach
  protected final void openScope() {
    scope = new TensorScope();
  }

  @AfterEach
  protected final void closeScope() {
    scope.close();
  }

  /** The backend under test, as opened by {@link #backend()} for this class. */
  protected final Backend underTest() {
    return underTest;
  }

  /** The oracle: a reference backend private to this test class. */
  protected final ReferenceBackend reference() {
    return reference;
  }

  /** A tensor of {@code backend} holding {@code data}, closed after the current test. */
  protected final Tensor upload(Backend backend, float[] data, Shape shape) {
    return scope.own(backend.fromHost(data, shape));
  }

  /** Like {@link #upload}, or null when {@code data} is null (for optional kernel arguments). */
  protected final Tensor uploadOptional(Backend backend, float[] data, Shape shape) {
    return data == null ? null : upload(backend, data, shape);
  }

  /** A tensor full of NaN: a kernel that leaves any element of its output unwritten fails the comparison. */
  protected final Tensor garbage(Backend backend, Shape shape) {
    return upload(backend, Tensors.filled(shape.size(), Float.NaN), shape);
  }

  /** Registers a tensor the test made itself, so it is closed after the test. */
  protected final Tensor own(Tensor tensor) {
    return scope.own(tensor);
  }

  /** Seeded uniform values in {@code [-1, 1)}. */
  protected static float[] uniform(Random random, Shape shape) {
    return Tensors.uniform(random, shape.size(), -1f, 1f);
  }

  /** Fails unless {@code actual} is within {@link #tolerance()} of {@code expected} in relative error. */
  protected final void assertClose(Object testCase, float[] expected, float[] actual) {
    assertClose(testCase, expected, actual, tolerance());
  }

  /** Fails unless {@code actual} is within {@code tolerance} of {@code expected} in relative error. */
  protected static void assertClose(Object testCase, float[] expected, float[] actual, double tolerance) {
    assertEquals(expected.length, actual.length, () -> testCase + ": output length");
    double error = Tensors.relativeError(actual, expected);
    if (!(error <= tolerance)) {
      int i = Tensors.worstIndex(actual, expected);
      fail(
          String.format(
              "%s: relative error %.3g exceeds %.3g; worst element [%d] is %s, reference %s",
              testCase, error, tolerance, i, actual[i], expected[i]));
    }
  }

  /** Fails unless both arrays hold the same values (0.0 and -0.0 equal, NaN equal to NaN). */
  protected static void assertExact(Object testCase, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, () -> testCase + ": output length");
    for (int i = 0; i < expected.length; i++) {
      boolean same =
          expected[i] == actual[i] || (Float.isNaN(expected[i]) && Float.isNaN(actual[i]));
      if (!same) {
        fail(testCase + ": element [" + i + "] is " + actual[i] + ", expected exactly " + expected[i]);
      }
    }
  }

  /** Fails unless {@code tensor} still holds {@code original}: kernels must not write their inputs. */
  protected static void assertUnchanged(Object testCase, String role, float[] original, Tensor tensor) {
    float[] now = tensor.copyToHost();
    for (int i = 0; i < original.length; i++) {
      if (Float.floatToIntBits(original[i]) != Float.floatToIntBits(now[i])) {
        fail(testCase + ": the kernel modified its input " + role + " at element [" + i + "]");
      }
    }
  }

  /**
   * Asserts that {@code call} throws {@link IllegalArgumentException} whose message quotes both the {@code
   * expected} and the {@code actual} shape (as {@link Shape#toString()} prints them, e.g. {@code [2, 5, 5, 8]}).
   */
  protected static void assertShapeRejected(Shape expected, Shape actual, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    String message = String.valueOf(e.getMessage());
    assertTrue(
        message.contains(expected.toString()) && message.contains(actual.toString()),
        () -> "the message should quote the expected shape " + expected + " and the actual " + actual + ": " + message);
  }

  /** Asserts that {@code call} throws {@link IllegalArgumentException} whose message contains {@code fragment}. */
  protected static void assertRejected(String fragment, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains(fragment), () -> "the message should contain '" + fragment + "': " + message);
  }
}
