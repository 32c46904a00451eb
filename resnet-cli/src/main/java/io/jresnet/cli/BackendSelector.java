package io.jresnet.cli;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.jresnet.JresnetException;
import io.jresnet.backend.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the {@code --backend} choice into one {@link BackendProvider}. Providers arrive as Guice {@link Provider}s so
 * that an explicit choice creates only the provider asked for; {@code auto} has to ask every installed one whether it
 * is available and takes the highest {@link BackendProvider#priority()}, naming the ones it passed over and why. An
 * explicit choice of a backend that cannot run here fails when it is opened, with the provider's full reason.
 */
public final class BackendSelector {
  /** The choice that lets the selector decide. */
  public static final String AUTO = "auto";

  private final Map<String, Provider<BackendProvider>> installed;

  @Inject
  BackendSelector(Map<String, Provider<BackendProvider>> installed) {
    this.installed = new TreeMap<>(installed);
  }

  /** Names of the backends in this build, sorted. */
  public List<String> installedNames() {
    return List.copyOf(installed.keySet());
  }

  /** Every name {@code --backend} accepts: {@code auto} and the installed backends, sorted. */
  public List<String> acceptedNames() {
    List<String> accepted = new ArrayList<>();
    accepted.add(AUTO);
    accepted.addAll(installed.keySet());
    return accepted;
  }

  /** Creates the provider of an installed backend. */
  public BackendProvider provider(String name) {
    Provider<BackendProvider> provider = installed.get(name);
    if (provider == null) {
      throw unknown(name);
    }
    return provider.get();
  }

  /**
   * Picks the backend for {@code choice}: {@code auto} or a backend name.
   *
   * @throws JresnetException when the named backend is not in this build, or (for {@code auto}) when no installed
   *     backend is available
   */
  public BackendChoice select(String choice) {
    if (AUTO.equals(choice)) {
      return selectAutomatically();
    }
    return new BackendChoice(provider(choice), false, "");
  }

  /** A message for a name that is neither installed nor planned, listing the accepted ones. */
  JresnetException unknown(String name) {
    return new JresnetException(
        "unknown backend '" + name + "'; choose one of: " + String.join(", ", acceptedNames()));
  }

  private BackendChoice selectAutomatically() {
    List<BackendProvider> providers = new ArrayList<>();
    installed.values().forEach(provider -> providers.add(provider.get()));
    providers.sort(
        Comparator.comparingInt(BackendProvider::priority).reversed().thenComparing(BackendProvider::name));
    List<String> passedOver = new ArrayList<>();
    for (BackendProvider provider : providers) {
      if (provider.isAvailable()) {
        String reason = passedOver.isEmpty() ? "highest priority available" : String.join("; ", passedOver);
        return new BackendChoice(provider, true, reason);
      }
      passedOver.add(provider.name() + " unavailable: " + provider.unavailableReason());
    }
    if (providers.isEmpty()) {
      throw new JresnetException("no backend is installed in this build; rebuild with resnet-cpu on the class path");
    }
    throw new JresnetException("no backend is available here: " + String.join("; ", passedOver));
  }
}
