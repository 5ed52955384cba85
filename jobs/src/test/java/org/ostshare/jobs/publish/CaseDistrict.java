package org.ostshare.jobs.publish;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.ostshare.common.publish.SourceData;
import org.ostshare.common.roster.RosterMatching;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;

/** Builds the conformed tables of a test district from HOCON rows (agreement cases). */
final class CaseDistrict {
  private CaseDistrict() {}

  /** Every domain of {@code data}, calendars generated from {@code calendar-weekdays}. */
  static Map<Domain, Dataset<Row>> tables(SparkSession spark, Config c, String period) {
    Map<Domain, Dataset<Row>> out = new EnumMap<>(Domain.class);
    for (Domain d : Domain.values()) {
      List<Row> rows = new ArrayList<>();
      if (c.hasPath("data." + d.table())) {
        for (ConfigObject o : c.getObjectList("data." + d.table())) {
          rows.add(row(d, o, period));
        }
      }
      if (d == Domain.CALENDAR && c.hasPath("calendar-weekdays")) {
        for (Map.Entry<String, ConfigValue> e : c.getObject("calendar-weekdays").entrySet()) {
          @SuppressWarnings("unchecked")
          List<String> range = (List<String>) e.getValue().unwrapped();
          for (LocalDate day = LocalDate.parse(range.get(0));
              !day.isAfter(LocalDate.parse(range.get(1)));
              day = day.plusDays(1)) {
            boolean weekday =
                day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
            rows.add(
                RowFactory.create(
                    e.getKey(),
                    2026,
                    Date.valueOf(day),
                    weekday ? "INSTRUCTIONAL_DAY" : "OTHER",
                    period));
          }
        }
      }
      out.put(d, spark.createDataFrame(rows, d.conformedSchema()));
    }
    return out;
  }

  /** The tables with roster domains replaced by their matched rows (as publish does). */
  static SourceData matched(Map<Domain, Dataset<Row>> tables) {
    Map<Domain, Dataset<Row>> out = new EnumMap<>(tables);
    for (Domain roster : List.of(Domain.PROGRAM_ENROLLMENTS, Domain.PROGRAM_ATTENDANCE)) {
      out.put(
          roster,
          RosterMatching.match(
                  tables.get(roster), tables.get(Domain.STUDENTS), tables.get(Domain.ENROLLMENTS))
              .matched()
              .drop(RosterMatching.MATCH_METHOD));
    }
    return new SourceData(out);
  }

  static Row row(Domain d, ConfigObject o, String period) {
    Set<String> names = new HashSet<>(d.columnNames());
    for (String k : o.keySet()) {
      if (!names.contains(k)) {
        throw new IllegalArgumentException("row of " + d.table() + " has unknown column " + k);
      }
    }
    List<Object> values = new ArrayList<>();
    for (StructField f : d.conformedSchema().fields()) {
      if (f.name().equals(Cols.PERIOD)) {
        values.add(period);
        continue;
      }
      ConfigValue v = o.get(f.name());
      Object raw = v == null ? null : v.unwrapped();
      values.add(raw == null ? null : convert(f, raw));
    }
    return RowFactory.create(values.toArray());
  }

  private static Object convert(StructField f, Object raw) {
    String t = f.dataType().typeName();
    return switch (t) {
      case "date" -> Date.valueOf(LocalDate.parse(raw.toString()));
      case "integer" -> ((Number) raw).intValue();
      case "double" -> ((Number) raw).doubleValue();
      case "boolean" -> (Boolean) raw;
      default -> raw.toString();
    };
  }
}
