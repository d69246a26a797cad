package dev.topiary.pipeline.report;

import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Metrics;
import dev.topiary.pipeline.compare.Ratios;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.md}: the measurements table (see {@link MetricsTable}; the baseline, then
 * each declared model as {@code @name}, then the stages), the same stages compared with the
 * baseline in the convention of {@link Ratios} ({@code 3.20×} smaller, {@code 1.80×} faster,
 * {@code -0.35 pt}) with its legend, regression and gates, a section per stage whose diagnostics
 * carry Markdown of their own under {@link #STAGE_MARKDOWN} (the int8 stages' per-layer table and
 * speed verdict), then the provenance.
 */
public final class MarkdownReport {

  /** The diagnostics key under which a stage may give a Markdown section for {@code report.md}. */
  public static final String STAGE_MARKDOWN = "reportMarkdown";

  private MarkdownReport() {}

  /** The report as Markdown text, ending with a newline. */
  public static String write(PipelineReport report) {
    Metrics base = report.baseline();
    StringBuilder out = new StringBuilder();
    out.append("# Topiary report: ").append(report.recipe().name()).append("\n\n");
    List<String> headers = MetricsTable.headers(base);
    table(out, headers, rightAligned(headers.size()), measurementRows(report));
    out.append("\n## Compared with the baseline\n\n");
    List<String> ratioHeaders = new ArrayList<>(List.of("stage", "params × smaller", "non-zero × smaller",
        "file × smaller", "gzip × smaller"));
    for (LatencyStats stats : base.latency().values()) {
      ratioHeaders.add("batch-" + stats.batchSize() + " p50 / p95 µs");
      ratioHeaders.add("batch-" + stats.batchSize() + " × faster");
    }
    ratioHeaders.add("Δ accuracy");
    List<List<String>> ratioRows = new ArrayList<>();
    for (StageReport stage : report.stages()) {
      Metrics m = stage.metrics();
      List<String> row = new ArrayList<>(List.of(stage.name(),
          Ratios.smaller(m.parameters(), base.parameters()),
          Ratios.smaller(m.nonZeroParameters(), base.nonZeroParameters()),
          Ratios.smaller(m.fileBytes(), base.fileBytes()),
          Ratios.smaller(m.gzipBytes(), base.gzipBytes())));
      for (Map.Entry<String, LatencyStats> entry : base.latency().entrySet()) {
        LatencyStats stats = m.latency().get(entry.getKey());
        row.add(Ratios.p50p95(stats));
        row.add(Ratios.faster(stats, entry.getValue()));
      }
      row.add(Ratios.points(m.accuracy(), base.accuracy()));
      ratioRows.add(row);
    }
    if (ratioRows.isEmpty()) {
      out.append("No stages: the baseline only.\n");
    } else {
      table(out, ratioHeaders, rightAligned(ratioHeaders.size()), ratioRows);
      out.append('\n').append(Ratios.LEGEND).append('\n');
    }
    regression(out, report.stages());
    if (!report.gates().isEmpty()) {
      out.append("\n## Gates\n\n");
      for (dev.topiary.pipeline.gate.GateResult gate : report.gates()) {
        out.append("- ").append(gate.passed() ? "PASS " : "FAIL ").append(gate.describe()).append('\n');
      }
    }
    for (StageReport stage : report.stages()) {
      if (stage.diagnostics().get(STAGE_MARKDOWN) instanceof String markdown && !markdown.isBlank()) {
        out.append("\n## ").append(stage.name()).append(" (").append(stage.type()).append(")\n\n")
            .append(markdown.strip()).append('\n');
      }
    }
    Provenance p = report.provenance();
    out.append("\n## Provenance\n\n")
        .append("- recipe SHA-256: `").append(p.recipeSha256()).append("` (of `recipe.resolved.yaml`)\n")
        .append("- seed: ").append(p.seed()).append('\n')
        .append("- Topiary ").append(p.topiaryVersion()).append(", DL4J ").append(p.dl4jVersion())
        .append(", ND4J ").append(p.nd4jVersion()).append('\n')
        .append("- Java ").append(p.javaVersion()).append(" (").append(p.javaVendor()).append(")\n")
        .append("- OS: ").append(p.os()).append('\n')
        .append("- CPU: ").append(p.cpuModel()).append(", ").append(p.availableProcessors())
        .append(" processors available\n")
        .append("- OMP_NUM_THREADS: ").append(p.ompNumThreads()).append("; measure threads: ")
        .append(p.measureThreads() == null ? "default" : p.measureThreads().toString()).append('\n')
        .append("- started: ").append(p.startTime()).append('\n');
    if (p.baselineCache() != null) {
      out.append("- baseline cache: ").append(p.baselineCache()).append('\n');
    }
    return out.toString();
  }

  /** Agreement, flips and the per-class accuracy change of every stage that has them. */
  private static void regression(StringBuilder out, List<StageReport> stages) {
    List<StageReport> with = stages.stream().filter(s -> s.regression() != null).toList();
    if (with.isEmpty()) {
      return;
    }
    int classes = with.get(0).regression().classAccuracy().size();
    out.append("\n## Regression against the baseline\n\n");
    List<String> headers = new ArrayList<>(List.of("stage", "agreement", "right → wrong", "wrong → right"));
    for (int c = 0; c < classes; c++) {
      headers.add("class " + c + " Δ");
    }
    List<List<String>> rows = new ArrayList<>();
    for (StageReport stage : with) {
      Regression r = stage.regression();
      List<String> row = new ArrayList<>(List.of(stage.name(),
          String.format(Locale.ROOT, "%.2f %%", 100 * r.agreement()),
          String.valueOf(r.rightToWrong()), String.valueOf(r.wrongToRight())));
      for (double change : r.classAccuracyChangePoints()) {
        row.add(Double.isNaN(change) ? "–" : String.format(Locale.ROOT, "%+.2f", change));
      }
      rows.add(row);
    }
    table(out, headers, rightAligned(headers.size()), rows);
    out.append("\nAgreement: share of test examples on which the stage's model predicts the baseline's class. "
        + "Class Δ: the change of that class's accuracy, in percentage points.\n");
  }

  private static List<List<String>> measurementRows(PipelineReport report) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(MetricsTable.row("baseline", report.baseline(), report.baseline(), null));
    for (ModelReport model : report.models()) {
      rows.add(MetricsTable.row("@" + model.name(), model.metrics(), report.baseline(), null));
    }
    for (StageReport stage : report.stages()) {
      rows.add(MetricsTable.row(stage.name(), stage.metrics(), report.baseline(), stage.elapsedMillis()));
    }
    return rows;
  }

  private static boolean[] rightAligned(int columns) {
    boolean[] right = new boolean[columns];
    java.util.Arrays.fill(right, 1, columns, true);
    return right;
  }

  private static void table(StringBuilder out, List<String> headers, boolean[] right, List<List<String>> rows) {
    out.append("| ").append(String.join(" | ", headers)).append(" |\n|");
    for (boolean r : right) {
      out.append(r ? " ---: |" : " :--- |");
    }
    out.append('\n');
    for (List<String> row : rows) {
      out.append("| ").append(String.join(" | ", row.stream().map(MarkdownReport::escape).toList())).append(" |\n");
    }
  }

  private static String escape(String cell) {
    return cell.replace("|", "\\|");
  }
}
