package io.jresnet.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;

/**
 * An ONNX Runtime session opened as the comparison runs it: {@code threads} intra-op threads, one inter-op thread
 * (sequential execution), all graph optimisations, and intra-op threads that do not spin after a run. Spinning
 * workers keep the cores busy for a while after each ORT forward, which in an alternating comparison steals the
 * cores from the jresnet forward that follows (measured: jresnet b1 68.6 → 53.0 ms with spinning off, ORT 32.1 →
 * 32.9 ms). Closing it frees the native session.
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
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
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
