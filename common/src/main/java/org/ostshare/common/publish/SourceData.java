package org.ostshare.common.publish;

import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.schema.Domain;

/**
 * The conformed rows of one ingest period, one dataset per domain, with the roster domains
 * (programme enrolments and attendance) already matched to district students: only matched rows are
 * here, so nothing about an unmatched or ambiguous roster row can be published.
 */
public record SourceData(Map<Domain, Dataset<Row>> tables) {
  public SourceData {
    for (Domain d : Domain.values()) {
      if (!tables.containsKey(d)) {
        throw new IllegalArgumentException("missing domain " + d.table());
      }
    }
    tables = Map.copyOf(new EnumMap<>(tables));
  }

  public Dataset<Row> get(Domain domain) {
    return tables.get(domain);
  }
}
