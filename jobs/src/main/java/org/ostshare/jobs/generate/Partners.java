package org.ostshare.jobs.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ostshare.common.schema.Cols;

/**
 * OST partners and their programmes: small reference lists (one partner per 200 students, a few
 * programmes per school), drawn on the driver from the seed. Student rosters never loop here: they
 * compute a programme id from the student's school and term.
 */
final class Partners {
  record Partner(
      String id,
      String name,
      String status,
      LocalDate review,
      LocalDate board,
      LocalDate suspended,
      LocalDate expiry) {
    boolean runsProgrammes() {
      return status.equals("APPROVED") || status.equals("SUSPENDED") || status.equals("EXPIRED");
    }
  }

  record Program(
      String id,
      String partnerId,
      String name,
      String type,
      String schoolId,
      LocalDate begin,
      LocalDate end,
      int plannedDays,
      double plannedHours) {}

  static final double AFTERSCHOOL_HOURS = 2.5;
  static final double CAMP_HOURS = 6.0;

  private Partners() {}

  static List<Partner> of(int students, long seed, Timeline time) {
    int n = Math.max(6, (int) Math.round(students / 200.0));
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    LocalDate yearStart = LocalDate.of(time.first - 1, 7, 1);
    List<Partner> out = new ArrayList<>();
    int combos = Names.PARTNER_PREFIX.size() * Names.PARTNER_SUFFIX.size();
    for (int i = 0; i < n; i++) {
      int c = (int) ((i * 7L) % combos); // 7 is coprime with 300: names unique up to 300
      String name =
          Names.PARTNER_PREFIX.get(c % Names.PARTNER_PREFIX.size())
              + " "
              + Names.PARTNER_SUFFIX.get(c / Names.PARTNER_PREFIX.size())
              + (i < combos ? "" : " " + (i / combos + 1));
      double u = random.nextDouble();
      // the first three are approved, so that every district has summer partners
      String status =
          i < 3 || u < 0.78
              ? "APPROVED"
              : u < 0.86 ? "PENDING" : u < 0.92 ? "SUSPENDED" : u < 0.98 ? "EXPIRED" : "WITHDRAWN";
      LocalDate review = yearStart.minusDays(30 + random.nextInt(900));
      LocalDate board = review.plusDays(20 + random.nextInt(40));
      LocalDate suspended = null;
      LocalDate expiry = board.plusYears(3);
      switch (status) {
        case "PENDING" -> {
          review = random.nextBoolean() ? time.asOf.minusDays(1 + random.nextInt(60)) : null;
          board = null;
          expiry = null;
        }
        case "WITHDRAWN" -> {
          board = null;
          expiry = null;
        }
        case "SUSPENDED" ->
            suspended =
                yearStart.plusDays(
                    random.nextInt(
                        (int) Math.max(1, time.asOf.toEpochDay() - yearStart.toEpochDay())));
        case "EXPIRED" -> {
          if (!expiry.isBefore(time.asOf)) {
            expiry = time.asOf.minusDays(1 + random.nextInt(120));
          }
          if (expiry.isBefore(board)) {
            expiry = board.plusDays(1);
          }
        }
        default -> {
          while (!expiry.isAfter(time.asOf)) {
            expiry = expiry.plusYears(3);
          }
        }
      }
      out.add(
          new Partner(
              // P001, P002, ... at every size (P1000 after P999), so that the demo agreements'
              // partners P001-P006 exist in a district of any size
              String.format("P%03d", i + 1), name, status, review, board, suspended, expiry));
    }
    return List.copyOf(out);
  }

  static String afterschoolId(String termCode, String schoolId) {
    return "AS" + termCode + "-" + schoolId;
  }

  static int campSites(int students) {
    return Math.max(3, (int) Math.round(students / 1500.0));
  }

  static String campId(int year, int site) {
    return String.format("SU%d-%03d", year, site + 1);
  }

  /**
   * One afterschool programme per school and term, and one summer camp per site; partners are dealt
   * round robin (approved ones for the camp).
   */
  static List<Program> programs(
      List<Partner> partners, List<Schools.School> schools, Timeline time, int students) {
    List<Partner> runners = partners.stream().filter(Partner::runsProgrammes).toList();
    List<Partner> approved = partners.stream().filter(p -> p.status().equals("APPROVED")).toList();
    List<Program> out = new ArrayList<>();
    int k = 0;
    for (Timeline.Term t : time.terms()) {
      Timeline.Year y = time.year(t.year());
      LocalDate begin = y.day(t.beginIdx());
      LocalDate end = y.day(t.endIdx());
      int days = 0;
      for (int i = t.beginIdx(); i <= t.endIdx(); i++) {
        days += y.day(i).getDayOfWeek().getValue() <= 4 ? 1 : 0; // Monday to Thursday
      }
      for (Schools.School s : schools) {
        Partner p = runners.get((k++ * 5 + s.index()) % runners.size());
        String term = t.code().endsWith("F") ? "Fall " : "Spring ";
        out.add(
            new Program(
                afterschoolId(t.code(), s.id()),
                p.id(),
                p.name() + " Afterschool at " + s.name() + ", " + term + t.code().substring(0, 4),
                "AFTERSCHOOL",
                s.id(),
                begin,
                end,
                days,
                days * AFTERSCHOOL_HOURS));
      }
    }
    if (time.campHeld()) {
      List<Schools.School> sites =
          schools.stream().filter(s -> s.low() == 0).toList(); // elementary and K-8 buildings
      for (int site = 0; site < campSites(students); site++) {
        Schools.School s = sites.get(site % sites.size());
        Partner p = approved.get(site % approved.size());
        int days = time.campDays.size();
        out.add(
            new Program(
                campId(time.first, site),
                p.id(),
                "Summer Dreamers Academy at " + s.name() + " (" + p.name() + ")",
                "SUMMER",
                s.id(),
                time.campDays.get(0),
                time.campDays.get(days - 1),
                days,
                days * CAMP_HOURS));
      }
    }
    return List.copyOf(out);
  }

  static Dataset<Row> partnerFrame(SparkSession spark, List<Partner> partners) {
    List<Row> rows = new ArrayList<>();
    for (Partner p : partners) {
      rows.add(
          RowFactory.create(
              p.id(),
              p.name(),
              p.status(),
              sql(p.review()),
              sql(p.board()),
              sql(p.suspended()),
              sql(p.expiry())));
    }
    StructType schema =
        new StructType()
            .add(Cols.PARTNER_ID, DataTypes.StringType)
            .add(Cols.PARTNER_NAME, DataTypes.StringType)
            .add(Cols.STATUS, DataTypes.StringType)
            .add(Cols.REVIEW_DATE, DataTypes.DateType)
            .add(Cols.BOARD_APPROVAL_DATE, DataTypes.DateType)
            .add(Cols.SUSPENDED_DATE, DataTypes.DateType)
            .add(Cols.EXPIRY_DATE, DataTypes.DateType);
    return spark.createDataFrame(rows, schema);
  }

  static Dataset<Row> programFrame(SparkSession spark, List<Program> programs) {
    List<Row> rows = new ArrayList<>();
    for (Program p : programs) {
      rows.add(
          RowFactory.create(
              p.id(),
              p.partnerId(),
              p.name(),
              p.type(),
              p.schoolId(),
              sql(p.begin()),
              sql(p.end()),
              p.plannedDays(),
              p.plannedHours()));
    }
    StructType schema =
        new StructType()
            .add(Cols.PROGRAM_ID, DataTypes.StringType)
            .add(Cols.PARTNER_ID, DataTypes.StringType)
            .add(Cols.PROGRAM_NAME, DataTypes.StringType)
            .add(Cols.PROGRAM_TYPE, DataTypes.StringType)
            .add(Cols.SCHOOL_ID, DataTypes.StringType)
            .add(Cols.BEGIN_DATE, DataTypes.DateType)
            .add(Cols.END_DATE, DataTypes.DateType)
            .add(Cols.PLANNED_DAYS, DataTypes.IntegerType)
            .add(Cols.PLANNED_HOURS, DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }

  private static java.sql.Date sql(LocalDate d) {
    return d == null ? null : java.sql.Date.valueOf(d);
  }
}
