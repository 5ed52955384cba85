package org.ostshare.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Separate processes for integration tests: JVMs started with the test JVM's module flags, their
 * output in a log file, waited for with a deadline, and stopped with all their children.
 */
public final class Processes {
  private Processes() {}

  /** A free TCP port on 127.0.0.1 (free now; the process that takes it binds it soon after). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code java} of the running JVM. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The JVM flags Spark needs on Java 17 ({@code --add-opens ...}), as the build gave them to this
   * test JVM (the parent pom's {@code spark.jvm.opens}), so every child JVM gets the same.
   */
  public static List<String> sparkJvmFlags() {
    List<String> flags = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens")
          || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || a.startsWith("-Djdk.reflect.useDirectMethodHandle")) {
        flags.add(a);
      }
    }
    flags.add("-Duser.timezone=UTC");
    // never reach for a cloud metadata service from a test
    flags.add("-Daws.disableEc2Metadata=true");
    return flags;
  }

  /** Starts a process with stdout and stderr appended to {@code log}. */
  public static Process start(List<String> command, Map<String, String> env, Path dir, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Files.createDirectories(dir);
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
      pb.environment().putAll(env);
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + command.get(0), e);
    }
  }

  /**
   * Waits until {@code ready} holds; fails with the log's tail when the process dies or the
   * deadline passes.
   */
  public static void await(
      String what, Process process, Path log, Duration timeout, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready.getAsBoolean()) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            what + " exited with " + process.exitValue() + " before it was ready:\n" + tail(log));
      }
      sleep(250);
    }
    throw new IllegalStateException(what + " not ready after " + timeout + ":\n" + tail(log));
  }

  /** Runs a process to its end (with a deadline) and returns its exit code. */
  public static int run(
      List<String> command, Map<String, String> env, Path dir, Path log, Duration timeout) {
    Process p = start(command, env, dir, log);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(p);
        throw new IllegalStateException(
            command.get(command.size() - 1)
                + " still running after "
                + timeout
                + ":\n"
                + tail(log));
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      stop(p);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops a process and every process it started (e.g. a Spark worker's executors). */
  public static void stop(Process process) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle c : children) {
      try {
        c.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        c.destroyForcibly();
      }
    }
  }

  /** The last lines of a log, for failure messages. */
  public static String tail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "(no log at " + log + ")";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  public static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path requiredFile(String property) {
    String v = System.getProperty(property);
    if (v == null) {
      throw new IllegalStateException(
          "System property "
              + property
              + " is not set: run integration tests with Maven (failsafe)");
    }
    Path p = Path.of(v);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(
          property + " = " + p + " does not exist: run 'verify' (it is made by 'package')");
    }
    return p;
  }

  /** A fresh folder for one test's files under target/it. */
  public static Path workDir(String name) {
    try {
      Path root = Path.of(System.getProperty("ostshare.it.dir", "target/it")).toAbsolutePath();
      Files.createDirectories(root);
      return Files.createTempDirectory(root, name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
