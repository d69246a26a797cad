package dev.topiary.pipeline.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.measure.LatencyStats;
import dev.topiary.pipeline.report.JsonReport;
import dev.topiary.pipeline.report.MarkdownReport;
import dev.topiary.pipeline.report.PipelineReport;
import dev.topiary.pipeline.report.ReportGoldenAccess;
import dev.topiary.pipeline.summary.RunSummary;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.md, {@code topiary summarize} and the comparison read the same numbers the same way. */
class ReadingConventionTest {

  @TempDir
  Path dir;

  @Test
  void reportSummaryAndComparisonAgree() throws Exception {
    PipelineReport report = ReportGoldenAccess.report();
    Files.writeString(dir.resolve("report.json"), new JsonReport(TestEnvironment.json()).write(report));

    String markdown = MarkdownReport.write(report);
    String summary = RunSummary.read(List.of(dir)).toMarkdown();
    String comparison = ComparisonMarkdown.write(new ComparisonReport("c", report.baseline(), false,
        List.of(new BranchReport("b", "branches/b", report))));

    // the last stage: gzip 2100 → 600 bytes, batch-1 p50 100 → 25 µs, accuracy 0.6 → 0.525
    assertThat(markdown).contains("| compile | 4.00× | 4.01× | 3.00× | 3.50× | 25.0 / 31.3 | 4.00× |",
        "| -7.50 pt |", Ratios.LEGEND);
    assertThat(summary).contains("| compile | 0.5250 | -7.50 | 0.252 | 4.00× | 3.50× | 4.00× | 4.00× |",
        Ratios.LEGEND);
    assertThat(comparison).contains("| b | compile | 0.6 | 3.50× | 25.0 / 31.3 | 4.00× | 0.5250 | -7.50 pt |",
        Ratios.LEGEND);
  }

  @Test
  void aLatencyChangeWithinTheSpreadIsNoMeasurableChange() {
    LatencyStats base = new LatencyStats(1, 100, 120, 50);

    assertThat(Ratios.faster(new LatencyStats(1, 110, 130, 50), base)).isEqualTo("≈");
    assertThat(Ratios.faster(new LatencyStats(1, 50, 60, 50), base)).isEqualTo("2.00×");
    assertThat(Ratios.faster(new LatencyStats(1, 200, 220, 50), base)).isEqualTo("0.50×");
    assertThat(Ratios.smaller(250, 1000)).isEqualTo("4.00×");
    assertThat(Ratios.smaller(0, 1000)).isEqualTo("–");
    assertThat(Ratios.points(0.8512, 0.8547)).isEqualTo("-0.35 pt");
  }
}
