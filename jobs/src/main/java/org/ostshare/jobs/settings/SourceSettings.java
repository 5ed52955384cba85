package org.ostshare.jobs.settings;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ostshare.common.error.Errors;
import org.ostshare.common.schema.ColumnSpec;
import org.ostshare.common.schema.ColumnType;
import org.ostshare.common.schema.Domain;

/**
 * How one domain's input is laid out in a district's export: where it is, how it is encoded, what
 * its columns are called and which codes it uses. Lets a district point the pipeline at its own SIS
 * export without code changes.
 *
 * @param columns canonical column name to the name in the file's header (unlisted: same name)
 * @param codes canonical column to (district code to canonical code)
 */
public record SourceSettings(
    Domain domain,
    String path,
    char delimiter,
    String encoding,
    boolean header,
    List<String> dateFormats,
    Set<String> trueValues,
    Set<String> falseValues,
    Map<String, String> columns,
    Map<String, Map<String, String>> codes)
    implements Serializable {

  /** Keys a source block may hold besides those of {@code source-defaults}. */
  static final Set<String> OWN_KEYS = Set.of("path", "columns", "codes");

  static final Set<String> DEFAULT_KEYS =
      Set.of("delimiter", "encoding", "header", "date-formats", "true-values", "false-values");

  public Charset charset() {
    return Charset.forName(encoding);
  }

  /** The header name the district uses for a canonical column. */
  public String sourceName(String canonical) {
    return columns.getOrDefault(canonical, canonical);
  }

  static SourceSettings from(Domain domain, Keys source, Keys defaults) {
    for (String key : source.names("")) {
      if (!OWN_KEYS.contains(key) && !DEFAULT_KEYS.contains(key)) {
        throw source.bad(
            key,
            "is not a source setting",
            "one of " + Errors.quoted(new java.util.TreeSet<>(unionKeys())));
      }
    }
    Keys pick = source;
    Map<String, String> columns = source.has("columns") ? source.stringMap("columns") : Map.of();
    for (String canonical : columns.keySet()) {
      if (domain.column(canonical).isEmpty()) {
        throw source.bad(
            "columns." + canonical,
            "maps '" + canonical + "', which is not a column of " + domain.table(),
            "one of " + Errors.quoted(domain.columnNames()));
      }
    }
    Map<String, Map<String, String>> codes = new HashMap<>();
    if (source.has("codes")) {
      for (String column : source.names("codes")) {
        ColumnSpec spec =
            domain
                .column(column)
                .filter(c -> c.type() == ColumnType.CODE)
                .orElseThrow(
                    () ->
                        source.bad(
                            "codes." + column,
                            "maps codes of '"
                                + column
                                + "', which is not a code column of "
                                + domain.table(),
                            "one of "
                                + Errors.quoted(
                                    domain.columns().stream()
                                        .filter(c -> c.type() == ColumnType.CODE)
                                        .map(ColumnSpec::name)
                                        .toList())));
        Map<String, String> mapping = source.stringMap("codes." + column);
        for (Map.Entry<String, String> e : mapping.entrySet()) {
          if (!spec.codeSet().contains(e.getValue())) {
            throw source.bad(
                "codes." + column + "." + e.getKey(),
                "maps to '" + e.getValue() + "', which is not a code of " + column,
                "one of " + Errors.quoted(spec.codeSet().codes()));
          }
        }
        codes.put(column, Map.copyOf(mapping));
      }
    }
    return new SourceSettings(
        domain,
        source.nonEmpty("path"),
        (source.has("delimiter") ? pick : defaults).character("delimiter"),
        (source.has("encoding") ? pick : defaults).charset("encoding").name(),
        (source.has("header") ? pick : defaults).bool("header"),
        List.copyOf((source.has("date-formats") ? pick : defaults).datePatterns("date-formats")),
        lower((source.has("true-values") ? pick : defaults).strings("true-values")),
        lower((source.has("false-values") ? pick : defaults).strings("false-values")),
        Map.copyOf(columns),
        Map.copyOf(codes));
  }

  private static Set<String> unionKeys() {
    Set<String> all = new java.util.HashSet<>(OWN_KEYS);
    all.addAll(DEFAULT_KEYS);
    return all;
  }

  private static Set<String> lower(List<String> values) {
    return values.stream()
        .map(v -> v.strip().toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }
}
