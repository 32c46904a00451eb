package io.jresnet.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;

/**
 * An ONNX Runtime session opened as the comparison runs it: {@code threads} intra-op threads, one inter-op thread
 * (sequential execution), all graph optimisations. Closing it frees the native session.
 */
public final class OrtModel implements AutoCloseable {
  private final OrtSession session;

  private OrtModel(OrtSession session) {
    this.session = session;
  }

  /**
   * Loads {@code onnx}.
   *
   * @throws IllegalStateException naming the file when ONNX Runtime rejects it
   */
  public static OrtModel open(Path onnx, int threads) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return new OrtModel(env.createSession(onnx.toString(), options));
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not load " + onnx + ": " + e.getMessage(), e);
    }
  }

  public OrtSession session() {
    return session;
  }

  /** The ONNX Runtime library version, e.g. {@code 1.29.0}. */
  public static String version() {
    return OrtEnvironment.getEnvironment().getVersion();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not close its session: " + e.getMessage(), e);
    }
  }
}
