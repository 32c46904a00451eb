package io.jresnet.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns file-system exceptions into the short phrases that our error messages end with. */
final class IoErrors {
  private IoErrors() {}

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
