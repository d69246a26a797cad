package dev.topiary.pipeline.summary;

import dev.topiary.pipeline.compare.Ratios;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topiary.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Summarises several runs of the same recipe (typically one per seed): for the baseline and every
 * stage, the mean and sample standard deviation of accuracy, of the accuracy change against each
 * run's own baseline, and of the size and speed ratios against that baseline.
 *
 * <p>Ratios are taken per run and then averaged, so each run is compared with the baseline it was
 * measured against. The reading convention is {@link Ratios}': sizes as "× smaller" (baseline /
 * stage), latency as "× faster" (baseline median / stage median), accuracy change in points.
 */
public final class RunSummary {

  private final Map<String, List<JsonNode>> reportsByRecipe;

  private RunSummary(Map<String, List<JsonNode>> reportsByRecipe) {
    this.reportsByRecipe = reportsByRecipe;
  }

  /**
   * Reads {@code report.json} from each run folder.
   *
   * @throws BadInputException if a folder has no readable report
   */
  public static RunSummary read(List<Path> runFolders) throws BadInputException {
    if (runFolders.isEmpty()) {
      throw new BadInputException("give at least one run folder");
    }
    ObjectMapper mapper = new ObjectMapper();
    Map<String, List<JsonNode>> byRecipe = new LinkedHashMap<>();
    for (Path folder : runFolders) {
      Path file = folder.resolve("report.json");
      if (!Files.isRegularFile(file)) {
        throw new BadInputException(folder + ": no report.json (is it the output folder of 'topiary run'?)");
      }
      JsonNode report;
      try {
        report = mapper.readTree(file.toFile());
      } catch (IOException e) {
        throw new BadInputException(file + ": not a readable report: " + dev.topiary.core.PlainMessage.of(e), e);
      }
      if (!report.path("baseline").isObject() || !report.path("stages").isArray()) {
        throw new BadInputException(file + ": not a Topiary report (no baseline or stages)");
      }
      byRecipe.computeIfAbsent(report.at("/recipe/name").asText("unnamed"), name -> new ArrayList<>()).add(report);
    }
    return new RunSummary(byRecipe);
  }

  /**
   * One Markdown section per recipe: the seeds, then a table with a row for the baseline, each
   * declared model ({@code @name}) and each stage.
   */
  public String toMarkdown() {
    StringBuilder out = new StringBuilder();
    reportsByRecipe.forEach((recipe, reports) -> {
      TreeSet<Long> seeds = new TreeSet<>();
      reports.forEach(report -> seeds.add(report.at("/recipe/seed").asLong()));
      out.append("### ").append(recipe).append(" (").append(reports.size()).append(reports.size() == 1 ? " run" : " runs")
          .append(", seeds ").append(seeds).append(")\n\n");
      out.append("| stage | accuracy | Δ accuracy (pt) | sparsity | params × smaller | gzip × smaller "
          + "| batch-1 × faster | batch-64 × faster |\n");
      out.append("|---|---|---|---|---|---|---|---|\n");
      for (String stage : stageNames(reports)) {
        List<JsonNode[]> pairs = new ArrayList<>();
        for (JsonNode report : reports) {
          JsonNode metrics = metricsOf(report, stage);
          if (metrics != null) {
            pairs.add(new JsonNode[] {report.path("baseline"), metrics});
          }
        }
        out.append("| ").append(stage)
            .append(" | ").append(stat(pairs, p -> p[1].path("accuracy").asDouble(), "%.4f"))
            .append(" | ").append(stage.equals("baseline") ? "–"
                : stat(pairs, p -> 100 * (p[1].path("accuracy").asDouble() - p[0].path("accuracy").asDouble()), "%+.2f"))
            .append(" | ").append(stat(pairs, p -> sparsity(p[1]), "%.3f"))
            .append(" | ").append(stat(pairs, p -> ratio(p[0], p[1], "parameters"), "%.2f×"))
            .append(" | ").append(stat(pairs, p -> ratio(p[0], p[1], "gzipBytes"), "%.2f×"))
            .append(" | ").append(stat(pairs, p -> speedup(p, "batch1"), "%.2f×"))
            .append(" | ").append(stat(pairs, p -> speedup(p, "batch64"), "%.2f×"))
            .append(" |\n");
      }
      out.append('\n').append(Ratios.LEGEND).append(" Each cell: mean ± sample standard deviation over the runs; "
          + "ratios are taken per run against that run's baseline.\n\n");
    });
    return out.toString();
  }

  private static List<String> stageNames(List<JsonNode> reports) {
    List<String> names = new ArrayList<>();
    names.add("baseline");
    for (JsonNode report : reports) {
      for (JsonNode model : report.path("models")) {
        String name = "@" + model.path("name").asText();
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    for (JsonNode report : reports) {
      for (JsonNode stage : report.path("stages")) {
        String name = stage.path("name").asText();
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static JsonNode metricsOf(JsonNode report, String stage) {
    if (stage.equals("baseline")) {
      return report.path("baseline");
    }
    if (stage.startsWith("@")) {
      for (JsonNode model : report.path("models")) {
        if (model.path("name").asText().equals(stage.substring(1))) {
          return model.path("metrics");
        }
      }
      return null;
    }
    for (JsonNode entry : report.path("stages")) {
      if (entry.path("name").asText().equals(stage)) {
        return entry.path("metrics");
      }
    }
    return null;
  }

  private static double sparsity(JsonNode metrics) {
    double parameters = metrics.path("parameters").asDouble();
    return parameters == 0 ? 0 : 1 - metrics.path("nonZeroParameters").asDouble() / parameters;
  }

  private static double ratio(JsonNode metrics, JsonNode baseline, String field) {
    return metrics.path(field).asDouble() / baseline.path(field).asDouble();
  }

  private static double speedup(JsonNode[] pair, String key) {
    JsonNode base = pair[0].path("latency").path(key).path("p50Micros");
    JsonNode stage = pair[1].path("latency").path(key).path("p50Micros");
    return base.isNumber() && stage.isNumber() ? base.asDouble() / stage.asDouble() : Double.NaN;
  }

  /** {@code mean ± sd} (sample standard deviation), or just the value for one run. */
  static String stat(List<JsonNode[]> pairs, ToDoubleFunction<JsonNode[]> value, String format) {
    double[] values = pairs.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).toArray();
    if (values.length == 0) {
      return "–";
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    String text = String.format(Locale.ROOT, format, mean);
    if (values.length > 1) {
      double squares = 0;
      for (double v : values) {
        squares += (v - mean) * (v - mean);
      }
      text += " ± " + String.format(Locale.ROOT, format.replace("+", ""), Math.sqrt(squares / (values.length - 1)));
    }
    return text;
  }
}
