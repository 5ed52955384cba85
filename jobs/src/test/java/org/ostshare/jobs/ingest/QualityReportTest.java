package org.ostshare.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the data-quality report shows a quarantined line: as text, whatever bytes it held. */
class QualityReportTest {

  @Test
  void controlCharactersAreShownEscapedAndBackquotesAsQuotes() {
    assertThat(QualityReport.code("12345,\"unterminated\n")).isEqualTo("12345,\"unterminated\\x0A");
    assertThat(QualityReport.code("\u0000\u0001garbage`x`")).isEqualTo("\\x00\\x01garbage'x'");
    assertThat(QualityReport.code("\u0085next line")).isEqualTo("\\x85next line");
  }

  @Test
  void tabsAndOtherTextStayAsTheyAre() {
    assertThat(QualityReport.code("100\tSCH01\tJosé Ñúñez 😀"))
        .isEqualTo("100\tSCH01\tJosé Ñúñez 😀");
    assertThat(QualityReport.code(null)).isEmpty();
  }
}
