package io.jresnet;

/** Base of every error jresnet reports to its users; the message alone must tell what is wrong and where. */
public class JresnetException extends RuntimeException {
  public JresnetException(String message) {
    super(message);
  }

  public JresnetException(String message, Throwable cause) {
    super(message, cause);
  }
}
