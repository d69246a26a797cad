package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.cli.TopiaryCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same recipe, seed and threads run twice give byte-identical files: the model zip, the
 * resolved recipe, every stage's files, and the reports apart from their documented time and
 * latency fields ({@code provenance.startTime}, every {@code elapsedMillis}, every
 * {@code latency}; in report.md the latency and time columns).
 */
class RerunDeterminismTest {

  static final String RECIPE = """
      name: rerun
      seed: 5
      data: {source: fashion-mnist-sample, trainLimit: 300, testLimit: 100}
      model:
        train: {architecture: mlp, hidden: [16], epochs: 1, batchSize: 32}
      measure: {batchSizes: [1], warmup: 1, warmupMillis: 0, iterations: 3}
      stages:
        - {type: prune.sensitivity, sparsities: [0.5, 0.9]}
        - {type: prune.magnitude, sparsity: 0.5}
        - {type: prune.gradual, finalSparsity: 0.7, epochs: 1, batchSize: 32, frequency: 2}
        - {type: prune.strip}
      """;

  @TempDir
  Path dir;

  static int run(Path recipe, Path out) {
    StringWriter errors = new StringWriter();
    var commandLine = TopiaryCommand.commandLine(CommandEnvironment.standard());
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    commandLine.setErr(new PrintWriter(errors, true));
    int code = commandLine.execute("run", recipe.toString(), "--out", out.toString(), "--no-cache");
    assertThat(code).as(errors.toString()).isZero();
    return code;
  }

  @Test
  void twoRunsWriteTheSameBytes() throws IOException {
    Path recipe = Files.writeString(dir.resolve("rerun.yaml"), RECIPE);
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");

    run(recipe, first);
    run(recipe, second);

    TreeMap<String, Path> files = files(first);
    assertThat(files.keySet()).isEqualTo(files(second).keySet());
    assertThat(files.keySet()).contains("model.zip", "report.json", "report.md", "recipe.resolved.yaml",
        "stages/01-prune.sensitivity/sensitivity.png", "stages/01-prune.sensitivity/sensitivity.csv",
        "stages/03-prune.gradual/pruning-summaries.csv");
    for (String name : files.keySet()) {
      byte[] a = Files.readAllBytes(first.resolve(name));
      byte[] b = Files.readAllBytes(second.resolve(name));
      switch (name) {
        case "report.json" -> assertThat(withoutTimes(a)).as(name).isEqualTo(withoutTimes(b));
        case "report.md" -> assertThat(withoutTimeColumns(a)).as(name).isEqualTo(withoutTimeColumns(b));
        case "report.html" -> assertThat(withoutTimesHtml(a)).as(name).isEqualTo(withoutTimesHtml(b));
        default -> assertThat(a).as(name).isEqualTo(b);
      }
    }
  }

  private static TreeMap<String, Path> files(Path root) throws IOException {
    TreeMap<String, Path> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).forEach(p -> files.put(root.relativize(p).toString(), p));
    }
    return files;
  }

  /** The headers of columns that hold times: latencies, their ratios, stage times. */
  static final String TIME_HEADER = "batch-\\d+ (p50( µs)?|p50 / p95 µs|× faster)|time s";

  /**
   * report.html without the start time, the latency charts and the table's latency columns
   * (headed {@code … µs} or {@code × faster}).
   */
  static String withoutTimesHtml(byte[] html) {
    String text = new String(html, java.nio.charset.StandardCharsets.UTF_8)
        .replaceAll("<li>started: [^<]*</li>", "<li>started: (time)</li>")
        .replaceAll("<img id=\"chart-(accuracy-latency|latency)\"[^>]*>", "(latency chart)");
    String table = text.substring(text.indexOf("<table"), text.indexOf("</table>"));
    List<String> rows = java.util.Arrays.asList(table.split("<tr>"));
    List<String> headers = java.util.Arrays.asList(rows.get(1).split("<th>"));
    StringBuilder masked = new StringBuilder();
    for (String row : rows.subList(2, rows.size())) {
      String[] cells = row.split("<td");
      for (int i = 0; i < cells.length; i++) {
        String header = i < headers.size() ? headers.get(i) : "";
        masked.append(header.contains("µs") || header.contains("× faster") ? "(time)" : cells[i]).append('|');
      }
    }
    return text.replace(table, masked.toString());
  }

  /** report.json without provenance.startTime, elapsedMillis and latency, written back as text. */
  static String withoutTimes(byte[] json) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode report = mapper.readTree(json);
    ((ObjectNode) report.path("provenance")).remove("startTime");
    ((ObjectNode) report.path("baseline")).remove("latency");
    for (JsonNode stage : report.path("stages")) {
      ((ObjectNode) stage).remove("elapsedMillis");
      ((ObjectNode) stage.path("metrics")).remove("latency");
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report);
  }

  /**
   * report.md with the start time and every time cell blanked: the columns headed
   * {@code batch-N p50 µs}, {@code batch-N p50} (the latency ratio) and {@code time s}. Cells are
   * trimmed, so a wider or narrower time does not shift the others.
   */
  static List<String> withoutTimeColumns(byte[] markdown) {
    List<String> lines = new java.util.ArrayList<>();
    java.util.Set<Integer> masked = new java.util.HashSet<>();
    boolean inTable = false;
    for (String line : new String(markdown, java.nio.charset.StandardCharsets.UTF_8).lines().toList()) {
      if (line.startsWith("- started: ")) {
        lines.add("- started: (time)");
        continue;
      }
      if (!line.startsWith("|")) {
        inTable = false;
        lines.add(line);
        continue;
      }
      List<String> cells = java.util.Arrays.stream(line.split("\\|", -1)).map(String::trim).toList();
      if (!inTable) {
        inTable = true;
        masked.clear();
        for (int i = 0; i < cells.size(); i++) {
          if (cells.get(i).matches(TIME_HEADER)) {
            masked.add(i);
          }
        }
      }
      List<String> kept = new java.util.ArrayList<>(cells);
      for (int i : masked) {
        if (i < kept.size() && !kept.get(i).matches(":?-+:?") && !kept.get(i).matches(TIME_HEADER)) {
          kept.set(i, "(time)");
        }
      }
      lines.add(String.join("|", kept));
    }
    return lines;
  }
}
