package org.ostshare.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.settings.SettingsLoader;
import picocli.CommandLine.Option;

/** The options every command shares: where settings come from. */
public final class SettingsOptions {
  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "Settings file (HOCON). Default: conf/local.conf when it exists.")
  Path conf;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set ostshare.spark.shuffle-partitions=16.")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--warehouse",
      paramLabel = "PATH",
      description = "Warehouse root (folder or s3a:// URI); same as --set ostshare.warehouse=PATH.")
  String warehouse;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      description = "Input root (folder or s3a:// URI); same as --set ostshare.input=PATH.")
  String input;

  /** Reads, checks and maps the settings once, for the whole run. */
  public Settings load() {
    List<String> all = new ArrayList<>(sets);
    if (warehouse != null) {
      all.add("ostshare.warehouse=\"" + warehouse + "\"");
    }
    if (input != null) {
      all.add("ostshare.input=\"" + input + "\"");
    }
    return SettingsLoader.load(confFile(), all, System.getenv());
  }

  Path confFile() {
    if (conf != null) {
      return conf;
    }
    Path local = Path.of("conf", "local.conf");
    return Files.isRegularFile(local) ? local : null;
  }
}
