package dev.topiary.pruning.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PruningScheduleTest {

  /** The formula of the Javadoc, written out independently. */
  private static double expected(double si, double sf, long t0, long tEnd, double power, long t) {
    double p = Math.min(1.0, Math.max(0.0, (double) (t - t0) / (tEnd - t0)));
    return sf + (si - sf) * Math.pow(1 - p, power);
  }

  private static List<Long> pruningSteps(PruningSchedule schedule, long upTo) {
    List<Long> steps = new ArrayList<>();
    LongStream.rangeClosed(0, upTo).filter(schedule::shouldPrune).forEach(steps::add);
    return steps;
  }

  @Test
  void polynomialCubicFollowsTheFormula() {
    PolynomialDecaySchedule schedule = new PolynomialDecaySchedule(0.1, 0.9, 100, 500, 3, 50);
    assertThat(schedule.sparsityAt(0)).isCloseTo(0.1, within(1e-12));
    assertThat(schedule.sparsityAt(100)).isCloseTo(0.1, within(1e-12));
    // a quarter of the way: 0.9 - 0.8 * 0.75^3
    assertThat(schedule.sparsityAt(200)).isCloseTo(0.9 - 0.8 * 0.421875, within(1e-12));
    // half way: 0.9 - 0.8 / 8
    assertThat(schedule.sparsityAt(300)).isCloseTo(0.8, within(1e-12));
    assertThat(schedule.sparsityAt(400)).isCloseTo(0.9 - 0.8 / 64, within(1e-12));
    assertThat(schedule.sparsityAt(500)).isCloseTo(0.9, within(1e-12));
    assertThat(schedule.sparsityAt(501)).isCloseTo(0.9, within(1e-12));
    assertThat(schedule.sparsityAt(100_000)).isCloseTo(0.9, within(1e-12));
    for (long t = 0; t <= 600; t += 7) {
      assertThat(schedule.sparsityAt(t)).as("step %d", t).isCloseTo(expected(0.1, 0.9, 100, 500, 3, t), within(1e-12));
    }
  }

  @Test
  void polynomialWithPowerOneIsLinearAndDefaultsToCubicEveryHundredSteps() {
    PolynomialDecaySchedule linear = new PolynomialDecaySchedule(0.0, 0.8, 0, 400, 1, 100);
    assertThat(linear.sparsityAt(0)).isCloseTo(0.0, within(1e-12));
    assertThat(linear.sparsityAt(100)).isCloseTo(0.2, within(1e-12));
    assertThat(linear.sparsityAt(200)).isCloseTo(0.4, within(1e-12));
    assertThat(linear.sparsityAt(300)).isCloseTo(0.6, within(1e-12));
    assertThat(linear.sparsityAt(400)).isCloseTo(0.8, within(1e-12));
    assertThat(linear.sparsityAt(450)).isCloseTo(0.8, within(1e-12));

    PolynomialDecaySchedule defaults = new PolynomialDecaySchedule(0.0, 0.5, 0, 1000);
    assertThat(defaults.power()).isEqualTo(3.0);
    assertThat(defaults.frequency()).isEqualTo(100);
    assertThat(defaults.sparsityAt(500)).isCloseTo(0.5 - 0.5 / 8, within(1e-12));
  }

  @Test
  void polynomialPrunesOnTheFrequencyGridAndAlwaysAtTheEndStep() {
    // endStep - beginStep = 23 is not a multiple of 10: step 33 prunes anyway, to the final sparsity
    PolynomialDecaySchedule schedule = new PolynomialDecaySchedule(0.0, 0.6, 10, 33, 3, 10);
    assertThat(pruningSteps(schedule, 100)).containsExactly(10L, 20L, 30L, 33L);
    assertThat(schedule.sparsityAt(33)).isEqualTo(0.6);
    // on the grid: the end step is pruned once
    assertThat(pruningSteps(new PolynomialDecaySchedule(0.0, 0.6, 0, 30, 3, 10), 100))
        .containsExactly(0L, 10L, 20L, 30L);
    // frequency 1: every step in range
    assertThat(pruningSteps(new PolynomialDecaySchedule(0.0, 0.6, 2, 5, 3, 1), 10))
        .containsExactly(2L, 3L, 4L, 5L);
  }

  @Test
  void constantScheduleHoldsItsTargetFromBeginStep() {
    ConstantSparsitySchedule bounded = new ConstantSparsitySchedule(0.7, 5, 27, 10);
    assertThat(pruningSteps(bounded, 100)).containsExactly(5L, 15L, 25L, 27L);
    assertThat(bounded.sparsityAt(0)).isEqualTo(0.7);
    assertThat(bounded.sparsityAt(1000)).isEqualTo(0.7);

    ConstantSparsitySchedule endless = new ConstantSparsitySchedule(0.7, 3);
    assertThat(endless.endStep()).isEqualTo(ConstantSparsitySchedule.NO_END);
    assertThat(endless.frequency()).isEqualTo(100);
    assertThat(pruningSteps(endless, 500)).containsExactly(3L, 103L, 203L, 303L, 403L);
  }

  @Test
  void negativeStepsAreRejected() {
    PolynomialDecaySchedule schedule = new PolynomialDecaySchedule(0.0, 0.5, 0, 10);
    assertThatThrownBy(() -> schedule.shouldPrune(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must not be negative, got -1");
    assertThatThrownBy(() -> new ConstantSparsitySchedule(0.5, 0).sparsityAt(-2))
        .hasMessage("step must not be negative, got -2");
  }

  @Test
  void badSchedulesAreRejectedWithExactMessages() {
    assertThatThrownBy(() -> new PolynomialDecaySchedule(0.0, 1.2, 0, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("finalSparsity must be in [0, 1), got 1.2");
    assertThatThrownBy(() -> new PolynomialDecaySchedule(-0.1, 0.5, 0, 100))
        .hasMessage("initialSparsity must be in [0, 1), got -0.1");
    assertThatThrownBy(() -> new PolynomialDecaySchedule(0.0, Double.NaN, 0, 100))
        .hasMessage("finalSparsity must be in [0, 1), got NaN");
    assertThatThrownBy(() -> new PolynomialDecaySchedule(0.6, 0.5, 0, 100))
        .hasMessage("finalSparsity (0.5) must not be less than initialSparsity (0.6): pruned weights stay pruned");
    assertThatThrownBy(() -> new PolynomialDecaySchedule(0.0, 0.5, 200, 100))
        .hasMessage("endStep (100) must be greater than beginStep (200)");
    assertThatThrownBy(() -> new PolynomialDecaySchedule(0.0, 0.5, 100, 100))
        .hasMessage("endStep (100) must be greater than beginStep (100)");
    assertThatThrownBy(() -> new PolynomialDecaySchedule(0.0, 0.5, -1, 100))
        .hasMessage("beginStep must not be negative, got -1");
    assertThatThrownBy(() -> new PolynomialDecaySchedule(0.0, 0.5, 0, 100, 3, 0))
        .hasMessage("frequency must be at least 1, got 0");
    assertThatThrownBy(() -> new PolynomialDecaySchedule(0.0, 0.5, 0, 100, 0, 10))
        .hasMessage("power must be positive, got 0.0");
    assertThatThrownBy(() -> new PolynomialDecaySchedule(0.0, 0.5, 0, 100, Double.POSITIVE_INFINITY, 10))
        .hasMessage("power must be positive, got Infinity");
    assertThatThrownBy(() -> new ConstantSparsitySchedule(1.0, 0))
        .hasMessage("targetSparsity must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> new ConstantSparsitySchedule(0.5, 10, 5, 1))
        .hasMessage("endStep (5) must be greater than beginStep (10), or -1 for no end");
    assertThatThrownBy(() -> new ConstantSparsitySchedule(0.5, 0, -5, 1))
        .hasMessage("endStep (-5) must be greater than beginStep (0), or -1 for no end");
    assertThatThrownBy(() -> new ConstantSparsitySchedule(0.5, 0, 10, -3))
        .hasMessage("frequency must be at least 1, got -3");
  }
}
