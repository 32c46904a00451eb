package io.jresnet.cli;

import com.google.inject.Inject;
import io.jresnet.JresnetException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the CLI reports failures: one line {@code resnet: <what is wrong>} on stderr, exit code 1 for failures and 2
 * for usage errors. Stack traces only with {@code --verbose}, and for user errors (bad files, configs, shapes,
 * weights) the message alone says what to fix.
 */
final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final GlobalOptions options;

  @Inject
  CliErrors(GlobalOptions options) {
    this.options = options;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    if (options.verbose()) {
      ex.printStackTrace(err);
    }
    err.println("resnet: " + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCode.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (options.verbose()) {
      ex.printStackTrace(err);
    }
    err.println("resnet: " + describe(ex));
    err.flush();
    return ExitCode.SOFTWARE;
  }

  /** The one line for {@code failure}: the message of the user error inside it, or a pointer to a bug. */
  static String describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      switch (cause) {
        case JresnetException e -> {
          return e.getMessage();
        }
        case NoSuchFileException e -> {
          return e.getFile() + ": no such file";
        }
        case AccessDeniedException e -> {
          return e.getFile() + ": permission denied";
        }
        case FileSystemException e -> {
          return e.getMessage();
        }
        default -> {}
      }
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException io) {
        return "I/O error: " + io.getMessage();
      }
    }
    return "internal error: " + failure + " (run again with --verbose for the stack trace, and please report it)";
  }
}
