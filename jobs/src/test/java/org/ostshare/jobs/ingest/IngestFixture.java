package org.ostshare.jobs.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.settings.SettingsLoader;

/**
 * A tiny district export for ingestion tests: every domain, a few good rows, and one planted bad
 * row per rule. {@link #EXPECTED_QUARANTINE} lists every line that must be quarantined with its
 * exact reason codes.
 */
final class IngestFixture {
  private IngestFixture() {}

  static final String STUDENTS_HEADER =
      "student_id,first_name,middle_name,last_name,birth_date,gender,race_ethnicity,"
          + "economically_disadvantaged,english_learner,disability,address,phone";

  /** Latin-1 on purpose: the students source is configured ISO-8859-1. */
  static final String STUDENTS =
      STUDENTS_HEADER
          + "\n"
          + "1001,Ana,,Lopez,2015-03-02,F,HISPANIC,true,false,false,\"12 Main St, Pittsburgh\",412-555-0101\n"
          + "1002,Ben,J,Smith,3/4/2014,M,WHITE,yes,no,0,,\n"
          + "1003,Cy,,Doe,2015-02-30,X,,true,false,false,,\n"
          + "1004,Di,,Roe,2015-01-01,Q,,true,false,false,,\n"
          + "1005,Ed,,Poe,2015-01-01,M,,maybe,false,false,,\n"
          + "1006,,,Fox,1890-01-01,M,,true,false,false,,\n"
          + "1001,Ana,,Lopez,2015-03-02,F,HISPANIC,true,false,false,\"12 Main St, Pittsburgh\",412-555-0101\n"
          + "1007,Gus,,Hill,2014-05-05,M,,true,false,false,,\n"
          + "1007,Gus,,Hill,2014-06-06,M,,true,false,false,,\n"
          + "1008,\"Unterminated,Lee,2015-01-01,F,,true,false,false,,\n"
          + "1009,Ida,,Kim,2015-01-01,F\n"
          + "\n"
          + "1010,Ren\u00e9e,,Park,2016-07-07,F,ASIAN,false,true,true,,\n";

  static final String SCHOOLS =
      "school_id,school_name,school_type,low_grade,high_grade\n"
          + "S1,Allegheny K-5,ELEMENTARY,K,5\n"
          + "S2,Arsenal 6-8,MIDDLE,6,8\n"
          + "S3,Backwards,ELEMENTARY,5,K\n";

  /** A UTF-8 line with a Latin-1 byte (0xE9) in it. */
  static final byte[] SCHOOLS_BAD_ENCODING = {
    'S',
    '4',
    ',',
    (byte) 0xE9,
    'c',
    'o',
    'l',
    'e',
    ',',
    'O',
    'T',
    'H',
    'E',
    'R',
    ',',
    'K',
    ',',
    '5',
    '\n'
  };

  static final String PARTNERS =
      "partner_id,partner_name,status,review_date,board_approval_date,suspended_date,expiry_date\n"
          + "P1,Hill House,APPROVED,2025-01-10,2025-02-01,,2026-06-30\n"
          + "P2,Late Review,APPROVED,2025-03-01,2025-02-01,,\n";

  static final String CALENDAR_1 =
      "school_id,school_year,calendar_date,calendar_event\n"
          + "S1,2026,2025-09-02,INSTRUCTIONAL_DAY\n"
          + "S1,2026,2025-09-03,INSTRUCTIONAL_DAY\n"
          + "S9,2026,2025-09-02,INSTRUCTIONAL_DAY\n";

  /** Second calendar file, with its columns in another order. */
  static final String CALENDAR_2 =
      "calendar_date,calendar_event,school_year,school_id\n"
          + "2025-09-02,INSTRUCTIONAL_DAY,2026,S3\n"
          + "2025-09-04,INSTRUCTIONAL_DAY,twenty,S1\n"
          + "2025-09-05,INSTRUCTIONAL_DAY,1980,S1\n";

  static final String ENROLLMENTS =
      "student_id,school_id,school_year,grade_level,entry_date,exit_date\n"
          + "1001,S1,2026,K,2025-08-25,\n"
          + "1002,S1,2026,4,2025-08-25,2025-12-19\n"
          + "1002,S2,2026,6,2025-09-10,2025-09-01\n"
          + "9999,S1,2026,3,2025-08-25,\n"
          + "1003,S1,2026,3,2025-08-25,\n"
          + "1010,S9,2026,13,2025-08-25,\n";

  static final String OPT_OUTS =
      "student_id,opt_out_type,effective_date,revoked_date\n" + "1010,DIRECTORY,2025-09-01,\n";

  /** The district's own attendance export: renamed, reordered, an extra column, own codes. */
  static final String ATTENDANCE =
      "Code,Absence Date,SchoolCode,StudentNumber,Minutes,event_duration\n"
          + "A,9/2/2025,S1,1001,30,0.5\n"
          + "E,9/3/2025,S1,1001,,\n"
          + "T,9/3/2025,S1,1002,,0.1\n"
          + "X,9/4/2025,S1,1002,,\n"
          + "A,9/5/2025,S1,1002,,1.5\n";

  static final String ASSESSMENTS =
      "student_id,assessment_id,subject,school_year,assessment_window,administration_date,"
          + "scale_score,percentile,performance_level\n"
          + "1001,MAP,MATH,2026,FALL,2025-09-15,201.5,55,PROFICIENT\n"
          + "1002,MAP,READING,2026,FALL,2025-09-15,abc,140,\n"
          + "1002,MAP,MATH,2026,FALL,2025-09-15,NaN,40,\n";

  static final String GRADES =
      "student_id,school_id,school_year,grading_period,course_code,course_title,mark,numeric_grade\n"
          + "1001,S1,2026,Q1,MATH1,Math 1,A,95\n";

  static final String DISCIPLINE =
      "incident_id,student_id,school_id,incident_date,action,action_days\n"
          + "D1,1002,S1,2025-10-01,OUT_OF_SCHOOL_SUSPENSION,2\n";

  static final String PROGRAMS =
      "program_id,partner_id,program_name,program_type,school_id,begin_date,end_date,"
          + "planned_days,planned_hours\n"
          + "PR1,P1,Summer Dreamers,SUMMER,S1,2025-06-30,2025-08-01,25,150\n"
          + "PR2,P2,Orphan Partner,AFTERSCHOOL,,2025-09-01,2025-12-01,,\n";

  static final String CONSENTS =
      "student_id,partner_id,granted_date,revoked_date\n" + "1001,P1,2025-06-01,\n";

  static final String PROGRAM_ENROLLMENTS =
      "program_id,student_id,first_name,last_name,birth_date,school_id,begin_date,end_date\n"
          + "PR1,1001,,,,,2025-06-30,2025-08-01\n"
          + "PR1,,Zed,Quinn,2015-04-04,,2025-06-30,\n"
          + "PR1,,Zed,,,,2025-06-30,\n"
          // Gus Hill's students rows conflict, so none was accepted: this may be him
          + "PR1,,gus,HILL,2014-06-06,,2025-06-30,\n";

  static final String PROGRAM_ATTENDANCE =
      "program_id,student_id,first_name,last_name,birth_date,attendance_date,hours\n"
          + "PR1,1001,,,,2025-07-01,5.5\n"
          + "PR1,,Zed,Quinn,2015-04-04,2025-07-01,25\n";

  /** Every quarantined line: domain, then the line, then its exact reason codes. */
  static final Map<String, Map<String, List<String>>> EXPECTED_QUARANTINE =
      Map.ofEntries(
          Map.entry(
              "schools",
              Map.of(
                  "S3,Backwards,ELEMENTARY,5,K", List.of("OUT_OF_ORDER"),
                  "S4,\uFFFDcole,OTHER,K,5", List.of("BAD_ENCODING"))),
          Map.entry(
              "students",
              Map.of(
                  "1003,Cy,,Doe,2015-02-30,X,,true,false,false,,", List.of("BAD_DATE"),
                  "1004,Di,,Roe,2015-01-01,Q,,true,false,false,,", List.of("UNKNOWN_CODE"),
                  "1005,Ed,,Poe,2015-01-01,M,,maybe,false,false,,", List.of("BAD_BOOLEAN"),
                  "1006,,,Fox,1890-01-01,M,,true,false,false,,",
                      List.of("MISSING_REQUIRED", "OUT_OF_RANGE"),
                  "1001,Ana,,Lopez,2015-03-02,F,HISPANIC,true,false,false,\"12 Main St, Pittsburgh\",412-555-0101",
                      List.of("DUPLICATE_ROW"),
                  "1007,Gus,,Hill,2014-05-05,M,,true,false,false,,", List.of("CONFLICTING_KEY"),
                  "1007,Gus,,Hill,2014-06-06,M,,true,false,false,,", List.of("CONFLICTING_KEY"),
                  "1008,\"Unterminated,Lee,2015-01-01,F,,true,false,false,,",
                      List.of("MALFORMED_LINE"),
                  "1009,Ida,,Kim,2015-01-01,F", List.of("MALFORMED_LINE"))),
          Map.entry(
              "partners",
              Map.of("P2,Late Review,APPROVED,2025-03-01,2025-02-01,,", List.of("OUT_OF_ORDER"))),
          Map.entry(
              "calendar",
              Map.of(
                  "S9,2026,2025-09-02,INSTRUCTIONAL_DAY", List.of("UNKNOWN_REFERENCE"),
                  "2025-09-02,INSTRUCTIONAL_DAY,2026,S3", List.of("UNKNOWN_REFERENCE"),
                  "2025-09-04,INSTRUCTIONAL_DAY,twenty,S1", List.of("BAD_NUMBER"),
                  "2025-09-05,INSTRUCTIONAL_DAY,1980,S1", List.of("OUT_OF_RANGE"))),
          Map.entry(
              "enrollments",
              Map.of(
                  "1002,S2,2026,6,2025-09-10,2025-09-01", List.of("OUT_OF_ORDER"),
                  "9999,S1,2026,3,2025-08-25,", List.of("UNKNOWN_REFERENCE"),
                  "1003,S1,2026,3,2025-08-25,", List.of("UNKNOWN_REFERENCE"),
                  "1010,S9,2026,13,2025-08-25,", List.of("UNKNOWN_CODE", "UNKNOWN_REFERENCE"))),
          Map.entry(
              "attendance",
              Map.of(
                  "X,9/4/2025,S1,1002,,", List.of("UNKNOWN_CODE"),
                  "A,9/5/2025,S1,1002,,1.5", List.of("OUT_OF_RANGE"))),
          Map.entry(
              "assessments",
              Map.of(
                  "1002,MAP,READING,2026,FALL,2025-09-15,abc,140,",
                      List.of("BAD_NUMBER", "OUT_OF_RANGE"),
                  "1002,MAP,MATH,2026,FALL,2025-09-15,NaN,40,", List.of("BAD_NUMBER"))),
          Map.entry(
              "programs",
              Map.of(
                  "PR2,P2,Orphan Partner,AFTERSCHOOL,,2025-09-01,2025-12-01,,",
                  List.of("UNKNOWN_REFERENCE"))),
          Map.entry(
              "program_enrollments",
              Map.of(
                  "PR1,,Zed,,,,2025-06-30,", List.of("MISSING_IDENTITY"),
                  "PR1,,gus,HILL,2014-06-06,,2025-06-30,", List.of("QUARANTINED_STUDENT"))),
          Map.entry(
              "program_attendance",
              Map.of("PR1,,Zed,Quinn,2015-04-04,2025-07-01,25", List.of("OUT_OF_RANGE"))));

  /** Writes the whole export under {@code input}. */
  static void writeDistrict(Path input) {
    write(input.resolve("schools/schools.csv"), SCHOOLS, StandardCharsets.UTF_8);
    append(input.resolve("schools/schools.csv"), SCHOOLS_BAD_ENCODING);
    write(input.resolve("students/students.csv"), STUDENTS, StandardCharsets.ISO_8859_1);
    write(input.resolve("partners/partners.csv"), PARTNERS, StandardCharsets.UTF_8);
    write(input.resolve("calendar/part-1.csv"), CALENDAR_1, StandardCharsets.UTF_8);
    write(input.resolve("calendar/part-2.csv"), CALENDAR_2, StandardCharsets.UTF_8);
    // hidden names, not data: skipped
    write(input.resolve("calendar/_SUCCESS"), "", StandardCharsets.UTF_8);
    write(input.resolve("calendar/.notes.txt"), "not data", StandardCharsets.UTF_8);
    write(input.resolve("enrollments/enrollments.csv"), ENROLLMENTS, StandardCharsets.UTF_8);
    write(input.resolve("opt_outs/opt_outs.csv"), OPT_OUTS, StandardCharsets.UTF_8);
    write(input.resolve("attendance/attendance.csv"), ATTENDANCE, StandardCharsets.UTF_8);
    write(input.resolve("assessments/assessments.csv"), ASSESSMENTS, StandardCharsets.UTF_8);
    write(input.resolve("grades/grades.csv"), GRADES, StandardCharsets.UTF_8);
    write(input.resolve("discipline/discipline.csv"), DISCIPLINE, StandardCharsets.UTF_8);
    write(input.resolve("programs/programs.csv"), PROGRAMS, StandardCharsets.UTF_8);
    write(input.resolve("consents/consents.csv"), CONSENTS, StandardCharsets.UTF_8);
    write(
        input.resolve("program_enrollments/program_enrollments.csv"),
        PROGRAM_ENROLLMENTS,
        StandardCharsets.UTF_8);
    write(
        input.resolve("program_attendance/program_attendance.csv"),
        PROGRAM_ATTENDANCE,
        StandardCharsets.UTF_8);
  }

  /** The source settings of the fixture district (see docs/data-contract.md's worked example). */
  static final String SOURCES =
      "ostshare.ingest.sources {\n"
          + "  students { encoding = \"ISO-8859-1\" }\n"
          + "  attendance {\n"
          + "    columns { student_id = StudentNumber, event_date = \"Absence Date\","
          + " attendance_event = Code, school_id = SchoolCode }\n"
          + "    codes { attendance_event { A = UNEXCUSED_ABSENCE, E = EXCUSED_ABSENCE, T = TARDY } }\n"
          + "  }\n"
          + "}\n";

  /** Settings for an input and warehouse folder, with the fixture's sources and extra HOCON. */
  static Settings settings(Path input, Path warehouse, double maxShare, String extra) {
    Path conf = warehouse.getParent().resolve("ostshare-" + System.nanoTime() + ".conf");
    write(
        conf,
        "ostshare {\n  warehouse = \""
            + warehouse
            + "\"\n  input = \""
            + input
            + "\"\n  ingest.max-quarantine-share = "
            + maxShare
            + "\n}\n"
            + SOURCES
            + extra,
        StandardCharsets.UTF_8);
    return SettingsLoader.load(conf, List.of(), Map.of());
  }

  static void write(Path file, String text, Charset charset) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, text.getBytes(charset));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void append(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
