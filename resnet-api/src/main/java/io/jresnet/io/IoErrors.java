package io.jresnet.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Helpers for the wording of file errors: short phrases for file-system exceptions, bounded quotes. */
final class IoErrors {
  private static final int MAX_QUOTE = 100;

  private IoErrors() {}

  /** {@code text} cut to about 100 characters: a lying file must not blow up the message that quotes it. */
  static String abbreviate(String text) {
    return text.length() <= MAX_QUOTE ? text : text.substring(0, MAX_QUOTE) + "...";
  }

  /** E.g. "file not found", "permission denied", "/a/b: directory does not exist", or the platform's reason. */
  static String describe(IOException e) {
    return switch (e) {
      case NoSuchFileException missing when missing.getReason() != null ->
          missing.getFile() + ": " + missing.getReason();
      case NoSuchFileException missing -> "file not found";
      case AccessDeniedException denied -> "permission denied";
      case FileSystemException other when other.getReason() != null -> other.getReason();
      default -> String.valueOf(e.getMessage());
    };
  }
}
