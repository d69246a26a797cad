package dev.topiary.pipeline.sweep;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.pipeline.compare.BranchReport;
import dev.topiary.pipeline.compare.ComparisonReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code sweep.json} and {@code sweep.md} beside a sweep's {@code comparison.json}:
 * {@code {"name", "mode", "objective", "maxAccuracyDropPoints"?, "maxWallSeconds"?, "ranOn",
 * "elapsedMillis", "retriedTasks", "pick", "reason", "front": [names], "withinBudget": [names],
 * "branches": [{"name", "values": {key: value}, "status": "done"|"failed"|"skipped", "attempt",
 * "message"?}]}}. The branches' metrics are in {@code comparison.json}.
 */
public final class SweepSummary {

  private SweepSummary() {}

  /**
   * One branch's outcome.
   *
   * @param name the branch
   * @param status {@code done}, {@code failed} (its own error, in {@code message}) or {@code skipped}
   * @param attempt how many times the branch's task was retried before this result (0: first try)
   * @param message why it failed or was skipped, else null
   */
  public record Row(String name, String status, int attempt, String message) {}

  /**
   * The rows of an in-process run: every branch of {@code sweep} in order, {@code done} unless
   * {@code result} reports it failed or skipped.
   */
  public static List<Row> inProcessRows(dev.topiary.pipeline.run.RunResult result, CompiledSweep sweep) {
    List<Row> rows = new ArrayList<>();
    for (String branch : sweep.compiled().branches().keySet()) {
      dev.topiary.pipeline.run.RunResult.BranchProblem problem = result.branchProblems().get(branch);
      rows.add(problem == null ? new Row(branch, "done", 0, null)
          : new Row(branch, problem.skipped() ? "skipped" : "failed", 0, problem.message()));
    }
    return rows;
  }

  /**
   * For {@code topiary run} of a sweep: writes both files into the finished run's folder (failed
   * and skipped branches with their messages) and returns the line naming the pick.
   *
   * @param elapsedMillis the run's wall time
   */
  public static String writeInProcess(dev.topiary.pipeline.run.RunResult result, CompiledSweep sweep,
      long elapsedMillis, TopiaryJson json) throws IOException {
    SweepChoice choice = result.comparison() == null ? null : SweepChoice.of(result.comparison(), sweep.spec());
    List<Row> rows = inProcessRows(result, sweep);
    write(result.outputDirectory(), sweep, rows, choice, 0, "in-process", elapsedMillis, json);
    long failed = rows.stream().filter(row -> row.status().equals("failed")).count();
    long skipped = rows.stream().filter(row -> row.status().equals("skipped")).count();
    return "sweep: " + (rows.size() - failed - skipped) + " done, " + failed + " failed, " + skipped
        + " skipped; pick: " + (choice == null || choice.pick() == null ? "none" : choice.pick()) + " ("
        + (choice == null ? "no branch ran" : choice.reason()) + "); " + result.outputDirectory().resolve("sweep.md");
  }

  /**
   * Writes both files into {@code folder}.
   *
   * @param choice the objective's pick, or null if no branch ran
   * @param ranOn where the branches ran, e.g. {@code local[2]} or {@code in-process}
   */
  public static void write(Path folder, CompiledSweep sweep, List<Row> rows, SweepChoice choice, int retried,
      String ranOn, long elapsedMillis, TopiaryJson json) throws IOException {
    ObjectNode root = json.json().createObjectNode();
    root.put("name", sweep.compiled().recipe().name());
    root.put("mode", sweep.spec().mode().key());
    root.put("objective", sweep.spec().objective().key());
    if (sweep.spec().maxAccuracyDrop() != null) {
      root.put("maxAccuracyDropPoints", sweep.spec().maxAccuracyDrop());
    }
    if (sweep.spec().maxWallSeconds() != null) {
      root.put("maxWallSeconds", sweep.spec().maxWallSeconds());
    }
    root.put("ranOn", ranOn);
    root.put("elapsedMillis", elapsedMillis);
    root.put("retriedTasks", retried);
    root.put("pick", choice == null ? null : choice.pick());
    root.put("reason", choice == null ? "no branch ran" : choice.reason());
    root.set("front", json.json().valueToTree(choice == null ? List.of() : choice.front()));
    root.set("withinBudget", json.json().valueToTree(choice == null ? List.of() : choice.withinBudget()));
    ArrayNode branches = root.putArray("branches");
    for (Row row : rows) {
      ObjectNode node = branches.addObject();
      node.put("name", row.name());
      node.set("values", json.json().valueToTree(sweep.values().get(row.name())));
      node.put("status", row.status());
      node.put("attempt", row.attempt());
      if (row.message() != null) {
        node.put("message", row.message());
      }
    }
    Files.writeString(folder.resolve("sweep.json"), json.json().writeValueAsString(root) + "\n",
        StandardCharsets.UTF_8);
    StringBuilder md = new StringBuilder("# Sweep " + sweep.compiled().recipe().name() + "\n\n");
    md.append(sweep.size()).append(" branches (").append(sweep.spec().mode().key()).append("), objective ")
        .append(sweep.spec().objective().key())
        .append(ranOn.equals("in-process") ? ", ran in-process" : ", ran on " + ranOn).append(", ").append(retried)
        .append(" tasks retried.\n\n");
    md.append("**Pick:** ").append(choice == null || choice.pick() == null ? "none" : "`" + choice.pick() + "`")
        .append(" — ").append(choice == null ? "no branch ran" : choice.reason()).append("\n\n");
    md.append("| branch | status | note |\n|---|---|---|\n");
    for (Row row : rows) {
      md.append("| ").append(row.name()).append(" | ").append(row.status()).append(" | ")
          .append(row.message() == null ? "" : row.message().replace("|", "\\|")).append(" |\n");
    }
    md.append("\nThe metrics of every branch that ran are in comparison.md.\n");
    Files.writeString(folder.resolve("sweep.md"), md.toString(), StandardCharsets.UTF_8);
  }
}
