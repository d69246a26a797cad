package dev.topiary.pipeline.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.pipeline.compare.BranchReport;
import dev.topiary.pipeline.compare.ComparisonReport;
import dev.topiary.pipeline.compare.Ratios;
import dev.topiary.pipeline.report.PipelineReport;
import dev.topiary.pipeline.report.ReportGoldenAccess;
import dev.topiary.pipeline.report.StageReport;
import dev.topiary.pipeline.testing.TestEnvironment;
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

  @Test
  void aRunReportIsOneSelfContainedFileWithTableChartsAndProvenance() throws Exception {
    String html = HtmlReport.run(reportWithTraining());

    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).doesNotContainPattern("(?i)(src|href)=\"(https?:|//)").doesNotContain("<script")
        .doesNotContain("http:").doesNotContain("https:");
    assertThat(images(html)).containsExactly("chart-accuracy-size", "chart-accuracy-latency", "chart-latency",
        "chart-size", "chart-loss");
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
        "chart-size");
    assertThat(html).contains("<a href=\"branches/a/report.html\">a</a>: final stage finetune",
        "<a href=\"branches/b/report.html\">b</a>: final stage compile", "(reused from the baseline cache)");
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
