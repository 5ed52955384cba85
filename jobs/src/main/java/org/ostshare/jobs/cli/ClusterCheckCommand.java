package org.ostshare.jobs.cli;

import org.apache.spark.sql.SparkSession;
import org.ostshare.common.error.Errors;
import org.ostshare.jobs.ops.ClusterCheck;
import org.ostshare.jobs.settings.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ostshare cluster-check}: is the deployment ready for a quarterly run? */
@Command(
    name = "cluster-check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a deployment before a quarterly run: runs this jar's code on the executors, shuffles,"
          + " and writes, reads back and deletes a small Delta table under the warehouse (local"
          + " folder or s3a://) with the configured credentials. Touches no student data.",
      "",
      "  spark-submit --class org.ostshare.jobs.cli.Ostshare ostshare-jobs-all.jar cluster-check"
          + " --warehouse s3a://bucket/ostshare"
    })
final class ClusterCheckCommand extends SparkCommand {
  @Option(
      names = "--rows",
      defaultValue = "100000",
      description = "Rows to write and read back (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--keep",
      description = "Keep the table (<warehouse>/" + ClusterCheck.TABLE + ") for inspection.")
  boolean keep;

  @Override
  protected void before(Settings settings) {
    if (rows < 1 || rows > 1_000_000_000L) {
      throw Errors.settings(
          "--rows is " + rows + ".", "The check needs at least one row.", "Give --rows 1 to 10^9.");
    }
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    ClusterCheck.Result result = ClusterCheck.run(spark, settings, rows, keep);
    System.out.println(result.summary());
    return 0;
  }
}
