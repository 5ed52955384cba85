package org.ostshare.jobs.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.ostshare.common.agreement.Agreement;
import org.ostshare.common.agreement.AgreementBinder;
import org.ostshare.common.error.Errors;
import org.ostshare.common.error.OstshareException;
import org.ostshare.jobs.settings.Settings;

/**
 * The agreements of the district: every {@code *.conf} of the agreements folder, each bound to the
 * shared schema, the partner registry and the secrets before any data is read. One refused
 * agreement stops the run (fail closed); the message lists every refused agreement.
 */
public final class AgreementCatalog {
  private AgreementCatalog() {}

  /**
   * Every agreement of the settings' folder, bound to a partner registry and the secrets of an
   * environment.
   */
  public static List<Agreement> load(
      Settings settings, Set<String> partners, Map<String, String> environment) {
    return load(
        Path.of(settings.publish().agreements()),
        new AgreementBinder.Context(partners, environment, settings.publish().secretVariable()));
  }

  public static List<Agreement> load(Path folder, AgreementBinder.Context context) {
    if (!Files.isDirectory(folder)) {
      throw Errors.agreement(
          "The agreements folder " + folder + " does not exist.",
          "Without agreements nothing may be shared.",
          "Create it with one file per agreement (docs/agreements.md), or set"
              + " ostshare.publish.agreements.");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
    } catch (IOException e) {
      throw Errors.agreement(
          "The agreements folder " + folder + " cannot be read: " + e.getMessage(),
          "Without agreements nothing may be shared.",
          "Check the folder's permissions.");
    }
    List<Agreement> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path f : files) {
      try {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        out.add(AgreementBinder.bind(text, f.toString(), context));
      } catch (OstshareException e) {
        problems.add(e.getMessage());
      } catch (IOException e) {
        problems.add("Agreement file " + f + " cannot be read: " + e.getMessage());
      }
    }
    Map<String, String> ids = new HashMap<>();
    for (Agreement a : out) {
      String other = ids.putIfAbsent(a.id() + " v" + a.version(), a.source());
      if (other != null) {
        problems.add(
            "Agreement "
                + a.label()
                + " is defined twice: "
                + other
                + " and "
                + a.source()
                + ".\n  Fix: give each version of an agreement its own id or version.");
      }
    }
    if (!problems.isEmpty()) {
      throw Errors.agreement(
          problems.size()
              + " agreement(s) refused; nothing is published:\n\n"
              + String.join("\n\n", problems),
          "Agreements are checked before any student data is read for publishing, and one"
              + " refused agreement stops the run.",
          "Correct the agreement files named above and run again.");
    }
    return List.copyOf(out);
  }

  /**
   * The agreement that governs each partner on a date: the one in force, or, when none is, the
   * latest (so the run can say why the partner receives nothing). Two agreements of one partner in
   * force at once are refused.
   */
  public static Map<String, Agreement> governing(List<Agreement> agreements, LocalDate asOf) {
    Map<String, List<Agreement>> byPartner = new LinkedHashMap<>();
    agreements.stream()
        .sorted(Comparator.comparing(Agreement::partner))
        .forEach(a -> byPartner.computeIfAbsent(a.partner(), k -> new ArrayList<>()).add(a));
    Map<String, Agreement> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Agreement>> e : byPartner.entrySet()) {
      List<Agreement> inForce = e.getValue().stream().filter(a -> a.inForce(asOf)).toList();
      if (inForce.size() > 1) {
        throw Errors.agreement(
            "Partner "
                + e.getKey()
                + " has "
                + inForce.size()
                + " agreements in force on "
                + asOf
                + ": "
                + String.join(
                    ", ", inForce.stream().map(a -> a.label() + " (" + a.source() + ")").toList())
                + ".",
            "Which fields a partner receives must follow from exactly one agreement.",
            "Let the older agreement expire the day before the newer takes effect.");
      }
      Optional<Agreement> chosen =
          inForce.isEmpty()
              ? e.getValue().stream().max(Comparator.comparing(Agreement::effective))
              : Optional.of(inForce.get(0));
      out.put(e.getKey(), chosen.orElseThrow());
    }
    return out;
  }
}
