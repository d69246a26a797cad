package dev.topiary.pipeline.html;

import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Metrics;
import dev.topiary.pipeline.compare.BranchReport;
import dev.topiary.pipeline.compare.ComparisonReport;
import dev.topiary.pipeline.compare.LatencyRepeats;
import dev.topiary.pipeline.compare.Ratios;
import dev.topiary.pipeline.report.ModelReport;
import dev.topiary.pipeline.report.PipelineReport;
import dev.topiary.pipeline.report.Provenance;
import dev.topiary.pipeline.report.Regression;
import dev.topiary.pipeline.report.StageReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.html} of a run and {@code comparison.html} of a comparison: one
 * self-contained file each (no script, no style sheet or image from elsewhere: the charts are PNG
 * data URIs drawn by XChart), with the measurements table in the reading convention of
 * {@link Ratios} and its legend, the charts (accuracy against gzip size and against batch-1 median
 * latency with the Pareto front; gzip size and batch-1 latency per model; the training loss of the
 * stages that trained; the per-layer sparsity of the stages that pruned and the per-layer weight
 * bits of the stages that quantized to int8, as their diagnostics report them; the per-class
 * accuracy change against the baseline) and the provenance. Every chart is an {@code <img>} whose
 * {@code id} names it ({@code chart-accuracy-size}, {@code chart-accuracy-latency},
 * {@code chart-size}, {@code chart-latency}, {@code chart-loss}, {@code chart-sparsity},
 * {@code chart-bits}, {@code chart-class-delta}); a chart without data is left out. The table is
 * {@code <table id="models">}; a comparison measured with {@code --repeat N} adds the run-to-run
 * range of each model's batch-1 p50 to it.
 */
public final class HtmlReport {

  private HtmlReport() {}

  /** {@code report.html} of one run: the baseline, each declared model, each stage. */
  public static String run(PipelineReport report) {
    Metrics base = report.baseline();
    Map<String, Metrics> rows = new LinkedHashMap<>();
    rows.put("baseline", base);
    for (ModelReport model : report.models()) {
      rows.put("@" + model.name(), model.metrics());
    }
    for (StageReport stage : report.stages()) {
      rows.put(stage.name(), stage.metrics());
    }
    StringBuilder out = new StringBuilder();
    head(out, "Topiary report: " + report.recipe().name());
    table(out, rows, base, Map.of());
    charts(out, rows);
    Map<String, List<Double>> curves = new LinkedHashMap<>();
    for (StageReport stage : report.stages()) {
      for (String key : List.of("epochLoss", "totalLoss")) {
        if (stage.diagnostics().get(key) instanceof List<?> values && !values.isEmpty()
            && values.stream().allMatch(v -> v instanceof Number)) {
          curves.put(stage.name(), values.stream().map(v -> ((Number) v).doubleValue()).toList());
          break;
        }
      }
    }
    if (!curves.isEmpty()) {
      image(out, "chart-loss", "training loss per epoch", ReportCharts.lossCurves(curves));
    }
    Map<String, Map<String, Double>> sparsity = new LinkedHashMap<>();
    LayerFigures.sparsity(report.stages()).forEach((stage, layers) -> {
      Map<String, Double> percent = new LinkedHashMap<>();
      layers.forEach((layer, value) -> percent.put(layer, 100 * value));
      sparsity.put(stage, percent);
    });
    if (!sparsity.isEmpty()) {
      image(out, "chart-sparsity", "achieved sparsity per layer of the stages that pruned",
          ReportCharts.groupedBars("Sparsity per layer", "layer", "% of weights pruned", sparsity));
    }
    Map<String, Map<String, Double>> bits = LayerFigures.weightBits(report.stages());
    if (!bits.isEmpty()) {
      image(out, "chart-bits", "weight bits per layer of the stages that quantized (8 = int8, 32 = fp32)",
          ReportCharts.groupedBars("Weight bits per layer (8 = int8, 32 = fp32)", "layer", "bits", bits));
    }
    Map<String, Regression> regressions = new LinkedHashMap<>();
    report.stages().stream().filter(s -> s.regression() != null)
        .forEach(s -> regressions.put(s.name(), s.regression()));
    classDeltas(out, regressions);
    regression(out, report.stages());
    if (!report.gates().isEmpty()) {
      out.append("<h2>Gates</h2>\n<ul id=\"gates\">\n");
      for (dev.topiary.pipeline.gate.GateResult gate : report.gates()) {
        out.append("<li class=\"").append(gate.passed() ? "pass" : "fail").append("\">")
            .append(gate.passed() ? "PASS " : "FAIL ").append(escape(gate.describe())).append("</li>\n");
      }
      out.append("</ul>\n");
    }
    provenance(out, report.provenance());
    return out.append("</body>\n</html>\n").toString();
  }

  /** The chart of the per-class accuracy change, in points, of every model in {@code regressions}. */
  private static void classDeltas(StringBuilder out, Map<String, Regression> regressions) {
    Map<String, Map<String, Double>> deltas = new LinkedHashMap<>();
    regressions.forEach((name, r) -> {
      Map<String, Double> perClass = new LinkedHashMap<>();
      for (int c = 0; c < r.classAccuracyChangePoints().size(); c++) {
        perClass.put(String.valueOf(c), r.classAccuracyChangePoints().get(c));
      }
      deltas.put(name, perClass);
    });
    boolean anyFinite = deltas.values().stream().flatMap(m -> m.values().stream()).anyMatch(Double::isFinite);
    if (anyFinite) {
      image(out, "chart-class-delta", "per-class accuracy change against the baseline, in points",
          ReportCharts.groupedBars("Per-class accuracy change against the baseline", "class", "Δ accuracy (pt)",
              deltas));
    }
  }

  /** The per-class accuracy change, agreement and flips of every stage that has them. */
  private static void regression(StringBuilder out, List<StageReport> stages) {
    List<StageReport> with = stages.stream().filter(s -> s.regression() != null).toList();
    if (with.isEmpty()) {
      return;
    }
    int classes = with.get(0).regression().classAccuracy().size();
    out.append("<h2>Regression against the baseline</h2>\n<table id=\"regression\">\n<tr><th>stage</th>"
        + "<th>agreement</th><th>right → wrong</th><th>wrong → right</th>");
    for (int c = 0; c < classes; c++) {
      out.append("<th>class ").append(c).append(" Δ pt</th>");
    }
    out.append("</tr>\n");
    for (StageReport stage : with) {
      Regression r = stage.regression();
      out.append("<tr><td>").append(escape(stage.name())).append("</td>")
          .append(cell(String.format(Locale.ROOT, "%.2f %%", 100 * r.agreement())))
          .append(cell(String.valueOf(r.rightToWrong()))).append(cell(String.valueOf(r.wrongToRight())));
      for (double change : r.classAccuracyChangePoints()) {
        out.append(cell(Double.isNaN(change) ? "–" : String.format(Locale.ROOT, "%+.2f", change)));
      }
      out.append("</tr>\n");
    }
    out.append("</table>\n<p class=\"legend\">Agreement: share of test examples on which the stage's model "
        + "predicts the baseline's class. Class Δ: the change of that class's accuracy, in percentage points.</p>\n");
  }

  /** {@code comparison.html}: the baseline and each branch's final model, with links to the branches' reports. */
  public static String comparison(ComparisonReport comparison) {
    Map<String, Metrics> rows = new LinkedHashMap<>();
    rows.put("baseline", comparison.baseline());
    for (BranchReport branch : comparison.branches()) {
      rows.put(branch.name(), branch.finalMetrics());
    }
    StringBuilder out = new StringBuilder();
    head(out, "Topiary comparison: " + comparison.name());
    out.append("<p>Every branch started from its own copy of one baseline")
        .append(comparison.baselineReused() ? " (reused from the baseline cache)" : "").append(".</p>\n");
    Map<String, LatencyRepeats> runs = new LinkedHashMap<>();
    if (comparison.baselineRepeats() != null) {
      runs.put("baseline", comparison.baselineRepeats());
      comparison.branches().forEach(branch -> runs.put(branch.name(), branch.repeats()));
    }
    table(out, rows, comparison.baseline(), runs);
    if (!runs.isEmpty()) {
      out.append("<p class=\"legend\">").append(escape(Ratios.repeatLegend(comparison.repeats()))).append("</p>\n");
    }
    charts(out, rows);
    Map<String, Regression> regressions = new LinkedHashMap<>();
    for (BranchReport branch : comparison.branches()) {
      List<StageReport> stages = branch.report().stages();
      if (!stages.isEmpty() && stages.get(stages.size() - 1).regression() != null) {
        regressions.put(branch.name(), stages.get(stages.size() - 1).regression());
      }
    }
    classDeltas(out, regressions);
    out.append("<h2>Branches</h2>\n<ul>\n");
    for (BranchReport branch : comparison.branches()) {
      out.append("<li><a href=\"").append(escape(branch.folder())).append("/report.html\">")
          .append(escape(branch.name()))
          .append("</a>: final stage ").append(escape(branch.finalStage())).append("</li>\n");
    }
    out.append("</ul>\n");
    if (!comparison.unfinished().isEmpty()) {
      out.append("<h2>Branches without a result</h2>\n<ul>\n");
      for (dev.topiary.pipeline.compare.UnfinishedBranch branch : comparison.unfinished()) {
        out.append("<li>").append(escape(branch.name())).append(": ").append(branch.status()).append(" — ")
            .append(escape(branch.message())).append("</li>\n");
      }
      out.append("</ul>\n");
    }
    Provenance provenance = comparison.branches().get(0).report().provenance();
    provenance(out, provenance);
    return out.append("</body>\n</html>\n").toString();
  }

  private static void head(StringBuilder out, String title) {
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title)).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;max-width:1400px}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}")
        .append("td.n{text-align:right}.legend{color:#444;font-size:90%}img{margin:8px;border:1px solid #eee}")
        .append(".fail{color:#b00;font-weight:bold}\n")
        .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
  }

  /**
   * The measurements table; {@code runs} holds the run-to-run variation by row name (empty when
   * every model was measured once), shown beside the batch-1 ratio.
   */
  private static void table(StringBuilder out, Map<String, Metrics> rows, Metrics base,
      Map<String, LatencyRepeats> runs) {
    out.append("<table id=\"models\">\n<tr><th>model</th><th>params</th><th>non-zero</th><th>gzip KB</th>"
        + "<th>× smaller</th>");
    for (Map.Entry<String, LatencyStats> entry : base.latency().entrySet()) {
      out.append("<th>batch-").append(entry.getValue().batchSize()).append(" p50 / p95 µs</th>");
      if (!runs.isEmpty() && entry.getKey().equals("batch1")) {
        out.append("<th>batch-1 p50 run-to-run µs</th>");
      }
      out.append("<th>× faster</th>");
    }
    out.append("<th>accuracy</th><th>Δ accuracy</th><th>loss</th></tr>\n");
    rows.forEach((name, m) -> {
      out.append("<tr><td>").append(escape(name)).append("</td>")
          .append(cell(String.format(Locale.ROOT, "%,d", m.parameters())))
          .append(cell(String.format(Locale.ROOT, "%,d", m.nonZeroParameters())))
          .append(cell(String.format(Locale.ROOT, "%.1f", m.gzipBytes() / 1000.0)))
          .append(cell(Ratios.smaller(m.gzipBytes(), base.gzipBytes())));
      for (Map.Entry<String, LatencyStats> entry : base.latency().entrySet()) {
        LatencyStats stats = m.latency().get(entry.getKey());
        out.append(cell(Ratios.p50p95(stats)));
        boolean repeated = !runs.isEmpty() && entry.getKey().equals("batch1");
        if (repeated) {
          out.append(cell(Ratios.runToRun(runs.get(name))));
        }
        out.append(cell(m == base ? "1.00×" : repeated
            ? Ratios.faster(stats, entry.getValue(), runs.get(name), runs.get("baseline"))
            : Ratios.faster(stats, entry.getValue())));
      }
      out.append(cell(String.format(Locale.ROOT, "%.4f", m.accuracy())))
          .append(cell(Ratios.points(m.accuracy(), base.accuracy())))
          .append(cell(String.format(Locale.ROOT, "%.4f", m.loss()))).append("</tr>\n");
    });
    out.append("</table>\n<p class=\"legend\">").append(escape(Ratios.LEGEND)).append("</p>\n");
  }

  private static void charts(StringBuilder out, Map<String, Metrics> rows) {
    List<ReportCharts.Point> bySize = new ArrayList<>();
    List<ReportCharts.Point> byLatency = new ArrayList<>();
    Map<String, Double> sizes = new LinkedHashMap<>();
    Map<String, Double> latencies = new LinkedHashMap<>();
    rows.forEach((name, m) -> {
      bySize.add(new ReportCharts.Point(name, m.gzipBytes() / 1000.0, m.accuracy()));
      byLatency.add(new ReportCharts.Point(name, Ratios.batch1Micros(m), m.accuracy()));
      sizes.put(name, m.gzipBytes() / 1000.0);
      latencies.put(name, Ratios.batch1Micros(m));
    });
    out.append("<h2>Charts</h2>\n");
    image(out, "chart-accuracy-size", "accuracy against gzip size, Pareto front dashed",
        ReportCharts.accuracyAgainst("Accuracy vs size", "gzip KB", bySize));
    if (latencies.values().stream().allMatch(Double::isFinite)) {
      image(out, "chart-accuracy-latency", "accuracy against batch-1 p50 latency, Pareto front dashed",
          ReportCharts.accuracyAgainst("Accuracy vs latency", "batch-1 p50 µs", byLatency));
      image(out, "chart-latency", "batch-1 p50 latency per model",
          ReportCharts.bars("Batch-1 p50 latency", "µs", latencies));
    }
    image(out, "chart-size", "gzip size per model", ReportCharts.bars("Size after gzip", "KB", sizes));
  }

  private static void image(StringBuilder out, String id, String alt,
      org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
    out.append("<img id=\"").append(id).append("\" alt=\"").append(escape(alt)).append("\" width=\"")
        .append(ReportCharts.WIDTH).append("\" height=\"").append(ReportCharts.HEIGHT).append("\" src=\"")
        .append(ReportCharts.dataUri(chart)).append("\">\n");
  }

  private static void provenance(StringBuilder out, Provenance p) {
    out.append("<h2>Provenance</h2>\n<ul id=\"provenance\">\n");
    item(out, "recipe SHA-256", p.recipeSha256());
    item(out, "seed", String.valueOf(p.seed()));
    item(out, "versions", "Topiary " + p.topiaryVersion() + ", DL4J " + p.dl4jVersion() + ", ND4J " + p.nd4jVersion());
    item(out, "Java", p.javaVersion() + " (" + p.javaVendor() + ")");
    item(out, "OS", p.os());
    item(out, "CPU", p.cpuModel() + ", " + p.availableProcessors() + " processors available");
    item(out, "threads", "OMP_NUM_THREADS " + p.ompNumThreads() + "; measure threads "
        + (p.measureThreads() == null ? "default" : p.measureThreads()));
    item(out, "started", p.startTime());
    if (p.baselineCache() != null) {
      item(out, "baseline cache", p.baselineCache());
    }
    out.append("</ul>\n");
  }

  private static void item(StringBuilder out, String name, String value) {
    out.append("<li>").append(escape(name)).append(": ").append(escape(value)).append("</li>\n");
  }

  private static String cell(String text) {
    return "<td class=\"n\">" + escape(text) + "</td>";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
