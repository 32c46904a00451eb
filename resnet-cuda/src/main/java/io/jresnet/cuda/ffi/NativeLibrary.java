package io.jresnet.cuda.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A shared library opened with {@code dlopen} through {@link SymbolLookup#libraryLookup}, kept open for the life of
 * the JVM (CUDA libraries hold driver state that must not be unloaded under a live context). Functions are looked
 * up on first use ({@link NativeFunction}), so opening a library resolves nothing.
 */
public final class NativeLibrary {
  private final String displayName;
  private final SymbolLookup lookup;

  private NativeLibrary(String displayName, SymbolLookup lookup) {
    this.displayName = displayName;
    this.lookup = lookup;
  }

  /**
   * Opens the library at {@code file}.
   *
   * @throws NativeLibraryException naming the file and the loader's reason when it cannot be opened
   */
  public static NativeLibrary open(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return new NativeLibrary(file.toString(), SymbolLookup.libraryLookup(file, Arena.global()));
    } catch (IllegalArgumentException | IllegalCallerException e) {
      throw new NativeLibraryException("cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  /** Opens a library by its soname ({@code libcuda.so.1}) through the dynamic loader's own search, if it finds it. */
  public static Optional<NativeLibrary> openBySoname(String soname) {
    try {
      return Optional.of(new NativeLibrary(soname, SymbolLookup.libraryLookup(soname, Arena.global())));
    } catch (IllegalArgumentException | IllegalCallerException e) {
      return Optional.empty();
    }
  }

  /** The file or soname the library was opened as. */
  public String displayName() {
    return displayName;
  }

  /** Whether the library exports {@code symbol}. */
  public boolean has(String symbol) {
    return lookup.find(symbol).isPresent();
  }

  /** A function of this library, resolved when first called. */
  public NativeFunction function(String symbol, FunctionDescriptor descriptor) {
    return new NativeFunction(this, symbol, descriptor);
  }

  MethodHandle downcall(String symbol, FunctionDescriptor descriptor) {
    MemorySegment address =
        lookup
            .find(symbol)
            .orElseThrow(
                () ->
                    new NativeLibraryException(
                        displayName + " has no function " + symbol + " (a library version this binding does not"
                            + " support?)",
                        null));
    return Linker.nativeLinker().downcallHandle(address, descriptor);
  }

  @Override
  public String toString() {
    return displayName;
  }
}
