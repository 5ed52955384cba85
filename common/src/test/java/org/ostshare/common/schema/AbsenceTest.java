package org.ostshare.common.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.ostshare.common.test.TestSpark;

/** Which attendance rows are a day absent: every event, with durations around half a day. */
class AbsenceTest {
  @Test
  void halfTheDayOrMoreOfAnAbsenceOrSuspensionIsADayAbsent() {
    Object[][] cases = {
      // event, duration (null: not given), a day absent
      {"EXCUSED_ABSENCE", null, true},
      {"EXCUSED_ABSENCE", 1.0, true},
      {"EXCUSED_ABSENCE", 0.5, true},
      {"EXCUSED_ABSENCE", 0.49, false},
      {"UNEXCUSED_ABSENCE", null, true},
      {"UNEXCUSED_ABSENCE", 0.75, true},
      {"UNEXCUSED_ABSENCE", 0.25, false},
      {"OUT_OF_SCHOOL_SUSPENSION", null, true},
      {"OUT_OF_SCHOOL_SUSPENSION", 0.5, true},
      {"OUT_OF_SCHOOL_SUSPENSION", 0.0, false},
      // counted apart, or not an absence at all, however long
      {"TARDY", null, false},
      {"TARDY", 1.0, false},
      {"EARLY_DEPARTURE", 0.6, false},
      {"IN_SCHOOL_SUSPENSION", 1.0, false},
    };
    StructType schema =
        new StructType()
            .add("case", DataTypes.IntegerType, false)
            .add(Cols.ATTENDANCE_EVENT, DataTypes.StringType, false)
            .add(Cols.EVENT_DURATION, DataTypes.DoubleType, true);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < cases.length; i++) {
      rows.add(RowFactory.create(i, cases[i][0], cases[i][1]));
    }
    Dataset<Row> events = TestSpark.get().createDataFrame(rows, schema);

    List<Row> out =
        events
            .select(events.col("case"), Absence.recorded().as("absent"))
            .orderBy("case")
            .collectAsList();

    assertThat(out).hasSize(cases.length);
    for (int i = 0; i < cases.length; i++) {
      assertThat(tuple(cases[i][0], cases[i][1], out.get(i).getBoolean(1)))
          .isEqualTo(tuple(cases[i][0], cases[i][1], cases[i][2]));
    }
  }

  @Test
  void everyAbsenceEventIsACodeOfTheContract() {
    assertThat(CodeSet.ATTENDANCE_EVENT.codes()).containsAll(Absence.EVENTS);
  }
}
