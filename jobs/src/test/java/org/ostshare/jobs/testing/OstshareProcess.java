package org.ostshare.jobs.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the shaded jar's command line in a fresh JVM, as {@code bin/ostshare} does: the jar first,
 * then Spark from the build's {@code runtime-classpath.txt}. Tests that run a job this way exercise
 * what ships (shading, service registrations, logging) rather than the test class path.
 */
public final class OstshareProcess {
  /** What a run printed and how it ended. */
  public record Result(int exitCode, String output) {}

  private OstshareProcess() {}

  public static Result run(Path dir, Map<String, String> env, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Processes.java());
    cmd.addAll(Processes.sparkJvmFlags());
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(Processes.requiredFile("ostshare.shaded.jar") + File.pathSeparator + sparkClassPath());
    cmd.add("org.ostshare.jobs.cli.Ostshare");
    cmd.addAll(args);
    Path log = dir.resolve("ostshare-" + System.nanoTime() + ".log");
    int code = Processes.run(cmd, env, dir, log, Duration.ofMinutes(5));
    return new Result(code, Processes.read(log));
  }

  /** Spark and its dependencies: the jar's 'provided' scope, as one class path. */
  public static String sparkClassPath() {
    try {
      return Files.readString(Processes.requiredFile("ostshare.spark.classpath")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
