package io.jresnet.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code resnet} command; the {@code ./resnet} launcher runs it. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, out, err, new CliModule()));
  }

  /**
   * Runs one command line against the given Guice modules (the CLI's own, or test doubles) and returns the exit code:
   * 0 ok, 1 failure, 2 usage error.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Module... modules) {
    return commandLine(Guice.createInjector(modules), out, err).execute(args);
  }

  /** The {@code resnet} command tree, its commands created by {@code injector}, writing to {@code out}/{@code err}. */
  public static CommandLine commandLine(Injector injector, PrintWriter out, PrintWriter err) {
    CliErrors errors = injector.getInstance(CliErrors.class);
    return new CommandLine(ResnetCommand.class, injector.getInstance(GuiceFactory.class))
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }
}
