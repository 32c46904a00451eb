package io.jresnet.cli;

import com.google.inject.Inject;
import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.BackendInfo;
import io.jresnet.backend.BackendProvider;
import io.jresnet.backend.BackendUnavailableException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code resnet backends}: every backend this build knows, whether it can run here (and why not), and what it would
 * run on (for a GPU: its name, memory, driver, CUDA and cuDNN versions). Available backends are opened briefly to ask
 * them; {@code --threads} applies. With {@code --verbose}, each backend's details follow the table, and for an
 * unavailable one the full reason (what to install, where libraries were looked for).
 */
@Command(
    name = "backends",
    mixinStandardHelpOptions = true,
    description = "List the compute backends: availability, device, SIMD width and threads.")
final class BackendsCommand implements Callable<Integer> {
  private final BackendSelector selector;
  private final GlobalOptions options;

  @Spec private CommandSpec spec;

  @Inject
  BackendsCommand(BackendSelector selector, GlobalOptions options) {
    this.selector = selector;
    this.options = options;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TextTable table = new TextTable(
            "backend", ">priority", "available", ">simd floats", ">threads", "device (or why not)");
    List<BackendProvider> providers =
        selector.installedNames().stream()
            .map(selector::provider)
            .sorted(Comparator.comparingInt(BackendProvider::priority).reversed())
            .toList();
    StringBuilder details = new StringBuilder();
    for (BackendProvider provider : providers) {
      if (!provider.isAvailable()) {
        table.row(provider.name(), provider.priority(), "no", "-", "-", provider.unavailableReason());
        if (options.verbose()) {
          details.append(provider.name()).append(": ").append(fullReason(provider)).append('\n');
        }
        continue;
      }
      try (Backend backend = provider.open(new BackendConfig(options.threads()))) {
        BackendInfo info = backend.info();
        table.row(provider.name(), provider.priority(), "yes", info.simdFloats(), info.threads(), info.device());
        info.details()
            .forEach((key, value) -> details.append(provider.name()).append(' ').append(key).append(": ")
                .append(value).append('\n'));
      } catch (BackendUnavailableException e) {
        table.row(provider.name(), provider.priority(), "no", "-", "-", e.getMessage());
      }
    }
    table.print(out);
    if (options.verbose() && !details.isEmpty()) {
      out.println();
      out.print(details);
    }
    out.flush();
    return ExitCode.OK;
  }

  /** The message opening an unavailable backend fails with, which says everything about why. */
  private String fullReason(BackendProvider provider) {
    try (Backend backend = provider.open(new BackendConfig(options.threads()))) {
      return "opened although it reported unavailable (" + backend.info().device() + ")";
    } catch (BackendUnavailableException e) {
      return e.getMessage();
    }
  }
}
