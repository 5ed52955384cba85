package org.ostshare.jobs.settings;

import java.util.EnumMap;
import java.util.Map;
import org.ostshare.common.error.Errors;
import org.ostshare.common.schema.Domain;

/**
 * Ingestion: the quality gate, how many domains run at once, how finely a large domain's key check
 * is split, and every source's layout.
 *
 * @param keyCheckPartitionSize input bytes per partition of a large domain's key check (see {@code
 *     IngestJob.keyCheckPartitions})
 */
public record IngestSettings(
    double maxQuarantineShare,
    int examplesPerReason,
    int parallelDomains,
    long keyCheckPartitionSize,
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
        k.bytesBetween("key-check-partition-size", 1L << 20, 1L << 40),
        Map.copyOf(map));
  }
}
