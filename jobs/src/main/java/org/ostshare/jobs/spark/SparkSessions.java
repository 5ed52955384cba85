package org.ostshare.jobs.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.error.Errors;
import org.ostshare.jobs.settings.S3Settings;
import org.ostshare.jobs.settings.SparkSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the one SparkSession of a run, with Delta Lake, the project's defaults and the S3A
 * settings.
 *
 * <p>The master: under {@code spark-submit} (which passes its {@code --master} to the driver as the
 * system property {@code spark.master}) the submitted master is used and {@code
 * ostshare.spark.master} is ignored, so the same settings file serves a laptop and a cluster.
 *
 * <p>Delta on S3: for {@code s3a://} paths Delta chooses its single-driver log store ({@code
 * S3SingleDriverLogStore}) by itself. It is correct when one driver at a time writes a table, which
 * is how the pipeline runs (one stage per period). Several concurrent writers need the DynamoDB log
 * store; docs/operations.md says how.
 */
public final class SparkSessions {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);
  private static final String S3A = "spark.hadoop.fs.s3a.";

  private SparkSessions() {}

  public static SparkSession start(SparkSettings settings) {
    return start(settings, System.getenv());
  }

  /**
   * @param env where the credentials named by {@code ostshare.s3} are looked up
   */
  public static SparkSession start(SparkSettings settings, Map<String, String> env) {
    SparkSession.Builder b = SparkSession.builder().appName(settings.appName());
    String submitted = System.getProperty("spark.master");
    if (submitted != null && !submitted.isBlank()) {
      if (!settings.master().isEmpty() && !settings.master().equals(submitted)) {
        LOG.info(
            "Spark master {} from spark-submit (ostshare.spark.master '{}' is not used)",
            submitted,
            settings.master());
      }
    } else if (!settings.master().isEmpty()) {
      b.master(settings.master());
    }
    conf(settings, env).forEach(b::config);
    LOG.info(describe(settings.s3()));
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel(settings.logLevel());
    return spark;
  }

  /** Every property the session is built with: defaults, then S3A, then the user's own. */
  static Map<String, String> conf(SparkSettings settings, Map<String, String> env) {
    Map<String, String> all = new LinkedHashMap<>(defaults(settings));
    all.putAll(s3a(settings.s3(), env));
    all.putAll(settings.conf());
    return all;
  }

  /** What every run needs; user's spark.conf entries override these. */
  static Map<String, String> defaults(SparkSettings settings) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    c.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    c.put("spark.sql.shuffle.partitions", Integer.toString(settings.shufflePartitions()));
    // Delta's vacuum lists and deletes files with this many tasks (Spark's default is 10,000,
    // which made every publish spend minutes vacuuming small tables)
    c.put(
        "spark.sql.sources.parallelPartitionDiscovery.parallelism",
        Integer.toString(settings.shufflePartitions()));
    // tasks that rebuild a Delta snapshot from its log (Delta's default is 50)
    c.put(
        "spark.databricks.delta.snapshotPartitions",
        Integer.toString(settings.shufflePartitions()));
    // dates are calendar dates: never shift them by the machine's zone
    c.put("spark.sql.session.timeZone", "UTC");
    c.put("spark.ui.showConsoleProgress", "false");
    // executors free broadcasts (every task binary is one) only after the driver's GC finds
    // them unreferenced; a driver with a roomy heap rarely collects, and a run of many small
    // jobs filled a 1 GiB executor with stale broadcasts before Spark's 30-minute periodic GC
    c.put("spark.cleaner.periodicGC.interval", "1min");
    // the driver keeps the plans of finished queries and jobs for the UI; the pipeline runs
    // thousands of small ones with large plans, and the defaults (1,000 each) filled a 1 GiB driver
    c.put("spark.sql.ui.retainedExecutions", "50");
    c.put("spark.ui.retainedJobs", "200");
    c.put("spark.ui.retainedStages", "200");
    // every query and every adaptive re-plan sends its plan, as text, to the UI; the default
    // ("formatted") numbered and detailed every operator, and rendering the large plans of publish
    // and analyse took most of the driver's time in their many small queries
    c.put("spark.sql.ui.explainMode", "simple");
    // a class generated for a query is reused by any later query that generates the same code;
    // a quarterly run generates about 1,900 classes and the default cache held only 100, so the
    // same code was compiled again and again (docs/benchmarks.md, item 28)
    c.put("spark.sql.codegen.cache.maxEntries", "2000");
    // purge deletes for real: allow vacuum with a zero retention when it is asked to
    c.put("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    c.put("spark.sql.adaptive.enabled", "true");
    return c;
  }

  /**
   * The S3A properties for {@code ostshare.s3}, credentials included (Spark redacts such keys in
   * its UI and logs by {@code spark.redaction.regex}). Empty settings give no properties: S3A's own
   * defaults and the AWS provider chain apply.
   */
  static Map<String, String> s3a(S3Settings s3, Map<String, String> env) {
    Map<String, String> c = new LinkedHashMap<>();
    if (!s3.endpoint().isEmpty()) {
      c.put(S3A + "endpoint", s3.endpoint());
      if (s3.endpoint().startsWith("http://")) {
        c.put(S3A + "connection.ssl.enabled", "false");
      }
    }
    if (!s3.region().isEmpty()) {
      c.put(S3A + "endpoint.region", s3.region());
    }
    if (s3.pathStyleAccess()) {
      c.put(S3A + "path.style.access", "true");
    }
    if (s3.namedCredentials()) {
      c.put(S3A + "access.key", required(env, s3.accessKeyEnv(), "access-key-env"));
      c.put(S3A + "secret.key", required(env, s3.secretKeyEnv(), "secret-key-env"));
      if (s3.sessionTokenEnv().isEmpty()) {
        // only these credentials: no probing of instance metadata when they are given
        c.put(
            S3A + "aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      } else {
        c.put(S3A + "session.token", required(env, s3.sessionTokenEnv(), "session-token-env"));
        c.put(
            S3A + "aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
      }
    }
    return c;
  }

  /** One line for the log: where S3 is and where credentials come from, never their values. */
  public static String describe(S3Settings s3) {
    return "S3A: endpoint "
        + (s3.endpoint().isEmpty() ? "AWS default" : s3.endpoint())
        + ", region "
        + (s3.region().isEmpty() ? "auto" : s3.region())
        + (s3.pathStyleAccess() ? ", path-style access" : "")
        + ", credentials "
        + (s3.namedCredentials()
            ? "from environment variables "
                + s3.accessKeyEnv()
                + ", "
                + s3.secretKeyEnv()
                + (s3.sessionTokenEnv().isEmpty() ? "" : ", " + s3.sessionTokenEnv())
            : "from the AWS provider chain");
  }

  private static String required(Map<String, String> env, String name, String key) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw Errors.settings(
          "Environment variable " + name + " (named by ostshare.s3." + key + ") is not set.",
          "The S3 credentials are read from it when Spark starts.",
          "Export "
              + name
              + " before the run, or clear ostshare.s3."
              + key
              + " to use the AWS provider chain.");
    }
    return v;
  }
}
