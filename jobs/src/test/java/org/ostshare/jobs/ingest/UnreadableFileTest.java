package org.ostshare.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.schema.Domain;

/**
 * A failure while the data is read is an input error only when an I/O error caused it and Spark's
 * message names one of the source's files; anything else stays what it was.
 */
class UnreadableFileTest {
  static final String SPACED = "file:/tmp/district exports/opt_outs/b.csv.gz";
  static final String PLAIN = "file:/tmp/exports/opt_outs/a.csv";
  static final String LONGER = "file:/tmp/exports/opt_outs/a.csv.gz";

  static SourceFiles.Resolved optOuts() {
    return new SourceFiles.Resolved(
        Domain.OPT_OUTS,
        null,
        "/tmp/exports/opt_outs",
        List.of(
            new FileLayout(PLAIN, "student_id", 1, new int[] {0}),
            new FileLayout(SPACED, "student_id", 1, new int[] {0}),
            new FileLayout(LONGER, "student_id", 1, new int[] {0})),
        List.of(),
        0);
  }

  /** What Spark throws when a file's bytes fail it, naming the file by its URI. */
  static RuntimeException readFailure(String uri, Throwable cause) {
    return new IllegalStateException(
        new RuntimeException(
            "[FAILED_READ_FILE.NO_HINT] Encountered error while reading file " + uri + ".", cause));
  }

  static List<Arguments> cases() {
    EOFException cut = new EOFException("Unexpected end of input stream");
    return List.of(
        Arguments.of(
            "a file cut short, its URI encoded",
            readFailure("file:///tmp/district%20exports/opt_outs/b.csv.gz", cut),
            SPACED + " to its end (EOFException: Unexpected end of input stream)"),
        Arguments.of(
            "a file removed during the run",
            readFailure("file:///tmp/exports/opt_outs/a.csv", new FileNotFoundException("gone")),
            PLAIN + " to its end (FileNotFoundException: gone)"),
        Arguments.of(
            "a file whose name begins with another's",
            readFailure("file:///tmp/exports/opt_outs/a.csv.gz", cut),
            LONGER + " to its end (EOFException: Unexpected end of input stream)"),
        Arguments.of(
            "another source's file", readFailure("file:///tmp/exports/grades/a.csv", cut), null),
        Arguments.of(
            "the file named, but no I/O error",
            readFailure("file:///tmp/exports/opt_outs/a.csv", new ArithmeticException("x")),
            null),
        Arguments.of("an I/O error naming no file", new IllegalStateException(cut), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void onlyAnIoErrorOnTheSourcesOwnFileIsAnInputError(
      String name, Throwable failure, String expected) {
    Optional<OstshareException> e = SourceFiles.unreadable(optOuts(), failure);
    if (expected == null) {
      assertThat(e).isEmpty();
      return;
    }
    assertThat(e).isPresent();
    assertThat(e.get().kind()).isEqualTo(OstshareException.Kind.INPUT);
    assertThat(e.get().exitCode()).isEqualTo(5);
    assertThat(e.get().getMessage()).startsWith("opt_outs: cannot read " + expected + "\n");
    assertThat(e.get().getCause()).isSameAs(failure);
  }
}
