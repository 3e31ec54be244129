package dev.jrunc.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A client stack (containerd, dockerd, a podman store) set up once per test JVM, on first use, in its
 * own temp dir, and closed by a shutdown hook even if the run is interrupted. A failed set-up is
 * remembered, so every later test fails fast with the same cause instead of starting it again.
 */
final class OncePerRun<T extends ExtensionContext.Store.CloseableResource> {
  private final String dirPrefix;
  private final Function<Path, T> make;
  private final Consumer<T> setUp;
  private T instance;
  private RuntimeException failure;

  /**
   * @param dirPrefix its temp dir under /tmp (short: daemons put unix sockets there, sun_path is 108 bytes)
   * @param make builds it around its dir (no side effects)
   * @param setUp starts it; it is closed at JVM exit whether this succeeds or not
   */
  OncePerRun(String dirPrefix, Function<Path, T> make, Consumer<T> setUp) {
    this.dirPrefix = dirPrefix;
    this.make = make;
    this.setUp = setUp;
  }

  synchronized T get() {
    if (failure != null) throw failure;
    if (instance != null) return instance;
    try {
      T t = make.apply(Files.createTempDirectory(Path.of("/tmp"), dirPrefix));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(t), dirPrefix + "close"));
      instance = t;
      setUp.accept(t);
      return t;
    } catch (IOException e) {
      failure = new UncheckedIOException(e);
      throw failure;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  private static void closeQuietly(ExtensionContext.Store.CloseableResource r) {
    try {
      r.close();
    } catch (Throwable e) {
      System.err.println("[e2e] close failed: " + e);
    }
  }
}
