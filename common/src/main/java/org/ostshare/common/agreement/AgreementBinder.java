package org.ostshare.common.agreement;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ostshare.common.error.Errors;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.schema.CodeSet;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.ColumnSpec;
import org.ostshare.common.schema.SharedDomain;

/**
 * Reads one agreement (HOCON) and binds it to the shared schema, the partner registry and the
 * secrets, before any data is read. Fails closed: anything unknown, ill-typed or impossible is
 * refused with a message naming the agreement, its source, the key and the fix.
 */
public final class AgreementBinder {
  /** Shortest pseudonym key accepted, in characters. */
  public static final int MIN_SECRET_LENGTH = 32;

  private static final Set<String> TOP_KEYS =
      Set.of(
          "id",
          "version",
          "partner",
          "basis",
          "purpose",
          "signed",
          "effective",
          "expires",
          "cadence",
          "destroy-after",
          "scope",
          "window",
          "fields",
          "transform",
          "secret");
  private static final Set<String> SCOPE_KEYS = Set.of("grades", "served", "grace");
  private static final Set<String> CADENCES = Set.of("quarterly", "monthly", "yearly", "once");
  private static final Pattern BANDED = Pattern.compile("banded(?:\\s*\\(\\s*([0-9.]+)\\s*\\))?");

  /**
   * What an agreement is bound against.
   *
   * @param partners ids of the partner registry
   * @param environment where secrets are looked up (the process environment)
   * @param secretVariablePattern default name of a partner's key variable; {@code {partner}} is
   *     replaced by the partner id, upper case with non-alphanumerics as '_'
   */
  public record Context(
      Set<String> partners, Map<String, String> environment, String secretVariablePattern) {
    public Context {
      partners = Set.copyOf(partners);
      environment = Map.copyOf(environment);
    }

    public String defaultSecretVariable(String partner) {
      return secretVariablePattern.replace(
          "{partner}", partner.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
    }
  }

  private final String source;
  private final Context context;
  private String id = "(no id)";
  private Config a;

  private AgreementBinder(String source, Context context) {
    this.source = source;
    this.context = context;
  }

  /** Parses HOCON text and binds it. */
  public static Agreement bind(String text, String source, Context context) {
    Config config;
    try {
      config =
          ConfigFactory.parseString(
              text, ConfigParseOptions.defaults().setOriginDescription(source));
    } catch (ConfigException e) {
      throw Errors.agreement(
          "Agreement file " + source + " is not valid HOCON: " + e.getMessage(),
          "An agreement that cannot be read shares nothing, and the run stops so it is noticed.",
          "Correct the syntax; docs/agreements.md has a complete example.");
    }
    return bind(config, source, context);
  }

  /** Binds a parsed agreement file (with a top-level {@code agreement} block). */
  public static Agreement bind(Config file, String source, Context context) {
    return new AgreementBinder(source, context).run(file);
  }

  private Agreement run(Config file) {
    if (!file.hasPath("agreement")) {
      throw refuse(
          "has no 'agreement' block",
          "Each agreement file holds one block agreement { ... }.",
          "Wrap the agreement's keys in agreement { ... }.");
    }
    a = file.getConfig("agreement");
    if (a.hasPath("id")) {
      id = a.getValue("id").unwrapped().toString();
    }
    unknownKeys(a, "", TOP_KEYS);
    String agreementId = string("id");
    int version = integer("version");
    String partner = string("partner");
    if (!context.partners().contains(partner)) {
      throw refuse(
          "names partner '" + partner + "' (key 'partner'), which is not in the partner registry",
          "Only partners the district reviewed and approved may receive data.",
          "Use the partner's id as the registry has it ("
              + sample(context.partners())
              + "), or add the partner to the registry first.");
    }
    Basis basis =
        Basis.byKey(string("basis"))
            .orElseThrow(
                () ->
                    refuse(
                        "has basis '" + a.getString("basis") + "' (key 'basis'), which is unknown",
                        "The legal basis decides which rules apply (FERPA 34 CFR 99.31).",
                        "Use one of "
                            + Errors.quoted(
                                java.util.Arrays.stream(Basis.values()).map(Basis::key).toList())
                            + "."));
    String purpose = a.hasPath("purpose") ? string("purpose").strip() : "";
    LocalDate signed = date("signed");
    LocalDate effective = date("effective");
    LocalDate expires = date("expires");
    if (expires.isBefore(effective)) {
      throw refuse(
          "expires on " + expires + " (key 'expires'), before it takes effect on " + effective,
          "An agreement cannot end before it begins.",
          "Correct 'effective' or 'expires'.");
    }
    if (signed.isAfter(expires)) {
      throw refuse(
          "is signed on " + signed + " (key 'signed'), after it expires on " + expires,
          "An agreement signed after its end never was in force.",
          "Correct 'signed' or 'expires'.");
    }
    String cadence = a.hasPath("cadence") ? string("cadence") : "quarterly";
    if (!CADENCES.contains(cadence)) {
      throw refuse(
          "has cadence '" + cadence + "' (key 'cadence'), which is unknown",
          "The cadence says how often deliveries are made.",
          "Use one of " + Errors.quoted(new TreeSet<>(CADENCES)) + ".");
    }
    Integer destroyAfter = a.hasPath("destroy-after") ? days("destroy-after") : null;
    if (basis == Basis.STUDIES && (destroyAfter == null || purpose.isEmpty())) {
      throw refuse(
          "has basis 'studies' without "
              + (destroyAfter == null ? "'destroy-after'" : "a 'purpose'"),
          "FERPA 99.31(a)(6) requires a written agreement stating the purpose, scope and duration"
              + " of the study and when the data will be destroyed.",
          "Add " + (destroyAfter == null ? "destroy-after = 30 days" : "purpose = \"...\"") + ".");
    }

    List<String> grades = List.of();
    ServedRule served = ServedRule.OVERLAPS_PERIOD;
    int grace = 0;
    if (a.hasPath("scope")) {
      unknownKeys(a.getConfig("scope"), "scope.", SCOPE_KEYS);
      if (a.hasPath("scope.grades")) {
        grades = strings("scope.grades");
        for (String g : grades) {
          if (!CodeSet.GRADE_LEVEL.contains(g)) {
            throw refuse(
                "lists grade '" + g + "' (key 'scope.grades'), which is not a grade",
                "Grades are the district's canonical grade levels.",
                "Use " + Errors.quoted(CodeSet.GRADE_LEVEL.codes()) + ".");
          }
        }
      }
      if (a.hasPath("scope.served")) {
        String s = string("scope.served");
        served =
            ServedRule.byKey(s)
                .orElseThrow(
                    () ->
                        refuse(
                            "has served rule '" + s + "' (key 'scope.served'), which is unknown",
                            "The served rule decides which students the partner serves.",
                            "Use one of "
                                + Errors.quoted(
                                    java.util.Arrays.stream(ServedRule.values())
                                        .map(ServedRule::key)
                                        .toList())
                                + "."));
      }
      if (a.hasPath("scope.grace")) {
        grace = days("scope.grace");
      }
    }
    if (served == ServedRule.GRACE && grace == 0) {
      throw refuse(
          "has served = grace without grace days (key 'scope.grace')",
          "A grace window of zero days is the same as overlaps-period.",
          "Set scope.grace, e.g. grace = 45 days, or use served = overlaps-period.");
    }
    RecordWindow window = RecordWindow.SCHOOL_YEAR_TO_DATE;
    if (a.hasPath("window")) {
      String w = string("window");
      window =
          RecordWindow.byKey(w)
              .orElseThrow(
                  () ->
                      refuse(
                          "has window '" + w + "' (key 'window'), which is unknown",
                          "The window says which dated records are released.",
                          "Use 'school-year-to-date' or 'period'."));
    }

    List<FieldRule> fields = fields(transforms(), basis);
    Secret secret = null;
    if (fields.stream().anyMatch(f -> f.transform() == Transform.PSEUDONYM)) {
      String variable =
          a.hasPath("secret") ? string("secret") : context.defaultSecretVariable(partner);
      String value = context.environment().get(variable);
      if (value == null || value.isBlank()) {
        throw refuse(
            "pseudonymises fields but its key, environment variable "
                + variable
                + (a.hasPath("secret") ? " (key 'secret')" : "")
                + ", is not set",
            "Pseudonyms are keyed per partner; without the key nothing can be published.",
            "Set "
                + variable
                + " to the partner's secret (at least "
                + MIN_SECRET_LENGTH
                + " characters) in the environment of the run; never write it into a file in"
                + " conf/.");
      }
      if (value.length() < MIN_SECRET_LENGTH) {
        throw refuse(
            "pseudonymises fields but its key in " + variable + " is too short",
            "A short key makes pseudonyms guessable.",
            "Use a random secret of at least " + MIN_SECRET_LENGTH + " characters.");
      }
      secret =
          new Secret("environment variable " + variable, value.getBytes(StandardCharsets.UTF_8));
    }
    return new Agreement(
        agreementId,
        version,
        partner,
        basis,
        purpose,
        signed,
        effective,
        expires,
        cadence,
        destroyAfter,
        grades,
        served,
        grace,
        window,
        fields,
        secret,
        source);
  }

  /** Transforms by field name ("student_id") or by qualified name ("assessment.scale_score"). */
  private Map<String, String> transforms() {
    Map<String, String> out = new LinkedHashMap<>();
    if (!a.hasPath("transform")) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : a.getConfig("transform").root().entrySet()) {
      String key = e.getKey();
      ConfigValue v = e.getValue();
      if (v.valueType() == ConfigValueType.OBJECT) {
        for (Map.Entry<String, ConfigValue> f : ((com.typesafe.config.ConfigObject) v).entrySet()) {
          out.put(key + "." + f.getKey(), String.valueOf(f.getValue().unwrapped()));
        }
      } else {
        out.put(key, String.valueOf(v.unwrapped()));
      }
    }
    return out;
  }

  private List<FieldRule> fields(Map<String, String> transforms, Basis basis) {
    if (!a.hasPath("fields")) {
      throw refuse(
          "lists no fields (key 'fields')",
          "Default deny: an agreement without fields shares nothing.",
          "Add fields { student = [...] , ... }.");
    }
    Config fields = a.getConfig("fields");
    List<FieldRule> out = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (String domainKey : fields.root().keySet()) {
      SharedDomain domain =
          SharedDomain.byKey(domainKey)
              .orElseThrow(
                  () ->
                      refuse(
                          "lists domain '"
                              + domainKey
                              + "' (key 'fields."
                              + domainKey
                              + "'), which is not a shared domain",
                          "Agreements may only name what the shared schema declares.",
                          "Use one of " + Errors.quoted(SharedDomain.keys()) + "."));
      List<String> names = strings("fields." + domainKey);
      for (String name : names) {
        ColumnSpec spec =
            domain
                .column(name)
                .orElseThrow(
                    () ->
                        refuse(
                            "lists field '"
                                + domainKey
                                + "."
                                + name
                                + "' (key 'fields."
                                + domainKey
                                + "'), which is not in the canonical schema; fields of '"
                                + domainKey
                                + "' are: "
                                + String.join(", ", domain.columnNames()),
                            "Default deny: only declared fields can be released, and a misspelt"
                                + " field would silently share less or more than agreed.",
                            "Correct the field name or remove it."));
        String qualified = domainKey + "." + name;
        String transformKey = transforms.getOrDefault(qualified, transforms.get(name));
        if (transforms.containsKey(qualified)) {
          used.add(qualified);
        } else if (transforms.containsKey(name)) {
          used.add(name);
        }
        Transform transform = Transform.NONE;
        double width = 0;
        if (transformKey != null) {
          String t = transformKey.strip();
          Matcher m = BANDED.matcher(t);
          if (m.matches()) {
            transform = Transform.BANDED;
            width = m.group(1) == null ? 10 : Double.parseDouble(m.group(1));
            if (width <= 0) {
              throw refuse(
                  "bands '" + qualified + "' with width " + width + " (key 'transform')",
                  "Bands need a positive width.",
                  "Write banded(10) or another positive width.");
            }
          } else {
            transform =
                Transform.byKey(t)
                    .orElseThrow(
                        () ->
                            refuse(
                                "gives field '"
                                    + qualified
                                    + "' the transform '"
                                    + t
                                    + "' (key 'transform."
                                    + name
                                    + "'), which is unknown",
                                "Only known transforms can be applied.",
                                "Use one of 'pseudonym', 'year-only', 'banded(WIDTH)', 'masked'."));
          }
          if (!transform.fits(spec.type())) {
            throw refuse(
                "gives field '"
                    + qualified
                    + "' ("
                    + spec.type().name().toLowerCase(java.util.Locale.ROOT)
                    + ") the transform '"
                    + transform.key()
                    + "' (key 'transform."
                    + name
                    + "'), which does not fit its type",
                "'" + transform.key() + "' applies to " + typeNames(transform) + " fields only.",
                "Remove the transform or choose one that fits.");
          }
        }
        if (basis == Basis.DIRECTORY
            && domain == SharedDomain.STUDENT
            && !SharedDomain.DIRECTORY_BASIS_FIELDS.contains(name)
            && !(name.equals(Cols.STUDENT_ID) && transform == Transform.PSEUDONYM)) {
          throw refuse(
              "has basis 'directory' but lists field '"
                  + qualified
                  + "', which is not directory"
                  + " information",
              "Under FERPA 99.31(a)(11) only directory information may be disclosed this way.",
              "Remove the field, pseudonymise student_id, or use another basis with its"
                  + " safeguards.");
        }
        if (basis == Basis.DIRECTORY && domain != SharedDomain.STUDENT) {
          throw refuse(
              "has basis 'directory' but lists domain '" + domainKey + "'",
              "Under FERPA 99.31(a)(11) only directory information may be disclosed this way.",
              "List only directory fields of 'student', or use another basis.");
        }
        if (out.stream().anyMatch(f -> f.qualified().equals(qualified))) {
          throw refuse(
              "lists field '" + qualified + "' twice",
              "A field list is a set.",
              "Remove the duplicate.");
        }
        out.add(new FieldRule(domainKey, name, transform, width));
      }
    }
    for (String key : transforms.keySet()) {
      if (!used.contains(key)) {
        throw refuse(
            "transforms '" + key + "' (key 'transform'), which is not a listed field",
            "A transform of a field that is not released is most likely a typo.",
            "List the field under 'fields', or correct the name in 'transform'.");
      }
    }
    if (out.isEmpty()) {
      throw refuse(
          "lists no fields (key 'fields')",
          "Default deny: an agreement without fields shares nothing.",
          "Add fields { student = [...] , ... }.");
    }
    return out;
  }

  private static String typeNames(Transform t) {
    return t.fitting().stream()
        .map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
        .sorted()
        .reduce((x, y) -> x + ", " + y)
        .orElse("");
  }

  private void unknownKeys(Config c, String prefix, Set<String> known) {
    for (String k : c.root().keySet()) {
      if (!known.contains(k)) {
        throw refuse(
            "has the unknown key '" + prefix + k + "'",
            "An agreement is read strictly: a misspelt key would silently change what is shared.",
            "Use only the keys of docs/agreements.md: "
                + Errors.quoted(new TreeSet<>(known))
                + ".");
      }
    }
  }

  private String string(String key) {
    try {
      return a.getString(key);
    } catch (ConfigException.Missing e) {
      throw refuse("has no '" + key + "'", "The key is required.", "Add " + key + " = ...");
    } catch (ConfigException.WrongType e) {
      throw refuse("has a '" + key + "' that is not text", "Expected a single value.", "Fix it.");
    }
  }

  private int integer(String key) {
    try {
      return a.getInt(key);
    } catch (ConfigException.Missing e) {
      throw refuse("has no '" + key + "'", "The key is required.", "Add " + key + " = 1");
    } catch (ConfigException.WrongType e) {
      throw refuse("has a '" + key + "' that is not a whole number", "Expected e.g. 3.", "Fix it.");
    }
  }

  private List<String> strings(String key) {
    try {
      return a.getStringList(key);
    } catch (ConfigException.WrongType e) {
      throw refuse(
          "has a '" + key + "' that is not a list", "Expected a list like [a, b].", "Fix it.");
    }
  }

  private LocalDate date(String key) {
    String v = string(key);
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw refuse(
          "has " + key + " = '" + v + "', which is not a date",
          "Dates decide when the agreement is in force.",
          "Write it as YYYY-MM-DD, e.g. " + key + " = 2025-07-01.");
    }
  }

  private int days(String key) {
    ConfigValue v = a.getValue(key);
    long d;
    try {
      if (v.valueType() == ConfigValueType.NUMBER) {
        d = a.getLong(key);
      } else {
        Duration duration = a.getDuration(key);
        d = duration.toDays();
        if (!duration.equals(Duration.ofDays(d))) {
          throw new ConfigException.BadValue(key, "not whole days");
        }
      }
    } catch (ConfigException e) {
      throw refuse(
          "has " + key + " = '" + v.unwrapped() + "', which is not a number of days",
          "Durations are whole days.",
          "Write it like " + key + " = 30 days.");
    }
    if (d < 0 || d > 3660) {
      throw refuse(
          "has " + key + " = " + d + " days, outside 0 to 3660",
          "Durations are whole days within ten years.",
          "Correct the value.");
    }
    return (int) d;
  }

  private OstshareException refuse(String problem, String why, String fix) {
    return Errors.agreement("Agreement " + id + " (" + source + ") " + problem + ".", why, fix);
  }

  private static String sample(Set<String> ids) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(ids));
    String shown = String.join(", ", sorted.subList(0, Math.min(8, sorted.size())));
    return sorted.size() > 8 ? "e.g. " + shown + ", ..." : shown.isEmpty() ? "none" : shown;
  }
}
