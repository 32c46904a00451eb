package io.jresnet.backend;

import io.jresnet.JresnetException;

/** A backend that cannot run here: the message says what is missing and how to fix it. */
public final class BackendUnavailableException extends JresnetException {
  public BackendUnavailableException(String backend, String whyAndHowToFix) {
    super("backend '" + backend + "' is not available: " + whyAndHowToFix);
  }
}
