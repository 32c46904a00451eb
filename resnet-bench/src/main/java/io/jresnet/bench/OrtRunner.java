package io.jresnet.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jresnet.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * ONNX Runtime's side: a session over an ONNX file run on one NCHW input tensor made once, writing into an output
 * tensor pinned to a preallocated direct buffer, so that a forward pass allocates no tensors on either side.
 */
public final class OrtRunner implements BatchRunner {
  private final OrtSession session;
  private final OnnxTensor input;
  private final OnnxTensor pinnedOutput;
  private final FloatBuffer outputBuffer;
  private final Map<String, OnnxTensor> inputs;
  private final Map<String, OnnxTensor> outputs;
  private final float[] output;

  /**
   * Runs {@code session} (the caller's) on {@code nchw} of shape {@code [n, c, h, w]}, writing its first output,
   * of shape {@code outputShape}.
   */
  public OrtRunner(OrtSession session, float[] nchw, long[] shape, long[] outputShape) {
    this.session = session;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try {
      FloatBuffer in = directFloats(nchw.length);
      in.put(nchw).rewind();
      this.input = OnnxTensor.createTensor(env, in, shape);
      int outputSize = Math.toIntExact(product(outputShape));
      this.outputBuffer = directFloats(outputSize);
      this.pinnedOutput = OnnxTensor.createTensor(env, outputBuffer, outputShape);
      this.output = new float[outputSize];
      this.inputs = Map.of(session.getInputNames().iterator().next(), input);
      this.outputs = Map.of(session.getOutputNames().iterator().next(), pinnedOutput);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not create the input or output tensor: " + e.getMessage(),
          e);
    }
  }

  /** A runner for {@code seeded}'s NHWC input {@code nhwc} at {@code batch}, transposed to NCHW for ONNX. */
  public static OrtRunner forModel(OrtSession session, SeededModel seeded, float[] nhwc, int batch) {
    Shape in = seeded.inputShape(batch);
    int n = in.dim(0);
    int h = in.dim(1);
    int w = in.dim(2);
    int c = in.dim(3);
    int classes = seeded.spec().head().classes();
    return new OrtRunner(
        session, Layouts.nhwcToNchw(nhwc, n, h, w, c), new long[] {n, c, h, w}, new long[] {n, classes});
  }

  @Override
  public String name() {
    return "onnxruntime";
  }

  @Override
  public void forward() {
    try (OrtSession.Result result = session.run(inputs, outputs)) {
      outputBuffer.get(0, output);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime inference failed: " + e.getMessage(), e);
    }
  }

  @Override
  public float[] output() {
    return output;
  }

  @Override
  public void close() {
    input.close();
    pinnedOutput.close();
  }

  private static FloatBuffer directFloats(int n) {
    return ByteBuffer.allocateDirect(Math.multiplyExact(n, Float.BYTES)).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  private static long product(long[] dims) {
    long p = 1;
    for (long d : dims) {
      p *= d;
    }
    return p;
  }
}
