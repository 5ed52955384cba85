package org.ostshare.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.ostshare.jobs.cli.Ostshare;
import org.ostshare.jobs.cli.OstshareAccess;
import picocli.CommandLine;

/** The commands parse and fail before Spark starts; the jobs themselves are tested via run. */
class IngestCommandTest {
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = OstshareAccess.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }

  @Test
  void ingestNeedsAPeriod() {
    assertThat(execute("ingest")).isEqualTo(2);
    assertThat(err.toString()).contains("--period");
  }

  @Test
  void aBadPeriodIsASettingsError() {
    assertThat(execute("ingest", "--period", "2025-Q5")).isEqualTo(3);
    assertThat(err.toString()).contains("Period '2025-Q5' is not a quarter.");
    assertThat(execute("validate", "--period", "Q4")).isEqualTo(3);
  }

  @Test
  void bothCommandsAreRegistered() {
    assertThat(OstshareAccess.commandLine().getSubcommands()).containsKeys("ingest", "validate");
    assertThat(Ostshare.execute("ingest", "--help")).isZero();
  }
}
