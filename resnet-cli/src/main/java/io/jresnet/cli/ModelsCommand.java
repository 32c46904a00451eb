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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code resnet models}: the zoo, one model per row with its input, classes, size and what it is: the first clause
 * of its description, or with {@code --long} the whole description wrapped under itself.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the built-in models (the zoo). Any command's MODEL is one of these names or a JSON spec.")
final class ModelsCommand implements Callable<Integer> {
  /** Descriptions wrap so that rows stay within this many columns. */
  static final int LINE_WIDTH = 100;

  @Option(names = {"-l", "--long"}, description = "Show each model's full description.")
  private boolean longDescriptions;

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
          longDescriptions ? model.description() : firstClause(model.description()));
    }
    table.print(out);
    return ExitCode.OK;
  }

  /**
   * What a description says first: the text up to its first {@code ": "} or sentence end, without parenthesised
   * asides. A {@code ". "} ends a sentence only before a capital letter, so that "He et al. 2015" stays whole; a
   * separator inside parentheses ends nothing. A description made only of an aside is returned whole.
   */
  static String firstClause(String description) {
    StringBuilder clause = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < description.length(); i++) {
      char c = description.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        if (endsClause(description, i)) {
          break;
        }
        clause.append(c);
      }
    }
    String text = clause.toString().replaceAll(" {2,}", " ").strip();
    return text.isEmpty() ? description : text;
  }

  private static boolean endsClause(String text, int i) {
    char c = text.charAt(i);
    if (c != ':' && c != '.') {
      return false;
    }
    if (i + 1 == text.length()) {
      return c == '.';
    }
    if (text.charAt(i + 1) != ' ') {
      return false;
    }
    return c == ':' || (i + 2 < text.length() && Character.isUpperCase(text.charAt(i + 2)));
  }
}
