package org.ostshare.jobs.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ostshare.common.error.OstshareException;

class S3SettingsTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

  @Test
  void defaultsUseTheAwsProviderChainAndAwsItself() {
    S3Settings s3 = SettingsLoader.load(null, List.of(), Map.of()).spark().s3();

    assertThat(s3).isEqualTo(new S3Settings("", "", false, "", "", ""));
    assertThat(s3.namedCredentials()).isFalse();
  }

  @Test
  void mapsTheS3Section() {
    S3Settings s3 =
        load(
            "ostshare.s3.endpoint=\"http://127.0.0.1:9000\"",
            "ostshare.s3.region=us-east-1",
            "ostshare.s3.path-style-access=true",
            "ostshare.s3.access-key-env=OST_KEY",
            "ostshare.s3.secret-key-env=OST_SECRET");

    assertThat(s3)
        .isEqualTo(
            new S3Settings(
                "http://127.0.0.1:9000", "us-east-1", true, "OST_KEY", "OST_SECRET", ""));
    assertThat(s3.namedCredentials()).isTrue();
  }

  @Test
  void settingsNameTheVariablesAndNeverHoldTheSecret() {
    Settings s =
        SettingsLoader.load(
            null,
            List.of("ostshare.s3.access-key-env=OST_KEY", "ostshare.s3.secret-key-env=OST_SECRET"),
            Map.of("OST_KEY", "AKIAEXAMPLE", "OST_SECRET", SECRET));

    assertThat(s.toString()).contains("OST_SECRET").doesNotContain(SECRET, "AKIAEXAMPLE");
  }

  @Test
  void aSecretPastedWhereAVariableNameBelongsIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> load("ostshare.s3.secret-key-env=\"" + SECRET + "\""))
        .isInstanceOf(OstshareException.class)
        .hasMessageContaining("ostshare.s3.secret-key-env")
        .hasMessageContaining("not the name of an environment variable")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void credentialsInSparkConfAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(
            () -> load("ostshare.spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=\"" + SECRET + "\""))
        .isInstanceOf(OstshareException.class)
        .hasMessageContaining("holds an S3 credential")
        .hasMessageContaining("ostshare.s3.access-key-env")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(
            () ->
                load("ostshare.spark.conf.\"spark.hadoop.fs.s3a.bucket.b1.access.key\"=\"AKIAX\""))
        .hasMessageContaining("holds an S3 credential")
        .hasMessageNotContaining("AKIAX");
  }

  @Test
  void otherSecretLookingSparkPropertiesAreRedactedInToString() {
    SparkSettings spark =
        sparkOf(
            "ostshare.spark.conf.\"spark.ssl.keyPassword\"=\"" + SECRET + "\"",
            "ostshare.spark.conf.\"spark.hadoop.fs.s3a.connection.maximum\"=64");

    assertThat(spark.toString())
        .contains("spark.ssl.keyPassword=*****", "spark.hadoop.fs.s3a.connection.maximum=64")
        .doesNotContain(SECRET);
  }

  @Test
  void accessAndSecretNamesComeTogether() {
    assertThatThrownBy(() -> load("ostshare.s3.access-key-env=OST_KEY"))
        .hasMessageContaining("ostshare.s3.secret-key-env")
        .hasMessageContaining("is empty while access-key-env is set");
    assertThatThrownBy(() -> load("ostshare.s3.session-token-env=OST_TOKEN"))
        .hasMessageContaining("ostshare.s3.session-token-env");
  }

  @Test
  void aMalformedEndpointNamesTheKey() {
    assertThatThrownBy(() -> load("ostshare.s3.endpoint=\"http://host:9000/with path\""))
        .hasMessageContaining("ostshare.s3.endpoint");
  }

  private static S3Settings load(String... sets) {
    return loadAll(sets).spark().s3();
  }

  private static Settings loadAll(String... sets) {
    return SettingsLoader.load(null, List.of(sets), Map.of());
  }

  private static SparkSettings sparkOf(String... sets) {
    return loadAll(sets).spark();
  }
}
