package io.jresnet.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code resnet --version}: the jar's implementation version and the JVM it runs on. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {
      "jresnet " + (version == null ? "(development build)" : version),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
