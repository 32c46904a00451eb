package io.jresnet;

import java.nio.file.Path;

/**
 * A JSON configuration (model spec, graph, experiment) that cannot be used. The message names the file, the JSON
 * pointer of the field at fault and, where known, its line and column.
 */
public final class ConfigException extends JresnetException {
  private final String source;
  private final String pointer;
  private final int line;
  private final int column;
  private final String problem;

  /**
   * @param source file path or another name of the document (e.g. {@code zoo:resnet50}); may be null
   * @param pointer JSON pointer of the field at fault ({@code ""} for the whole document); may be null
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param problem what is wrong and, where possible, what is allowed
   */
  public ConfigException(String source, String pointer, int line, int column, String problem) {
    super(format(source, pointer, line, column, problem));
    this.source = source;
    this.pointer = pointer;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  public ConfigException(Path source, String pointer, int line, int column, String problem) {
    this(source == null ? null : source.toString(), pointer, line, column, problem);
  }

  private static String format(String source, String pointer, int line, int column, String problem) {
    StringBuilder where = new StringBuilder(source == null ? "<config>" : source);
    if (line > 0) {
      where.append(':').append(line);
      if (column > 0) {
        where.append(':').append(column);
      }
    }
    if (pointer != null) {
      where.append(" at ").append(pointer.isEmpty() ? "/" : pointer);
    }
    return where + ": " + problem;
  }

  public String source() {
    return source;
  }

  public String pointer() {
    return pointer;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String problem() {
    return problem;
  }
}
