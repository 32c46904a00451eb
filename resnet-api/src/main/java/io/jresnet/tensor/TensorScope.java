package io.jresnet.tensor;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An arena of tensors: everything registered with it is closed, newest first, when the scope closes. Scopes nest
 * by registration: {@code parent.register(childScope)} makes closing the parent close the child.
 */
public final class TensorScope implements AutoCloseable {
  private final Deque<AutoCloseable> owned = new ArrayDeque<>();
  private boolean closed;

  /** Takes ownership of {@code resource} and returns it, for use inline: {@code var t = scope.own(b.allocate(s))}. */
  public <T extends AutoCloseable> T own(T resource) {
    if (closed) {
      throw new IllegalStateException("scope already closed");
    }
    owned.push(resource);
    return resource;
  }

  /** Gives up ownership of {@code resource} (e.g. a result handed to the caller); false if it was not owned. */
  public boolean release(AutoCloseable resource) {
    return owned.removeIf(r -> r == resource);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException first = null;
    while (!owned.isEmpty()) {
      try {
        owned.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
