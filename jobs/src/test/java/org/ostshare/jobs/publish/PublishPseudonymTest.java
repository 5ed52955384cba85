package org.ostshare.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.ostshare.common.agreement.Secret;
import org.ostshare.common.publish.Pseudonym;
import org.ostshare.common.test.TestSpark;

/** Pseudonyms: keyed per partner, stable across runs, unlinkable across partners, never printed. */
class PublishPseudonymTest {
  private static final Secret P1 =
      new Secret("env A", "partner-one-key-0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
  private static final Secret P2 =
      new Secret("env B", "partner-two-key-0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));

  @Test
  void sameStudentDifferentPartnersGetUnrelatedKeys() {
    assertThat(Pseudonym.of(P1, "S1")).isNotEqualTo(Pseudonym.of(P2, "S1"));
    assertThat(Pseudonym.of(P1, "S1")).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(Pseudonym.of(P1, "S1")).isNotEqualTo(Pseudonym.of(P1, "S2"));
  }

  @Test
  void stableAcrossRunsAndEqualOnExecutorsAndDriver() {
    // a fixed vector: HMAC-SHA256("partner-one-key-0123456789abcdef0123", "S1")
    String expected = Pseudonym.of(P1, "S1");
    Secret again =
        new Secret(
            "env A", "partner-one-key-0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
    assertThat(Pseudonym.of(again, "S1")).isEqualTo(expected);
    SparkSession spark = TestSpark.get();
    Dataset<Row> ids = spark.createDataset(List.of("S1", "S2"), Encoders.STRING()).toDF("id");
    List<Row> out =
        ids.select(Pseudonym.column(functions.col("id"), P1).as("p")).orderBy("p").collectAsList();
    assertThat(out)
        .extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder(expected, Pseudonym.of(P1, "S2"));
  }

  @Test
  void keysAreNeverPrinted() {
    assertThat(P1.toString()).doesNotContain("partner-one-key").contains("env A");
  }

  @Test
  void matchesAnIndependentHmac() throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(P2.bytes(), "HmacSHA256"));
    String independent =
        java.util.HexFormat.of().formatHex(mac.doFinal("S9".getBytes(StandardCharsets.UTF_8)));
    assertThat(Pseudonym.of(P2, "S9")).isEqualTo(independent);
  }
}
