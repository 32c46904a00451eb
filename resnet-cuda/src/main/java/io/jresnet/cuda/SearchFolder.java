package io.jresnet.cuda;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A folder the library search looks in, with the setting or convention it came from (for the error message).
 *
 * @param dir the folder, absolute
 * @param origin e.g. {@code LD_LIBRARY_PATH}, {@code CUDA toolkit}, {@code pip (PyTorch's nvidia/*}{@code /lib)}
 */
public record SearchFolder(Path dir, String origin) {
  public SearchFolder {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(origin, "origin");
  }
}
