package org.ostshare.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ostshare.common.error.OstshareException;
import org.ostshare.jobs.settings.S3Settings;
import org.ostshare.jobs.settings.SettingsLoader;
import org.ostshare.jobs.settings.SparkSettings;

class S3ConfTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
  private static final Map<String, String> ENV =
      Map.of("OST_KEY", "AKIAEXAMPLE", "OST_SECRET", SECRET, "OST_TOKEN", "token-123");

  @Test
  void emptySettingsLeaveS3aToItsDefaults() {
    assertThat(SparkSessions.s3a(new S3Settings("", "", false, "", "", ""), ENV)).isEmpty();
  }

  @Test
  void anS3CompatibleStoreWithNamedCredentials() {
    Map<String, String> c =
        SparkSessions.s3a(
            new S3Settings("http://127.0.0.1:9000", "us-east-1", true, "OST_KEY", "OST_SECRET", ""),
            ENV);

    assertThat(c)
        .containsExactly(
            entry("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000"),
            entry("spark.hadoop.fs.s3a.connection.ssl.enabled", "false"),
            entry("spark.hadoop.fs.s3a.endpoint.region", "us-east-1"),
            entry("spark.hadoop.fs.s3a.path.style.access", "true"),
            entry("spark.hadoop.fs.s3a.access.key", "AKIAEXAMPLE"),
            entry("spark.hadoop.fs.s3a.secret.key", SECRET),
            entry(
                "spark.hadoop.fs.s3a.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"));
  }

  @Test
  void temporaryCredentials() {
    Map<String, String> c =
        SparkSessions.s3a(
            new S3Settings("", "eu-west-1", false, "OST_KEY", "OST_SECRET", "OST_TOKEN"), ENV);

    assertThat(c)
        .containsEntry("spark.hadoop.fs.s3a.session.token", "token-123")
        .containsEntry(
            "spark.hadoop.fs.s3a.aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider")
        .doesNotContainKey("spark.hadoop.fs.s3a.endpoint");
  }

  @Test
  void theLogLineNamesTheVariablesNotTheirValues() {
    String line =
        SparkSessions.describe(
            new S3Settings(
                "http://127.0.0.1:9000", "us-east-1", true, "OST_KEY", "OST_SECRET", ""));

    assertThat(line)
        .isEqualTo(
            "S3A: endpoint http://127.0.0.1:9000, region us-east-1, path-style access,"
                + " credentials from environment variables OST_KEY, OST_SECRET")
        .doesNotContain(SECRET, "AKIAEXAMPLE");
    assertThat(SparkSessions.describe(new S3Settings("", "", false, "", "", "")))
        .isEqualTo(
            "S3A: endpoint AWS default, region auto, credentials from the AWS provider chain");
  }

  @Test
  void aMissingVariableIsASettingsErrorThatNamesIt() {
    assertThatThrownBy(
            () ->
                SparkSessions.s3a(
                    new S3Settings("", "", false, "NOT_SET_KEY", "OST_SECRET", ""), ENV))
        .isInstanceOf(OstshareException.class)
        .hasMessageContaining("Environment variable NOT_SET_KEY")
        .hasMessageContaining("ostshare.s3.access-key-env")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void theUsersOwnSparkPropertiesWinOverTheMappedOnes() {
    SparkSettings spark =
        SettingsLoader.load(
                null,
                List.of(
                    "ostshare.s3.endpoint=\"http://127.0.0.1:9000\"",
                    "ostshare.spark.conf.\"spark.hadoop.fs.s3a.endpoint\"=\"http://127.0.0.1:9999\""),
                Map.of())
            .spark();

    assertThat(SparkSessions.conf(spark, ENV))
        .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9999")
        .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
  }
}
