package io.jresnet.cli;

import com.google.inject.Module;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the {@code resnet} command line in-process, with its exit code and captured output.
 *
 * @param exitCode 0 ok, 1 failure, 2 usage
 * @param out what went to stdout
 * @param err what went to stderr
 */
record CliRun(int exitCode, String out, String err) {
  static CliRun run(Module module, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), module);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** Stderr without the line that explains an automatic backend choice. */
  String errWithoutAutoNote() {
    return err.lines().filter(line -> !line.startsWith("auto: using ")).reduce("", (a, b) -> a + b + "\n");
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
