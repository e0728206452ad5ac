package org.fovea.core;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The state that modules keep per {@link Gpu} context — caches of device buffers, pools of scratch
 * images, queried device capabilities — in one place owned by the context: {@link Gpu#state(Key)}
 * makes a value on first use, {@link Gpu#dropState(Key)} releases it, and {@link Gpu#close()}
 * releases them all. Values that are {@link AutoCloseable} are closed when released. Nothing is
 * kept in static maps keyed by a context, so a closed context leaves nothing behind and two
 * contexts never share a cache.
 */
public final class GpuState {
  private static final Logger LOG = Logger.getLogger("org.fovea");

  private final Map<Key<?>, Object> values = new IdentityHashMap<>();
  private boolean closed;

  GpuState() {}

  /**
   * A typed key of per-context state: its name (for messages) and how to make its value for a
   * context. Keys compare by identity; keep each in a {@code static final} field.
   *
   * @param <T> the type of the value
   */
  public static final class Key<T> {
    private final String name;
    private final Function<Gpu, ? extends T> init;

    private Key(String name, Function<Gpu, ? extends T> init) {
      this.name = Objects.requireNonNull(name, "name");
      this.init = Objects.requireNonNull(init, "init");
    }

    /**
     * A new key; {@code init} makes the value for a context on first use (it may use the context,
     * e.g. to query the device, but must not ask for other state of it).
     */
    public static <T> Key<T> of(String name, Function<Gpu, ? extends T> init) {
      return new Key<>(name, init);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  synchronized <T> T get(Gpu gpu, Key<T> key) {
    if (closed) {
      throw new FoveaException.InvalidArgument(
          "This Gpu context (" + gpu.device().name() + ") is closed");
    }
    Object v = values.get(key);
    if (v == null) {
      v = Objects.requireNonNull(key.init.apply(gpu), () -> "state " + key + " made null");
      values.put(key, v);
    }
    @SuppressWarnings("unchecked")
    T t = (T) v;
    return t;
  }

  synchronized <T> T peek(Key<T> key) {
    @SuppressWarnings("unchecked")
    T t = (T) values.get(key);
    return t;
  }

  void drop(Key<?> key) {
    Object v;
    synchronized (this) {
      v = values.remove(key);
    }
    release(key, v);
  }

  /** Releases every value; later {@link #get} calls fail as the context is closed. */
  void close() {
    List<Map.Entry<Key<?>, Object>> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(values.entrySet());
      values.clear();
    }
    for (Map.Entry<Key<?>, Object> e : all) release(e.getKey(), e.getValue());
  }

  synchronized int size() {
    return values.size();
  }

  private static void release(Key<?> key, Object v) {
    if (!(v instanceof AutoCloseable c)) return;
    try {
      c.close();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "Releasing the GPU state " + key + " failed", e);
    }
  }
}
