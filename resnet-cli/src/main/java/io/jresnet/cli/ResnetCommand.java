package io.jresnet.cli;

import com.google.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code resnet}: the top of the command tree. On its own it prints the list of commands. */
@Command(
    name = "resnet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Residual networks on the JVM: inspect, run, train, evaluate, benchmark and export ResNet models.",
    subcommands = {
      ModelsCommand.class,
      SummaryCommand.class,
      InferCommand.class,
      PredictCommand.class,
      BenchCommand.class,
      ExportCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      DemoCommand.class,
      BackendsCommand.class,
      HelpCommand.class
    })
final class ResnetCommand implements Callable<Integer> {
  @Mixin private GlobalOptions options;

  @Spec private CommandSpec spec;

  @Inject
  ResnetCommand(GlobalOptions options) {
    this.options = options;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }
}
