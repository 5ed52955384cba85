package org.ostshare.jobs.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ostshare.common.error.Errors;
import org.ostshare.common.error.OstshareException;

/**
 * Typed reads of one config section, each failing with the key's full path, where it was set and
 * what was expected. Used only while mapping settings into records, never by transforms.
 */
final class Keys {
  private final Config config;
  private final String prefix;

  Keys(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  Keys section(String key) {
    return new Keys(config.getConfig(key), path(key));
  }

  boolean has(String key) {
    return config.hasPath(key);
  }

  String string(String key) {
    return read(key, "a string", () -> config.getString(key));
  }

  String nonEmpty(String key) {
    String v = string(key);
    if (v.isBlank()) {
      throw bad(key, "is empty", "a non-empty value");
    }
    return v;
  }

  int intBetween(String key, int lo, int hi) {
    int v = read(key, "a whole number", () -> config.getInt(key));
    if (v < lo || v > hi) {
      throw bad(key, "is " + v, "a whole number from " + lo + " to " + hi);
    }
    return v;
  }

  long longBetween(String key, long lo, long hi) {
    long v = read(key, "a whole number", () -> config.getLong(key));
    if (v < lo || v > hi) {
      throw bad(key, "is " + v, "a whole number from " + lo + " to " + hi);
    }
    return v;
  }

  /** A size in bytes, written as HOCON writes sizes ({@code 64m}, {@code 1g}) or a whole number. */
  long bytesBetween(String key, long lo, long hi) {
    long v = read(key, "a size such as 64m", () -> config.getBytes(key));
    if (v < lo || v > hi) {
      throw bad(key, "is " + v + " bytes", "a size from " + lo + " to " + hi + " bytes");
    }
    return v;
  }

  double doubleBetween(String key, double lo, double hi) {
    double v = read(key, "a number", () -> config.getDouble(key));
    if (!(v >= lo && v <= hi)) {
      throw bad(key, "is " + v, "a number from " + lo + " to " + hi);
    }
    return v;
  }

  boolean bool(String key) {
    return read(key, "true or false", () -> config.getBoolean(key));
  }

  List<String> strings(String key) {
    return read(key, "a list of strings", () -> config.getStringList(key));
  }

  LocalDate date(String key) {
    String v = string(key);
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw bad(key, "is '" + v + "'", "a date written YYYY-MM-DD");
    }
  }

  Charset charset(String key) {
    String v = string(key);
    try {
      return Charset.forName(v);
    } catch (RuntimeException e) {
      throw bad(key, "names the unknown character set '" + v + "'", "e.g. UTF-8 or windows-1252");
    }
  }

  char character(String key) {
    String v = string(key);
    if (v.length() != 1) {
      throw bad(key, "is '" + v + "'", "exactly one character, such as \",\", \"|\" or \"\\t\"");
    }
    return v.charAt(0);
  }

  List<String> datePatterns(String key) {
    List<String> patterns = strings(key);
    if (patterns.isEmpty()) {
      throw bad(key, "is empty", "at least one date format such as \"yyyy-MM-dd\"");
    }
    for (String p : patterns) {
      try {
        DateTimeFormatter.ofPattern(p);
      } catch (IllegalArgumentException e) {
        throw bad(key, "holds the invalid date format '" + p + "'", "java.time patterns");
      }
    }
    return patterns;
  }

  /** A flat map of strings, e.g. a column mapping; values must be strings. */
  Map<String, String> stringMap(String key) {
    Config section = read(key, "an object", () -> config.getConfig(key));
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : section.root().entrySet()) {
      Object v = e.getValue().unwrapped();
      if (!(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
        throw bad(key + "." + e.getKey(), "is not a single value", "a string");
      }
      out.put(e.getKey(), String.valueOf(v));
    }
    return out;
  }

  /** Names of the entries of an object. */
  List<String> names(String key) {
    if (key.isEmpty()) {
      return List.copyOf(config.root().keySet()); // "" is not a valid config path
    }
    return List.copyOf(read(key, "an object", () -> config.getObject(key)).keySet());
  }

  String path(String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  /** An error about one key's value, naming where the value came from. */
  OstshareException bad(String key, String problem, String expected) {
    String origin = "";
    if (config.hasPath(key)) {
      origin = " (set in " + config.getValue(key).origin().description() + ")";
    }
    return Errors.settings(
        "Setting '" + path(key) + "'" + origin + " " + problem + ".",
        "Expected " + expected + ".",
        "Correct it in your --conf file or --set option; reference.conf documents every key.");
  }

  private <T> T read(String key, String expected, java.util.function.Supplier<T> getter) {
    try {
      return getter.get();
    } catch (ConfigException.Missing e) {
      throw Errors.settings(
          "Setting '" + path(key) + "' is missing.",
          "It has no default and the run needs it.",
          "Set it in your --conf file or with --set " + path(key) + "=...");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      // BadValue: a size or duration whose unit HOCON does not know
      throw bad(key, "has the wrong type", expected);
    }
  }
}
