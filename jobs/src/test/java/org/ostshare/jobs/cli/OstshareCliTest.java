package org.ostshare.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OstshareCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Ostshare.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void helpListsTheCommandsAndSucceeds() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: ostshare").contains("--version");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("frobnicate");
  }

  @Test
  void versionIsPrinted() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("ostshare ");
  }

  @Test
  void runNeedsAPeriodAndChecksItsArgumentsBeforeSparkStarts() {
    assertThat(run("run")).isEqualTo(2);
    assertThat(err.toString()).contains("--period");
    assertThat(run("run", "--period", "2025-Q5")).isEqualTo(3);
    assertThat(err.toString()).contains("Period '2025-Q5' is not a quarter.");
    assertThat(run("run", "--period", "2025-Q4", "--school-year", "2024-26")).isEqualTo(3);
    assertThat(run("run", "--period", "2025-Q4", "--as-of", "31/12/2025")).isEqualTo(3);
    assertThat(err.toString()).contains("--as-of '31/12/2025' is not a date.");
  }

  @Test
  void runIsListedWithTheOtherCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("run").contains("ingest").contains("analyse");
    assertThat(Ostshare.commandLine().getSubcommands()).containsKey("run");
  }
}
