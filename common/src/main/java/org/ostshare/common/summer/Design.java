package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.schema.CodeSet;
import org.ostshare.common.schema.Cols;

/**
 * The adjusted model: fall scale score on the spring scale score, a dummy per grade (no separate
 * intercept: each grade has its own), demographics, and dosage-group dummies (non-participants are
 * the reference). Every grade and category of the code sets has a term, in a fixed order, so that
 * blocks from different districts line up term by term; terms a district lacks are all zero and
 * dropped as aliased by {@link org.ostshare.common.stats.Ols}. References: gender F, race WHITE,
 * dosage NON_PARTICIPANT.
 *
 * @param group the dosage-group column ({@link SummerCols#DOSAGE_GROUP} or its hours variant)
 */
public record Design(String group) {
  public static final String Y = SummerCols.FALL_SCORE;
  public static final String RACE_UNKNOWN = "UNKNOWN";

  public static Design byDays() {
    return new Design(SummerCols.DOSAGE_GROUP);
  }

  public static Design byHours() {
    return new Design(SummerCols.DOSAGE_GROUP_HOURS);
  }

  /** The model's terms, in order. */
  public List<String> terms() {
    List<String> t = new ArrayList<>();
    for (String g : CodeSet.GRADE_LEVEL.codes()) {
      t.add("grade_" + g);
    }
    t.add(SummerCols.SPRING_SCORE);
    t.add(Cols.ECONOMICALLY_DISADVANTAGED);
    t.add(Cols.ENGLISH_LEARNER);
    t.add(Cols.DISABILITY);
    for (String g : CodeSet.GENDER.codes()) {
      if (!g.equals("F")) {
        t.add("gender_" + g);
      }
    }
    for (String r : CodeSet.RACE_ETHNICITY.codes()) {
      if (!r.equals("WHITE")) {
        t.add("race_" + r);
      }
    }
    t.add("race_" + RACE_UNKNOWN);
    for (DosageGroup g : DosageGroup.COMPARED) {
      t.add(g.term());
    }
    return List.copyOf(t);
  }

  /**
   * The analysis frame with one double column per term (named as the term); the frame's own columns
   * of the same name (spring score, yes/no demographics) are replaced by their term.
   */
  public Dataset<Row> apply(Dataset<Row> frame) {
    List<Column> terms = new ArrayList<>();
    for (String g : CodeSet.GRADE_LEVEL.codes()) {
      terms.add(dummy(col(Cols.GRADE_LEVEL).equalTo(g)).as("grade_" + g));
    }
    terms.add(col(SummerCols.SPRING_SCORE).cast("double").as(SummerCols.SPRING_SCORE));
    for (String b :
        List.of(Cols.ECONOMICALLY_DISADVANTAGED, Cols.ENGLISH_LEARNER, Cols.DISABILITY)) {
      terms.add(dummy(col(b)).as(b));
    }
    for (String g : CodeSet.GENDER.codes()) {
      if (!g.equals("F")) {
        terms.add(dummy(col(Cols.GENDER).equalTo(g)).as("gender_" + g));
      }
    }
    for (String r : CodeSet.RACE_ETHNICITY.codes()) {
      if (!r.equals("WHITE")) {
        terms.add(dummy(col(Cols.RACE_ETHNICITY).equalTo(r)).as("race_" + r));
      }
    }
    terms.add(dummy(col(Cols.RACE_ETHNICITY).isNull()).as("race_" + RACE_UNKNOWN));
    for (DosageGroup g : DosageGroup.COMPARED) {
      terms.add(dummy(col(group).equalTo(g.name())).as(g.term()));
    }
    List<String> names = terms();
    List<Column> out = new ArrayList<>();
    for (String c : frame.columns()) {
      if (!names.contains(c)) {
        out.add(col(c));
      }
    }
    out.addAll(terms);
    return frame.select(out.toArray(Column[]::new));
  }

  private static Column dummy(Column condition) {
    return when(condition, lit(1.0)).otherwise(lit(0.0));
  }
}
