package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.codegen.ByteCodeStats;
import org.apache.spark.sql.execution.debug.package$;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.test.TestSpark;
import org.ostshare.jobs.settings.Settings;
import scala.Tuple3;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark runs a domain's validation as Java methods it generates, and HotSpot's compilers give up on
 * a method that is too large: it then runs interpreted, several times slower, on every row of the
 * domain. When the row checks were one projection, their method was 17,000-37,000 bytes of bytecode
 * and both compilers gave up on it for some domains; in three projections the largest is about
 * 11,000 bytes, and every one was compiled (docs/benchmarks.md, item 36). HotSpot compiles nothing
 * above 8,000 bytes unless told to ({@code -XX:-DontCompileHugeMethods}, which bin/ostshare sets
 * and docs/operations.md asks of a cluster).
 */
class RowCheckCodeTest {
  static final SparkSession SPARK = TestSpark.get();

  /** Above the largest method that was compiled, below the smallest the compilers gave up on. */
  static final int MAX_METHOD_BYTES = 12_000;

  @TempDir static Path dir;
  static Settings settings;

  @BeforeAll
  static void district() {
    IngestFixture.writeDistrict(dir.resolve("input"));
    settings = IngestFixture.settings(dir.resolve("input"), dir.resolve("warehouse"), 1.0, "");
  }

  @ParameterizedTest
  @EnumSource(Domain.class)
  void everyMethodSparkGeneratesForADomainsValidationIsSmallEnoughToCompile(Domain domain) {
    List<String> problems = new ArrayList<>();
    SourceFiles.Resolved source =
        SourceFiles.resolve(
            SPARK.sparkContext().hadoopConfiguration(),
            settings.input(),
            settings.ingest().source(domain),
            problems);
    assertThat(problems).isEmpty();
    Map<Domain, Dataset<Row>> keys = new EnumMap<>(Domain.class);
    for (Domain.Reference ref : domain.references()) {
      Domain target = ref.targetDomain();
      keys.put(target, SPARK.range(1).select(lit("K").as(target.key().get(0))));
    }
    Dataset<Row> validated = IngestJob.validateDomain(SPARK, source, keys, Set.of(), null, 2);

    List<Integer> largest = new ArrayList<>();
    for (Tuple3<String, String, ByteCodeStats> stage :
        CollectionConverters.asJava(
            package$.MODULE$.codegenStringSeq(validated.queryExecution().executedPlan()))) {
      largest.add(stage._3().maxMethodCodeSize());
    }
    // the first stage parses the lines and applies the row checks
    assertThat(largest).hasSizeGreaterThanOrEqualTo(2);
    assertThat(largest).allSatisfy(bytes -> assertThat(bytes).isLessThan(MAX_METHOD_BYTES));
  }
}
