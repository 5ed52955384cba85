package org.ostshare.jobs.settings;

import java.util.EnumMap;
import java.util.Map;
import org.ostshare.common.error.Errors;
import org.ostshare.common.schema.Domain;

/** Ingestion: the quality gate, how many domains run at once, and every source's layout. */
public record IngestSettings(
    double maxQuarantineShare,
    int examplesPerReason,
    int parallelDomains,
    Map<Domain, SourceSettings> sources) {

  public SourceSettings source(Domain domain) {
    return sources.get(domain);
  }

  static IngestSettings from(Keys k) {
    Keys defaults = k.section("source-defaults");
    Keys sources = k.section("sources");
    Map<Domain, SourceSettings> map = new EnumMap<>(Domain.class);
    for (String name : sources.names("")) {
      Domain domain =
          Domain.byTable(name)
              .orElseThrow(
                  () ->
                      sources.bad(
                          name,
                          "names no known domain",
                          "one of "
                              + Errors.quoted(
                                  java.util.Arrays.stream(Domain.values())
                                      .map(Domain::table)
                                      .toList())));
      map.put(domain, SourceSettings.from(domain, sources.section(name), defaults));
    }
    for (Domain d : Domain.values()) {
      if (!map.containsKey(d)) {
        throw sources.bad(d.table(), "is missing", "a source block for every domain");
      }
    }
    return new IngestSettings(
        k.doubleBetween("max-quarantine-share", 0, 1),
        k.intBetween("examples-per-reason", 0, 1000),
        k.intBetween("parallel-domains", 1, 64),
        Map.copyOf(map));
  }
}
