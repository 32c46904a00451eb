package io.jresnet.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.Inject;
import com.google.inject.Injector;
import picocli.CommandLine;

/**
 * Lets picocli create commands, mixins and converters through Guice, so they receive their collaborators by
 * constructor injection. Types Guice cannot build (the collection interfaces picocli asks for) fall back to picocli's
 * own factory.
 */
public final class GuiceFactory implements CommandLine.IFactory {
  private final Injector injector;

  @Inject
  GuiceFactory(Injector injector) {
    this.injector = injector;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    try {
      return injector.getInstance(type);
    } catch (ConfigurationException guiceCannotBuildIt) {
      try {
        return CommandLine.defaultFactory().create(type);
      } catch (Exception fallbackFailed) {
        // Guice's message explains what binding is missing: that is the one worth reading.
        guiceCannotBuildIt.addSuppressed(fallbackFailed);
        throw guiceCannotBuildIt;
      }
    }
  }
}
