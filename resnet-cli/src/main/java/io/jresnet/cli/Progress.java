package io.jresnet.cli;

import java.io.PrintWriter;

/**
 * A status line on stderr that rewrites itself in place ({@code \r}, then erase to the end of the line), for long
 * work. It is shown only when stderr is a terminal, so redirected output and pasted logs stay clean. The JVM cannot
 * tell whether stderr is a terminal, so the {@code ./resnet} launcher says so with
 * {@code -Djresnet.stderr.terminal=true}.
 */
final class Progress {
  private static final String ERASE_TO_END_OF_LINE = "\u001b[K";

  private final PrintWriter err;
  private final boolean enabled;
  private boolean showing;

  Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** A progress line on {@code err}, enabled when the launcher reported stderr to be a terminal. */
  static Progress onStderr(PrintWriter err) {
    return new Progress(err, Boolean.parseBoolean(System.getProperty("jresnet.stderr.terminal")));
  }

  /** Replaces the status line with {@code status}. */
  void show(String status) {
    if (enabled) {
      err.print("\r" + status + ERASE_TO_END_OF_LINE);
      err.flush();
      showing = true;
    }
  }

  /** Erases the status line, leaving the cursor where the line began. */
  void clear() {
    if (showing) {
      err.print("\r" + ERASE_TO_END_OF_LINE);
      err.flush();
      showing = false;
    }
  }
}
