package org.ostshare.jobs.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Spark standalone cluster for integration tests: a master and one worker, each a separate
 * JVM on 127.0.0.1 with free ports, started from the project's own Spark dependencies (no Spark
 * download), waited for until the worker has registered, and stopped with its executors after the
 * test class. {@link #submit} runs {@code SparkSubmit} in client mode as a further process.
 *
 * <p>What a standalone worker needs to launch executors, found in Spark's launcher ({@code
 * org.apache.spark.launcher.AbstractCommandBuilder}, {@code WorkerCommandBuilder}): the worker
 * builds each executor's command from {@code SPARK_HOME} (its environment variable); the executor
 * class path is {@code $SPARK_HOME/jars/*} (or {@code assembly/target/scala-<v>/jars}, else it
 * fails with "Library directory ... does not exist"), and the Scala version comes from {@code
 * SPARK_SCALA_VERSION} (else from a {@code launcher/target/scala-2.13} build folder, else it fails
 * with "Cannot find any build directories"). So the cluster gets a minimal {@code SPARK_HOME} whose
 * {@code jars/} holds links to the build's Spark class path ({@code runtime-classpath.txt}: the
 * jar's 'provided' dependencies), exactly the layout of a Spark distribution, and {@code
 * SPARK_SCALA_VERSION=2.13}. The application's own code and Delta reach the executors the usual
 * way: spark-submit ships the shaded jar ({@code spark.jars}); {@code
 * spark.executor.extraClassPath} is not needed. {@code SPARK_LOCAL_IP=127.0.0.1} and {@code --host
 * 127.0.0.1} keep every endpoint on loopback.
 */
public final class SparkStandaloneCluster implements BeforeAllCallback, AfterAllCallback {
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final int workerCores;
  private final String workerMemory;
  private Path dir;
  private Path home;
  private Process master;
  private Process worker;
  private int masterPort;
  private int masterWebPort;

  public SparkStandaloneCluster(int workerCores, String workerMemory) {
    this.workerCores = workerCores;
    this.workerMemory = workerMemory;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Processes.workDir("spark-cluster");
    home = sparkHome(dir.resolve("spark-home"));
    masterPort = Processes.freePort();
    masterWebPort = Processes.freePort();
    Path masterLog = dir.resolve("logs/master.log");
    master =
        Processes.start(
            sparkClass(
                "256m",
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(masterPort),
                "--webui-port",
                Integer.toString(masterWebPort)),
            env(),
            dir,
            masterLog);
    Processes.await(
        "Spark master", master, masterLog, Duration.ofMinutes(2), () -> aliveWorkers() >= 0);

    Path workerLog = dir.resolve("logs/worker.log");
    worker =
        Processes.start(
            sparkClass(
                "256m",
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(Processes.freePort()),
                "--webui-port",
                Integer.toString(Processes.freePort()),
                "--cores",
                Integer.toString(workerCores),
                "--memory",
                workerMemory,
                "--work-dir",
                dir.resolve("work").toString(),
                masterUrl()),
            env(),
            dir,
            workerLog);
    Processes.await(
        "Spark worker registration",
        worker,
        workerLog,
        Duration.ofMinutes(2),
        () -> aliveWorkers() >= 1);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // the worker first: it kills its executors on the way down
    Processes.stop(worker);
    Processes.stop(master);
    S3MockServer.deleteTree(dir);
  }

  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /**
   * Submits the shaded jar in client mode ({@code SparkSubmit}, a separate JVM whose working folder
   * is {@code workDir}) and waits for it.
   *
   * @param sparkConf extra {@code --conf} entries, e.g. {@code spark.executor.memory=512m}
   * @param args the ostshare command line
   */
  public OstshareProcess.Result submit(
      Path workDir, Map<String, String> env, List<String> sparkConf, List<String> args) {
    List<String> submitArgs =
        new ArrayList<>(
            List.of(
                "--master",
                masterUrl(),
                "--deploy-mode",
                "client",
                "--class",
                "org.ostshare.jobs.cli.Ostshare",
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.executor.memory=1g",
                "--conf",
                "spark.cores.max=" + workerCores));
    for (String c : sparkConf) {
      submitArgs.add("--conf");
      submitArgs.add(c);
    }
    submitArgs.add(Processes.requiredFile("ostshare.shaded.jar").toString());
    submitArgs.addAll(args);
    List<String> cmd = sparkClass("2g", "org.apache.spark.deploy.SparkSubmit", submitArgs);
    Map<String, String> all = new java.util.HashMap<>(env());
    all.putAll(env);
    Path log = workDir.resolve("spark-submit-" + System.nanoTime() + ".log");
    int code = Processes.run(cmd, all, workDir, log, Duration.ofMinutes(15));
    return new OstshareProcess.Result(code, Processes.read(log));
  }

  /** Workers the master counts as alive, from its JSON status page; -1 while it does not answer. */
  public int aliveWorkers() {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterWebPort + "/json/"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Matcher m = ALIVE_WORKERS.matcher(r.body());
      return r.statusCode() == 200 && m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private Map<String, String> env() {
    return Map.of(
        "SPARK_HOME",
        home.toString(),
        "SPARK_SCALA_VERSION",
        "2.13",
        "SPARK_LOCAL_IP",
        "127.0.0.1",
        "SPARK_CONF_DIR",
        home.resolve("conf").toString());
  }

  private List<String> sparkClass(String heap, String mainClass, String... args) {
    return sparkClass(heap, mainClass, List.of(args));
  }

  private List<String> sparkClass(String heap, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Processes.java());
    cmd.addAll(Processes.sparkJvmFlags());
    cmd.add("-Xmx" + heap);
    cmd.add("-cp");
    cmd.add(
        home.resolve("conf")
            + File.separator
            + File.pathSeparator
            + home.resolve("jars")
            + File.separator
            + "*");
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  /** A Spark distribution's layout: jars/ (links to the build's Spark class path) and conf/. */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    for (String entry : OstshareProcess.sparkClassPath().split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      if (!Files.isRegularFile(jar)) {
        continue;
      }
      Path link = jars.resolve(jar.getFileName());
      for (int i = 1; Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS); i++) {
        link = jars.resolve(i + "-" + jar.getFileName());
      }
      try {
        Files.createSymbolicLink(link, jar.toAbsolutePath());
      } catch (UnsupportedOperationException | IOException e) {
        Files.copy(jar, link);
      }
    }
    // Spark's default log4j2 settings print INFO to the console: enough to follow a failure
    try {
      Files.writeString(
          home.resolve("conf/log4j2.properties"),
          String.join(
              "\n",
              "rootLogger.level = info",
              "rootLogger.appenderRef.stdout.ref = console",
              "appender.console.type = Console",
              "appender.console.name = console",
              "appender.console.target = SYSTEM_ERR",
              "appender.console.layout.type = PatternLayout",
              "appender.console.layout.pattern = %d{HH:mm:ss} %-5p %c{1} - %m%n",
              "logger.ostshare.name = org.ostshare",
              "logger.ostshare.level = info",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return home;
  }
}
