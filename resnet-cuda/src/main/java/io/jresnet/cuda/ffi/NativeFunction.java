package io.jresnet.cuda.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * One C function of a {@link NativeLibrary}, linked on first call and then reused. Arguments follow the
 * descriptor: device pointers and opaque handles travel as {@code long}, host pointers as
 * {@link java.lang.foreign.MemorySegment}.
 */
public final class NativeFunction {
  private final NativeLibrary library;
  private final String name;
  private final FunctionDescriptor descriptor;
  private volatile MethodHandle handle;

  NativeFunction(NativeLibrary library, String name, FunctionDescriptor descriptor) {
    this.library = library;
    this.name = name;
    this.descriptor = descriptor;
  }

  public String name() {
    return name;
  }

  /** Whether the function has been linked (first call made). */
  public boolean isLinked() {
    return handle != null;
  }

  /** Calls the function and returns its result boxed (null for void). */
  public Object invoke(Object... args) {
    try {
      return handle().invokeWithArguments(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(name + " threw " + t, t);
    }
  }

  /** Calls a function that returns a C {@code int} status. */
  public int invokeStatus(Object... args) {
    return (Integer) invoke(args);
  }

  private MethodHandle handle() {
    MethodHandle h = handle;
    if (h == null) {
      synchronized (this) {
        h = handle;
        if (h == null) {
          h = library.downcall(name, descriptor);
          handle = h;
        }
      }
    }
    return h;
  }

  @Override
  public String toString() {
    return library.displayName() + "!" + name;
  }
}
