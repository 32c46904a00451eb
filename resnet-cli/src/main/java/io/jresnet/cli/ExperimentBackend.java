package io.jresnet.cli;

import com.google.inject.Inject;
import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.models.experiment.Experiment;
import java.io.PrintWriter;

/**
 * Opens the backend of an experiment: the global {@code --backend} when given (anything but {@code auto}), else
 * the experiment's {@code backend} field. An automatic choice is explained on stderr, as {@link BackendOpener} does.
 */
final class ExperimentBackend {
  private final BackendSelector selector;
  private final GlobalOptions options;

  @Inject
  ExperimentBackend(BackendSelector selector, GlobalOptions options) {
    this.selector = selector;
    this.options = options;
  }

  /** Opens the backend for {@code experiment}; the caller closes it. */
  Backend open(Experiment experiment, PrintWriter err) {
    String name = options.backend().equals(BackendSelector.AUTO) ? experiment.backend() : options.backend();
    BackendChoice choice = selector.select(name);
    if (choice.automatic()) {
      err.println(choice.explanation());
      err.flush();
    }
    return choice.provider().open(new BackendConfig(options.threads()));
  }
}
