package org.ostshare.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.ostshare.common.test.TestSpark;
import org.ostshare.jobs.cli.GenerateCommand;
import org.ostshare.jobs.settings.GenerateSettings;

/**
 * Measures a large generation; runs only on request and prints the figures:
 *
 * <pre>
 * ./mvnw -q -o -B -pl jobs -am test -Dtest=GenerateBenchmarkTest \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dostshare.benchmark.students=1000000 \
 *   -Dostshare.benchmark.output=/tmp/bench/input
 * </pre>
 */
@EnabledIfSystemProperty(named = "ostshare.benchmark.students", matches = "\\d+")
class GenerateBenchmarkTest {
  @Test
  void generate() {
    int students = Integer.parseInt(System.getProperty("ostshare.benchmark.students"));
    String output =
        System.getProperty("ostshare.benchmark.output", "/tmp/ostshare-benchmark/input");
    GenerateSettings settings =
        new GenerateSettings(
            output,
            students,
            20250701L,
            2025,
            LocalDate.parse("2025-12-19"),
            0.01,
            0.10,
            0.03,
            0.0,
            0);
    GenerateResult result = GenerateJob.run(TestSpark.get(), settings);
    System.out.println("BENCHMARK students=" + students);
    System.out.println(GenerateCommand.table(result));
    assertThat(Path.of(output)).isDirectory();
  }
}
