package io.jresnet.cli;

import com.google.inject.Inject;
import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import java.io.PrintWriter;

/**
 * Opens the backend the global options ask for. Commands that compute call it once; an automatic choice is
 * explained on stderr so the user always knows what ran.
 */
final class BackendOpener {
  private final BackendSelector selector;
  private final GlobalOptions options;

  @Inject
  BackendOpener(BackendSelector selector, GlobalOptions options) {
    this.selector = selector;
    this.options = options;
  }

  /** Opens the chosen backend; the caller closes it. */
  Backend open(PrintWriter err) {
    BackendChoice choice = selector.select(options.backend());
    if (choice.automatic()) {
      err.println(choice.explanation());
      err.flush();
    }
    return choice.provider().open(new BackendConfig(options.threads()));
  }
}
