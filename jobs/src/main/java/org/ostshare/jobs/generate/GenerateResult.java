package org.ostshare.jobs.generate;

import java.time.Duration;
import java.util.Map;
import org.ostshare.common.quality.Reason;
import org.ostshare.common.schema.Domain;

/**
 * What a generation run wrote.
 *
 * @param output the input folder (one folder per domain)
 * @param truth the planted truth folder ({@code <output>/../truth})
 * @param rows clean rows written per domain
 * @param defects defective rows written per domain and kind (a CONFLICTING_KEY pair counts two)
 * @param elapsed wall time of the run
 */
public record GenerateResult(
    String output,
    String truth,
    Map<Domain, Long> rows,
    Map<Domain, Map<Reason, Long>> defects,
    Duration elapsed) {

  public long defects(Domain domain) {
    return defects.getOrDefault(domain, Map.of()).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }
}
