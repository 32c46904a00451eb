package io.jresnet.cuda;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds cuDNN and cuBLAS (and any other CUDA library file) where users have them, in this order: the
 * {@code JRESNET_CUDA_LIBS} setting, {@code LD_LIBRARY_PATH}, {@code CUDA_HOME}/{@code CUDA_PATH}, the CUDA toolkit
 * folders ({@code /usr/local/cuda*}), the system library folders, the active Python environment
 * ({@code VIRTUAL_ENV}, {@code CONDA_PREFIX}) and the system and user Python installations, whose pip-installed
 * PyTorch brings {@code nvidia/<lib>/lib} folders (often a machine's only cuDNN). Only the file system is read:
 * nothing is loaded.
 */
public final class CudaLibrarySearch {
  /** The setting that names extra folders to search first, {@code :}-separated. */
  public static final String SETTING = "JRESNET_CUDA_LIBS";

  private final Map<String, String> env;
  private final Path root;
  private final Path home;

  /**
   * @param env environment variables
   * @param root the file-system root under which the conventional folders ({@code usr/local/cuda}, ...) are
   *     looked up; {@code /} on a real machine, a temporary folder in tests
   * @param home the user's home folder (for {@code ~/.local})
   */
  public CudaLibrarySearch(Map<String, String> env, Path root, Path home) {
    this.env = Map.copyOf(env);
    this.root = root;
    this.home = home;
  }

  /** The search of this process: its environment, {@code /} and {@code user.home}. */
  public static CudaLibrarySearch forThisProcess() {
    return new CudaLibrarySearch(System.getenv(), Path.of("/"), Path.of(System.getProperty("user.home", "/")));
  }

  /** Every folder to look in that exists, in search order, without duplicates. */
  public List<SearchFolder> folders() {
    Map<Path, SearchFolder> unique = new LinkedHashMap<>();
    for (SearchFolder folder : candidates()) {
      if (Files.isDirectory(folder.dir())) {
        unique.putIfAbsent(canonical(folder.dir()), folder);
      }
    }
    return List.copyOf(unique.values());
  }

  /**
   * The first file named one of {@code fileNames} (preference order within a folder, e.g. {@code libcudnn.so.9}
   * before {@code libcudnn.so.8}) in the first folder that has one.
   */
  public Optional<Path> find(List<String> fileNames) {
    for (SearchFolder folder : folders()) {
      for (String name : fileNames) {
        Path file = folder.dir().resolve(name);
        if (Files.isRegularFile(file)) {
          return Optional.of(file);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Where the search looked, grouped by origin, for an error message: {@code LD_LIBRARY_PATH: /a, /b; CUDA toolkit:
   * /usr/local/cuda/lib64; JRESNET_CUDA_LIBS: not set; ...}. Origins with no existing folder say so.
   */
  public String describeWhereItLooked() {
    Map<String, List<String>> byOrigin = new LinkedHashMap<>();
    for (SearchFolder folder : candidates()) {
      byOrigin.computeIfAbsent(folder.origin(), k -> new ArrayList<>());
    }
    for (SearchFolder folder : folders()) {
      byOrigin.get(folder.origin()).add(folder.dir().toString());
    }
    List<String> parts = new ArrayList<>();
    for (String variable : List.of(SETTING, "LD_LIBRARY_PATH")) {
      if (!byOrigin.containsKey(variable)) {
        parts.add(variable + ": not set");
      }
    }
    byOrigin.forEach(
        (origin, dirs) -> parts.add(origin + ": " + (dirs.isEmpty() ? "no such folder" : String.join(", ", dirs))));
    return String.join("; ", parts);
  }

  private List<SearchFolder> candidates() {
    List<SearchFolder> out = new ArrayList<>();
    pathList(SETTING).forEach(dir -> out.add(new SearchFolder(dir, SETTING)));
    pathList("LD_LIBRARY_PATH").forEach(dir -> out.add(new SearchFolder(dir, "LD_LIBRARY_PATH")));
    for (String variable : List.of("CUDA_HOME", "CUDA_PATH")) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        toolkitLibs(Path.of(value)).forEach(dir -> out.add(new SearchFolder(dir, variable)));
      }
    }
    Path usrLocal = root.resolve("usr/local");
    List<Path> toolkits = new ArrayList<>();
    toolkits.add(usrLocal.resolve("cuda"));
    toolkits.addAll(children(usrLocal, "cuda-*"));
    toolkits.forEach(t -> toolkitLibs(t).forEach(dir -> out.add(new SearchFolder(dir, "CUDA toolkit"))));
    for (String system : List.of("usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu", "usr/lib64", "usr/lib")) {
      out.add(new SearchFolder(root.resolve(system), "system libraries"));
    }
    for (String variable : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        Path lib = Path.of(value).resolve("lib");
        children(lib, "python3*").forEach(py -> pipFolders(py.resolve("site-packages"), variable, out));
      }
    }
    List<Path> sitePackages = new ArrayList<>();
    for (Path lib : List.of(root.resolve("usr/lib"), root.resolve("usr/local/lib"), home.resolve(".local/lib"))) {
      for (Path py : children(lib, "python3*")) {
        sitePackages.add(py.resolve("site-packages"));
        sitePackages.add(py.resolve("dist-packages"));
      }
    }
    sitePackages.forEach(site -> pipFolders(site, "pip (PyTorch's nvidia/*/lib)", out));
    return out;
  }

  /** The folder with links resolved ({@code /usr/local/cuda} is usually a link to {@code /usr/local/cuda-13.0}). */
  private static Path canonical(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      return dir.toAbsolutePath().normalize();
    }
  }

  private static List<Path> toolkitLibs(Path toolkit) {
    return List.of(toolkit.resolve("lib64"), toolkit.resolve("lib"), toolkit.resolve("targets/x86_64-linux/lib"));
  }

  /** {@code site/nvidia/<package>/lib} for every NVIDIA wheel, and {@code site/torch/lib} (older wheels bundle cuDNN). */
  private static void pipFolders(Path site, String origin, List<SearchFolder> out) {
    children(site.resolve("nvidia"), "*").forEach(pkg -> out.add(new SearchFolder(pkg.resolve("lib"), origin)));
    out.add(new SearchFolder(site.resolve("torch/lib"), origin));
  }

  private List<Path> pathList(String variable) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    Set<Path> dirs = new LinkedHashSet<>();
    for (String part : value.split(File.pathSeparator)) {
      if (!part.isBlank()) {
        dirs.add(Path.of(part.strip()));
      }
    }
    return List.copyOf(dirs);
  }

  /** Sub-folders of {@code dir} matching {@code glob}, newest version first ({@code cuda-13.0} before {@code cuda-12.6}). */
  private static List<Path> children(Path dir, String glob) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
      stream.forEach(p -> {
        if (Files.isDirectory(p)) {
          found.add(p);
        }
      });
    } catch (IOException e) {
      return List.of();
    }
    found.sort(Comparator.comparing((Path p) -> p.getFileName().toString(), CudaLibrarySearch::compareVersions)
        .reversed());
    return found;
  }

  /** Compares names by their digit runs numerically, so {@code python3.12} sorts above {@code python3.9}. */
  static int compareVersions(String a, String b) {
    String[] x = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
    String[] y = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      boolean digits = !x[i].isEmpty() && Character.isDigit(x[i].charAt(0))
          && !y[i].isEmpty() && Character.isDigit(y[i].charAt(0));
      int c = digits ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i])) : x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
