package dev.topiary.pipeline.summary;

import dev.topiary.pipeline.compare.Ratios;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topiary.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {

  @TempDir
  Path dir;

  private Path run(String name, long seed, double baseAccuracy, double stageAccuracy, long stageGzip,
      double stageLatency) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.writeString(folder.resolve("report.json"), """
        {"recipe": {"name": "demo", "seed": %d},
         "baseline": {"parameters": 100, "nonZeroParameters": 100, "gzipBytes": 400,
                      "latency": {"batch1": {"p50Micros": 200.0}}, "accuracy": %s},
         "stages": [{"name": "prune", "metrics": {"parameters": 100, "nonZeroParameters": 10,
                      "gzipBytes": %d, "latency": {"batch1": {"p50Micros": %s}}, "accuracy": %s}}]}
        """.formatted(seed, baseAccuracy, stageGzip, stageLatency, stageAccuracy));
    return folder;
  }

  @Test
  void meansAndSampleDeviationsOfPerRunRatios() throws Exception {
    Path a = run("a", 1, 0.90, 0.89, 100, 100.0);
    Path b = run("b", 2, 0.88, 0.88, 60, 200.0);

    String markdown = RunSummary.read(List.of(a, b)).toMarkdown();

    assertThat(markdown).isEqualTo("""
        ### demo (2 runs, seeds [1, 2])

        | stage | accuracy | Δ accuracy (pt) | sparsity | params × smaller | gzip × smaller | batch-1 × faster \
        | batch-64 × faster |
        |---|---|---|---|---|---|---|---|
        | baseline | 0.8900 ± 0.0141 | – | 0.000 ± 0.000 | 1.00× ± 0.00× | 1.00× ± 0.00× | 1.00× ± 0.00× | – |
        | prune | 0.8850 ± 0.0071 | -0.50 ± 0.71 | 0.900 ± 0.000 | 1.00× ± 0.00× | 5.33× ± 1.89× | 1.50× ± 0.71× | – |

        """ + Ratios.LEGEND + """
         Each cell: mean ± sample standard deviation over the runs; ratios are taken per run against that \
        run's baseline.

        """);
  }

  @Test
  void declaredModelsGetTheirOwnRows() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("m"));
    Files.writeString(folder.resolve("report.json"), """
        {"recipe": {"name": "kd", "seed": 3},
         "baseline": {"parameters": 100, "nonZeroParameters": 100, "gzipBytes": 400,
                      "latency": {"batch1": {"p50Micros": 200.0}}, "accuracy": 0.8},
         "models": [{"name": "teacher", "metrics": {"parameters": 1000, "nonZeroParameters": 1000, "gzipBytes": 4000,
                      "latency": {"batch1": {"p50Micros": 400.0}}, "accuracy": 0.9}}],
         "stages": []}
        """);

    String markdown = RunSummary.read(List.of(folder)).toMarkdown();

    assertThat(markdown).contains("| @teacher | 0.9000 | +10.00 | 0.000 | 0.10× | 0.10× | 0.50× | – |");
  }

  @Test
  void aFolderWithoutReportIsBadInput() {
    assertThatThrownBy(() -> RunSummary.read(List.of(dir)))
        .isInstanceOf(BadInputException.class)
        .hasMessage(dir + ": no report.json (is it the output folder of 'topiary run'?)");
  }
}
