package io.jresnet.models.data;

import java.nio.file.Path;

/** Rewording of errors raised by lower layers, so that each message names its file once. */
final class DataErrors {
  private DataErrors() {}

  /** The message of {@code e} without the {@code "<file>: "} prefix that jresnet's file exceptions start with. */
  static String problem(RuntimeException e, Path file) {
    String message = String.valueOf(e.getMessage());
    String prefix = file + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
