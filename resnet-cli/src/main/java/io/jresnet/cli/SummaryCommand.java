package io.jresnet.cli;

import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.nn.ModelSummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code resnet summary MODEL}: a Keras-style table of every layer with its output shape and parameter count, then
 * the totals (trainable, non-trainable, multiply-accumulates). Works from shapes alone: no backend, no weights.
 */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = "Print a model's layers, output shapes, parameter counts and multiply-accumulates.")
final class SummaryCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "A zoo name (see 'resnet models') or a JSON model spec file.")
  private String model;

  @Option(
      names = "--input",
      paramLabel = "HxW",
      converter = ImageSizeConverter.class,
      description = "Input height and width instead of the model's own (e.g. 97x131).")
  private ImageSize input;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "1",
      converter = IntConverters.Positive.class,
      description = "Batch size for output shapes and multiply-accumulates (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    ModelSpec modelSpec = ModelArgument.resolve(model, input);
    PrintWriter out = spec.commandLine().getOut();
    out.print(ModelSummary.of(ResNetBuilder.build(modelSpec), batch).toTable());
    out.flush();
    return ExitCode.OK;
  }
}
