package io.jresnet.io;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The files {@code tools/golden/io_fixtures.py} wrote with numpy and PyTorch, under {@code src/test/resources/io}. */
final class Fixtures {
  private Fixtures() {}

  static Path path(String name) {
    URL url = Fixtures.class.getResource("/io/" + name);
    if (url == null) {
      throw new AssertionError("missing fixture io/" + name + "; run tools/golden/io_fixtures.py");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
