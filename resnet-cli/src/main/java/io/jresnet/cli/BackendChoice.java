package io.jresnet.cli;

import io.jresnet.backend.BackendProvider;
import java.util.Objects;

/**
 * The backend {@link BackendSelector} picked and, for {@code --backend auto}, why.
 *
 * @param provider the chosen provider
 * @param automatic whether the user left the choice to {@code auto}
 * @param reason why this one was chosen (e.g. "cuda unavailable: no GPU"); empty for an explicit choice
 */
public record BackendChoice(BackendProvider provider, boolean automatic, String reason) {
  public BackendChoice {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(reason, "reason");
  }

  /** The line to show the user for an automatic choice, e.g. {@code auto: using cpu (cuda unavailable: no GPU)}. */
  public String explanation() {
    return "auto: using " + provider.name() + (reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
