package io.jresnet.cli;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.jresnet.JresnetException;
import io.jresnet.backend.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the {@code --backend} choice into one {@link BackendProvider}. Providers arrive as Guice {@link Provider}s so
 * that an explicit choice creates only the provider asked for; {@code auto} has to ask every installed one whether it
 * is available and takes the highest {@link BackendProvider#priority()}.
 */
public final class BackendSelector {
  /** The choice that lets the selector decide. */
  public static final String AUTO = "auto";

  /** Backends the project plans but this build may not contain, with where they come from. */
  private static final Map<String, String> PLANNED = Map.of("cuda", "resnet-cuda arrives in a later release");

  private final Map<String, Provider<BackendProvider>> installed;

  @Inject
  BackendSelector(Map<String, Provider<BackendProvider>> installed) {
    this.installed = new TreeMap<>(installed);
  }

  /** Names of the backends in this build, sorted. */
  public List<String> installedNames() {
    return List.copyOf(installed.keySet());
  }

  /** Every name {@code --backend} accepts: {@code auto}, the installed backends and the planned ones, sorted. */
  public List<String> acceptedNames() {
    TreeSet<String> names = new TreeSet<>(installed.keySet());
    names.addAll(PLANNED.keySet());
    List<String> accepted = new ArrayList<>();
    accepted.add(AUTO);
    accepted.addAll(names);
    return accepted;
  }

  /** The planned backends that this build lacks, each with the reason to show. */
  public Map<String, String> notInstalled() {
    Map<String, String> missing = new TreeMap<>();
    PLANNED.forEach(
        (name, arrival) -> {
          if (!installed.containsKey(name)) {
            missing.put(name, notInstalledMessage(name, arrival));
          }
        });
    return missing;
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
   * @throws JresnetException when the named backend is not in this build, is unknown, or (for {@code auto}) when no
   *     installed backend is available
   */
  public BackendChoice select(String choice) {
    if (AUTO.equals(choice)) {
      return selectAutomatically();
    }
    if (!installed.containsKey(choice) && PLANNED.containsKey(choice)) {
      throw new JresnetException(notInstalledMessage(choice, PLANNED.get(choice)) + "; use --backend cpu");
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
    PLANNED.keySet().stream()
        .filter(name -> !installed.containsKey(name))
        .sorted()
        .forEach(name -> passedOver.add("no " + name.toUpperCase(Locale.ROOT) + " backend installed"));
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

  private static String notInstalledMessage(String name, String arrival) {
    return "backend '" + name + "' is not installed in this build (" + arrival + ")";
  }
}
