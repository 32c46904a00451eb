package io.jresnet.cuda.ffi;

/** A native library that cannot be opened, or lacks a function the binding needs; the message names both. */
public final class NativeLibraryException extends RuntimeException {
  public NativeLibraryException(String message, Throwable cause) {
    super(message, cause);
  }
}
