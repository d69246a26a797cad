package dev.topiary.pipeline.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.recipe.Recipe;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.pipeline.compare.BranchReport;
import dev.topiary.pipeline.compare.ComparisonReport;
import dev.topiary.pipeline.report.PipelineReport;
import dev.topiary.pipeline.report.Provenance;
import dev.topiary.pipeline.report.StageReport;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The objective's pick on branches with known accuracy, size and latency. */
class SweepChoiceTest {

  private static final Metrics BASE = metrics(0.90, 1000, 100);

  private static Metrics metrics(double accuracy, long gzip, double p50) {
    return new Metrics(100, 100, gzip, gzip, Map.of("batch1", new LatencyStats(1, p50, p50, 50)), accuracy, 0.3);
  }

  private static BranchReport branch(String name, Metrics metrics) {
    Recipe recipe = new RecipeReader(TestEnvironment.json()).parse("""
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        stages: [{type: fake.scale, factor: 0.5}]
        """, "r.yaml").recipe();
    PipelineReport report = new PipelineReport(recipe, Provenance.capture("", 0, null, Instant.EPOCH), BASE,
        List.of(new StageReport("s", "fake.scale", 1, metrics, Map.of())));
    return new BranchReport(name, "branches/" + name, report);
  }

  private static final ComparisonReport COMPARISON = new ComparisonReport("c", BASE, false, List.of(
      branch("a", metrics(0.895, 400, 50)),     // -0.5 points, small, slow
      branch("b", metrics(0.85, 200, 20)),      // -5 points: outside a 1-point budget
      branch("c", metrics(0.89, 500, 60)),      // dominated by a
      branch("d", metrics(0.91, 900, 10))));    // more accurate, fast

  private static SweepSpec spec(Double budget, SweepSpec.Objective objective) {
    return new SweepSpec(SweepSpec.Mode.GRID, 0, 1, Map.<String, List<JsonNode>>of("a.b", List.of()), budget, null, objective);
  }

  @Test
  void paretoSizeWithinTheBudgetPicksItsSmallest() {
    SweepChoice choice = SweepChoice.of(COMPARISON, spec(1.0, SweepSpec.Objective.PARETO_SIZE));
    assertThat(choice.withinBudget()).containsExactly("a", "c", "d");
    assertThat(choice.front()).containsExactly("a", "d");
    assertThat(choice.pick()).isEqualTo("a");
    assertThat(choice.reason()).isEqualTo("pareto-size: the smallest (400 gzip bytes, accuracy 89.50 %, -0.50 "
        + "points, batch-1 p50 50.0 µs) of the 2 branches on the front within 1.00 points of the baseline's accuracy");
  }

  @Test
  void withoutABudgetTheSmallestOfAllIsPicked() {
    SweepChoice choice = SweepChoice.of(COMPARISON, spec(null, SweepSpec.Objective.PARETO_SIZE));
    assertThat(choice.withinBudget()).containsExactly("a", "b", "c", "d");
    assertThat(choice.pick()).isEqualTo("b");
  }

  @Test
  void paretoLatencyFrontDiffersFromTheSizeFront() {
    SweepChoice choice = SweepChoice.of(COMPARISON, spec(1.0, SweepSpec.Objective.PARETO_LATENCY));
    assertThat(choice.front()).containsExactly("d");
    assertThat(choice.pick()).isEqualTo("d");
  }

  @Test
  void smallestWithinBudgetAndNothingWithinBudget() {
    assertThat(SweepChoice.of(COMPARISON, spec(1.0, SweepSpec.Objective.SMALLEST_WITHIN_BUDGET)).pick())
        .isEqualTo("a");
    SweepChoice none = SweepChoice.of(new ComparisonReport("c", BASE, false,
        List.of(branch("b", metrics(0.85, 200, 20)))), spec(1.0, SweepSpec.Objective.SMALLEST_WITHIN_BUDGET));
    assertThat(none.pick()).isNull();
    assertThat(none.reason()).isEqualTo("no branch is within 1.00 points of the baseline's accuracy");
  }
}
