package dev.topiary.pipeline.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.pipeline.compare.BranchReport;
import dev.topiary.pipeline.compare.ComparisonReport;
import dev.topiary.pipeline.compare.LatencyRepeats;
import dev.topiary.pipeline.compare.Ratios;
import dev.topiary.pipeline.report.PipelineReport;
import dev.topiary.pipeline.report.ReportGoldenAccess;
import dev.topiary.pipeline.report.StageReport;
import dev.topiary.pipeline.testing.TestEnvironment;
import dev.topiary.pruning.LayerPruning;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  private static final Pattern IMAGE = Pattern.compile("<img id=\"([a-z-]+)\"[^>]* src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">");

  static PipelineReport reportWithTraining() {
    PipelineReport golden = ReportGoldenAccess.report();
    List<StageReport> stages = new ArrayList<>(golden.stages());
    stages.add(new StageReport("finetune", "finetune", 10, TestEnvironment.metrics(300),
        Map.of("epochLoss", List.of(0.9, 0.7, 0.6)), dev.topiary.pipeline.report.Regression.of(
            new int[] {0, 1, 1, 0}, new int[] {0, 1, 0, 0}, new int[] {0, 1, 1, 1}, 2)));
    return new PipelineReport(golden.recipe(), golden.provenance().withBaselineCache("reused ab12"),
        golden.baseline(), golden.models(), stages);
  }

  /** {@link #reportWithTraining()} with a pruning and an int8 stage that report per-layer figures. */
  static PipelineReport reportWithLayers() {
    PipelineReport trained = reportWithTraining();
    List<StageReport> stages = new ArrayList<>(trained.stages());
    stages.add(new StageReport("prune", "prune.magnitude", 3, TestEnvironment.metrics(200), Map.of("layers", List.of(
        new LayerPruning(0, "hidden", "dense", List.of("0_W"), 100, 80, 0.8, 0.01),
        new LayerPruning(1, "out", "output", List.of("1_W"), 20, 4, 0.2, 0.01)))));
    stages.add(new StageReport("int8", "quantize.int8", 3, TestEnvironment.metrics(200), Map.of("layers", List.of(
        Map.of("layer", 0, "name", "hidden", "precision", "int8", "kernel", "int8"),
        Map.of("layer", 1, "name", "out", "precision", "fp32", "kernel", "dense")))));
    return new PipelineReport(trained.recipe(), trained.provenance(), trained.baseline(), trained.models(), stages);
  }

  @Test
  void aRunReportIsOneSelfContainedFileWithTableChartsAndProvenance() throws Exception {
    String html = HtmlReport.run(reportWithTraining());

    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).doesNotContainPattern("(?i)(src|href)=\"(https?:|//)").doesNotContain("<script")
        .doesNotContain("http:").doesNotContain("https:");
    assertThat(images(html)).containsExactly("chart-accuracy-size", "chart-accuracy-latency", "chart-latency",
        "chart-size", "chart-loss", "chart-class-delta");
    String table = html.substring(html.indexOf("<table id=\"models\">"), html.indexOf("</table>"));
    assertThat(table.split("<tr>", -1)).hasSize(1 + 1 + 1 + 3); // before, header, baseline, three stages
    assertThat(table).contains("<td>shrink</td>", "<td class=\"n\">3.50×</td>", "<td class=\"n\">-7.50 pt</td>",
        "<td class=\"n\">25.0 / 31.3</td>");
    assertThat(html).contains(HtmlReport.escape(Ratios.LEGEND), "<li>baseline cache: reused ab12</li>",
        "<li>seed: 7</li>");
    assertThat(html).contains("<table id=\"regression\">", "<tr><td>finetune</td><td class=\"n\">50.00 %</td>"
        + "<td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">-50.00</td><td class=\"n\">+50.00</td></tr>");
  }

  @Test
  void aComparisonLinksEveryBranchAndChartsItsFinalModels() throws Exception {
    PipelineReport report = reportWithTraining();
    ComparisonReport comparison = new ComparisonReport("c", report.baseline(), true,
        List.of(new BranchReport("a", "branches/a", report), new BranchReport("b", "branches/b",
            ReportGoldenAccess.report())));

    String html = HtmlReport.comparison(comparison);

    assertThat(html).doesNotContain("http:").doesNotContain("https:").doesNotContain("<script");
    assertThat(images(html)).containsExactly("chart-accuracy-size", "chart-accuracy-latency", "chart-latency",
        "chart-size", "chart-class-delta");
    assertThat(html).doesNotContain("run-to-run");
    assertThat(html).contains("<a href=\"branches/a/report.html\">a</a>: final stage finetune",
        "<a href=\"branches/b/report.html\">b</a>: final stage compile", "(reused from the baseline cache)");
  }

  @Test
  void perLayerSparsityAndBitsAreChartedOnlyWhenStagesReportThem() throws Exception {
    PipelineReport golden = ReportGoldenAccess.report();
    assertThat(images(HtmlReport.run(golden))).doesNotContain("chart-sparsity", "chart-bits", "chart-class-delta");

    PipelineReport layered = reportWithLayers();
    List<StageReport> stages = new ArrayList<>(layered.stages());
    stages.add(new StageReport("gradual", "prune.gradual", 3, TestEnvironment.metrics(250), Map.of("layers",
        List.of(Map.of("layer", 0, "name", "hidden", "sparsity", 0.9)))));
    stages.add(new StageReport("compile2", "runtime.compile", 3, TestEnvironment.metrics(250), Map.of("layers",
        List.of(Map.of("layer", 0, "source", "hidden", "kernel", "sparse")))));
    PipelineReport report = new PipelineReport(layered.recipe(), layered.provenance(), layered.baseline(),
        layered.models(), stages);

    assertThat(images(HtmlReport.run(report))).containsExactly("chart-accuracy-size", "chart-accuracy-latency",
        "chart-latency", "chart-size", "chart-loss", "chart-sparsity", "chart-bits", "chart-class-delta");
    assertThat(LayerFigures.sparsity(stages)).isEqualTo(Map.of("prune", Map.of("hidden", 0.8, "out", 0.2),
        "gradual", Map.of("hidden", 0.9)));
    assertThat(LayerFigures.sparsity(stages).keySet()).containsExactly("prune", "gradual");
    assertThat(LayerFigures.weightBits(stages)).isEqualTo(Map.of("int8", Map.of("hidden", 8.0, "out", 32.0)));
  }

  @Test
  void theLotteryTicketsPruningSectionAndDynamicKernelsAreRead() {
    List<StageReport> stages = List.of(
        new StageReport("ticket", "prune.lottery", 1, TestEnvironment.metrics(250), Map.of("pruning",
            Map.of("layers", List.of(new LayerPruning(2, "", "dense", List.of("2_W"), 10, 5, 0.5, null))))),
        new StageReport("dynamic", "quantize.dynamic", 1, TestEnvironment.metrics(250), Map.of("layers", List.of(
            Map.of("name", "a", "type", "dense", "kernel", "dynamic-int8"),
            Map.of("name", "b", "type", "dense", "kernel", "dense")))));

    assertThat(LayerFigures.sparsity(stages)).isEqualTo(Map.of("ticket", Map.of("layer 2", 0.5)));
    assertThat(LayerFigures.weightBits(stages)).isEqualTo(Map.of("dynamic", Map.of("a", 8.0, "b", 32.0)));
  }

  @Test
  void aRepeatedComparisonShowsTheRunToRunRangeBesideTheRatio() throws Exception {
    PipelineReport report = ReportGoldenAccess.report(); // final model: 250 parameters, batch-1 p50 25 µs
    ComparisonReport comparison = new ComparisonReport("c", report.baseline(), false, List.of(
        new BranchReport("fast", "branches/fast", report, new LatencyRepeats(List.of(25.0, 30.0, 27.0))),
        new BranchReport("noisy", "branches/noisy", report, new LatencyRepeats(List.of(25.0, 110.0, 26.0)))),
        new LatencyRepeats(List.of(100.0, 90.0, 105.0)));

    String html = HtmlReport.comparison(comparison);

    String table = html.substring(html.indexOf("<table id=\"models\">"), html.indexOf("</table>"));
    assertThat(table).contains("<th>batch-1 p50 / p95 µs</th><th>batch-1 p50 run-to-run µs</th><th>× faster</th>",
        "<td>baseline</td>", "<td class=\"n\">90.0–105.0</td><td class=\"n\">1.00×</td>",
        "<td class=\"n\">25.0–30.0</td><td class=\"n\">4.00× (3.00–4.20)</td>",
        "<td class=\"n\">25.0–110.0</td><td class=\"n\">≈ (0.82–4.20)</td>");
    assertThat(html).contains(HtmlReport.escape(Ratios.repeatLegend(3)));
  }

  @Test
  void theParetoFrontKeepsOnlyUnbeatenModels() {
    List<ReportCharts.Point> front = ReportCharts.pareto(List.of(
        new ReportCharts.Point("big", 100, 0.90), new ReportCharts.Point("small", 10, 0.85),
        new ReportCharts.Point("worse", 50, 0.80), new ReportCharts.Point("tie", 100, 0.89)));

    assertThat(front).extracting(ReportCharts.Point::label).containsExactly("small", "big");
  }

  /** The ids of the embedded images, each checked to be a decodable PNG of the chart size. */
  private static List<String> images(String html) throws Exception {
    List<String> ids = new ArrayList<>();
    Matcher matcher = IMAGE.matcher(html);
    while (matcher.find()) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(matcher.group(2))));
      assertThat(image.getWidth()).isEqualTo(ReportCharts.WIDTH);
      assertThat(image.getHeight()).isEqualTo(ReportCharts.HEIGHT);
      ids.add(matcher.group(1));
    }
    return ids;
  }
}
