package io.jresnet.cli;

import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.nn.Parameters;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code resnet models}: the zoo, one model per row with its input, classes, size and description. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the built-in models (the zoo). Any command's MODEL is one of these names or a JSON spec.")
final class ModelsCommand implements Callable<Integer> {
  /** Descriptions wrap so that rows stay within this many columns. */
  static final int LINE_WIDTH = 100;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TextTable table = new TextTable("model", "input", ">classes", ">params", "description").wrapLastColumn(LINE_WIDTH);
    for (ModelSpec model : Zoo.all()) {
      long params = Parameters.specs(ResNetBuilder.build(model)).stream()
          .mapToLong(p -> p.shape().elementCount())
          .sum();
      table.row(
          model.name(),
          model.input().height() + "x" + model.input().width() + "x" + model.input().channels(),
          model.head().classes(),
          String.format(Locale.ROOT, "%.2f M", params / 1e6),
          model.description());
    }
    table.print(out);
    return ExitCode.OK;
  }
}
