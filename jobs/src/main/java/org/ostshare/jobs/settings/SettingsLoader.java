package org.ostshare.jobs.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ostshare.common.error.Errors;

/**
 * Loads settings in layers (reference.conf, then a --conf file, then environment variables, then
 * --set options), rejects anything the reference does not declare, and maps the result into {@link
 * Settings}.
 */
public final class SettingsLoader {
  /** Environment variables that override one key each (documented in reference.conf). */
  static final Map<String, String> ENVIRONMENT =
      Map.of(
          "OSTSHARE_WAREHOUSE", "ostshare.warehouse",
          "OSTSHARE_INPUT", "ostshare.input",
          "OSTSHARE_SPARK_MASTER", "ostshare.spark.master");

  /**
   * Sections whose keys are the user's own (Spark properties, column and code mappings): their
   * entries are free, only their shape is checked when they are mapped.
   */
  private static final List<Pattern> OPEN =
      List.of(
          Pattern.compile("ostshare\\.spark\\.conf\\..+"),
          Pattern.compile("ostshare\\.ingest\\.sources\\.[^.]+\\..+"),
          Pattern.compile("ostshare\\.analyse\\.dosage\\.high-min-hours\\..+"));

  private SettingsLoader() {}

  /**
   * @param confFile a HOCON file, or null for the reference alone
   * @param sets --set options as key=value
   * @param env the process environment
   */
  public static Settings load(Path confFile, List<String> sets, Map<String, String> env) {
    return map(loadConfig(confFile, sets, env));
  }

  /** The merged, resolved and checked configuration, before mapping (for later sections). */
  public static Config loadConfig(Path confFile, List<String> sets, Map<String, String> env) {
    Config reference = ConfigFactory.parseResources("reference.conf");
    Config file = ConfigFactory.empty();
    if (confFile != null) {
      if (!Files.isRegularFile(confFile)) {
        throw Errors.settings(
            "Settings file " + confFile + " does not exist.",
            "--conf must name a HOCON file.",
            "Check the path; conf/local.conf is the embedded default.");
      }
      file = parse(() -> ConfigFactory.parseFile(confFile.toFile(), strict()), confFile.toString());
    }
    Config environment = ConfigFactory.empty();
    for (Map.Entry<String, String> e : ENVIRONMENT.entrySet()) {
      String value = env.get(e.getKey());
      if (value != null && !value.isBlank()) {
        environment =
            environment.withValue(
                e.getValue(),
                ConfigValueFactory.fromAnyRef(value, "environment variable " + e.getKey()));
      }
    }
    Config overrides = ConfigFactory.empty();
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw Errors.settings(
            "--set '" + set + "' is not key=value.",
            "Each --set gives one setting a value.",
            "Write it like --set ostshare.spark.shuffle-partitions=16");
      }
      String key = set.substring(0, eq).strip();
      String value = set.substring(eq + 1);
      overrides = overrides.withFallback(parseSet(key, value));
    }
    Config merged;
    try {
      merged =
          overrides.withFallback(environment).withFallback(file).withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw Errors.settings(
          "Settings could not be resolved: " + e.getMessage(),
          "A ${...} substitution names a key that does not exist.",
          "Check the substitutions in your --conf file.");
    }
    checkAgainstReference(merged, reference);
    return merged;
  }

  /** Maps a checked configuration into records; every value is validated here. */
  public static Settings map(Config config) {
    Keys root = new Keys(config.getConfig("ostshare"), "ostshare");
    return new Settings(
        Settings.absolute(root.nonEmpty("warehouse")),
        Settings.absolute(root.nonEmpty("input")),
        SparkSettings.from(root.section("spark"), S3Settings.from(root.section("s3"))),
        IngestSettings.from(root.section("ingest")),
        GenerateSettings.from(root.section("generate")),
        PublishSettings.from(root.section("publish")),
        AnalyseSettings.from(root.section("analyse")));
  }

  private static void checkAgainstReference(Config merged, Config reference) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : merged.entrySet()) {
      String path = e.getKey();
      if (!path.startsWith("ostshare.")) {
        continue; // other libraries' keys (akka-style includes) are not ours to judge
      }
      if (!reference.hasPathOrNull(path)
          && OPEN.stream().noneMatch(p -> p.matcher(path).matches())) {
        problems.add(
            "unknown key '"
                + path
                + "' (set in "
                + e.getValue().origin().description()
                + ")"
                + suggestion(path, keys(reference)));
      }
    }
    try {
      merged.checkValid(reference, "ostshare");
    } catch (ConfigException.ValidationFailed e) {
      for (ConfigException.ValidationProblem p : e.problems()) {
        problems.add("'" + p.path() + "' " + p.problem() + " (" + p.origin().description() + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw Errors.settings(
          "Settings are not valid:\n    - " + String.join("\n    - ", problems),
          "Every key must be one that reference.conf declares, with a value of its type.",
          "Correct the keys above; reference.conf lists every key with its meaning.");
    }
  }

  private static Set<String> keys(Config reference) {
    Set<String> keys = new java.util.TreeSet<>();
    reference.entrySet().forEach(e -> keys.add(e.getKey()));
    return keys;
  }

  /** Names the declared key closest to a misspelt one, when there is a close one. */
  private static String suggestion(String path, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(path, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best != null && bestDistance <= 3 ? "; did you mean '" + best + "'?" : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Config parseSet(String key, String value) {
    try {
      // HOCON values (numbers, lists, objects) first; anything else is a plain string
      return ConfigFactory.parseString(
          key + " = " + value, strict().setOriginDescription("--set " + key));
    } catch (ConfigException e) {
      return ConfigFactory.empty()
          .withValue(key, ConfigValueFactory.fromAnyRef(value, "--set " + key));
    }
  }

  private static ConfigParseOptions strict() {
    return ConfigParseOptions.defaults().setAllowMissing(false);
  }

  private static Config parse(java.util.function.Supplier<Config> parser, String what) {
    try {
      return parser.get();
    } catch (ConfigException e) {
      throw Errors.settings(
          "Settings file " + what + " cannot be read: " + e.getMessage(),
          "It must be valid HOCON.",
          "Fix the syntax at the line named above.");
    }
  }
}
