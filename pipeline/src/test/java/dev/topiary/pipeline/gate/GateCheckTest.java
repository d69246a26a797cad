package dev.topiary.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topiary.core.measure.Metrics;
import dev.topiary.core.recipe.Gates;
import dev.topiary.pipeline.report.Regression;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateCheckTest {

  // baseline: accuracy 0.6, gzip 2100 B, batch-1 p50 100 µs; model: 0.525, 600 B, 25 µs
  private static final Metrics BASE = TestEnvironment.metrics(1000);
  private static final Metrics MODEL = TestEnvironment.metrics(250);
  private static final Regression AGREEMENT_075 = Regression.of(new int[] {0, 1, 1, 0}, new int[] {0, 1, 1, 0},
      new int[] {0, 1, 1, 1}, 2);

  private static List<String> check(Gates gates) {
    return GateCheck.check(gates, "final model", BASE, MODEL, AGREEMENT_075).stream().map(GateResult::describe)
        .toList();
  }

  @Test
  void everyGatePassesWithinItsBound() {
    assertThat(check(new Gates(7.5, 3.5, 0.25, 0.75))).containsExactly(
        "gate maxAccuracyDrop passed for final model: measured 7.50 points, bound 7.50 points",
        "gate minSizeReduction passed for final model: measured 3.50× smaller, bound 3.50× smaller",
        "gate maxLatencyRatio passed for final model: measured 0.250 of the baseline's p50, bound 0.250 of the "
            + "baseline's p50",
        "gate minAgreement passed for final model: measured 0.7500, bound 0.7500");
  }

  @Test
  void everyGateFailsOutsideItsBound() {
    assertThat(check(new Gates(0.5, 4.0, 0.2, 0.98))).containsExactly(
        "gate maxAccuracyDrop failed for final model: measured 7.50 points, bound 0.50 points",
        "gate minSizeReduction failed for final model: measured 3.50× smaller, bound 4.00× smaller",
        "gate maxLatencyRatio failed for final model: measured 0.250 of the baseline's p50, bound 0.200 of the "
            + "baseline's p50",
        "gate minAgreement failed for final model: measured 0.7500, bound 0.9800");
  }

  @Test
  void aGateThatCannotBeMeasuredFails() {
    List<GateResult> results = GateCheck.check(new Gates(null, null, null, 0.9), "branch b", BASE, MODEL, null);

    assertThat(results).extracting(GateResult::describe)
        .containsExactly("gate minAgreement failed for branch b: measured not measured, bound 0.9000");
  }

  @Test
  void boundsOutOfRangeAreRefusedWithExactMessages() {
    assertThatThrownBy(() -> new Gates(101.0, null, null, null))
        .hasMessage("assert.maxAccuracyDrop: must be in [0, 100] percentage points, got 101.0");
    assertThatThrownBy(() -> new Gates(null, 0.0, null, null))
        .hasMessage("assert.minSizeReduction: must be above 0 (baseline bytes / model bytes), got 0.0");
    assertThatThrownBy(() -> new Gates(null, null, -1.0, null))
        .hasMessage("assert.maxLatencyRatio: must be above 0 (model p50 / baseline p50), got -1.0");
    assertThatThrownBy(() -> new Gates(null, null, null, 1.5))
        .hasMessage("assert.minAgreement: must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> new Gates(null, null, null, null))
        .hasMessage("assert: give at least one gate of [maxAccuracyDrop, minSizeReduction, maxLatencyRatio, "
            + "minAgreement]");
  }
}
