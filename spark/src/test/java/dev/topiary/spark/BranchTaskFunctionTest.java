package dev.topiary.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A task started after the sweep's wall-time budget returns its branch as skipped, without running it. */
class BranchTaskFunctionTest {

  @Test
  void aTaskPastTheDeadlineIsSkipped() throws Exception {
    BranchTask task = new BranchTask(SparkSweepTest.RECIPE, "tiny.yaml", "/tmp", null, "s1_x", "/nonexistent/s1_x",
        "unused", 0L, false, false);

    String line = new BranchTaskFunction().call(task);

    assertThat(line).isEqualTo("{\n  \"branch\" : \"s1_x\",\n  \"attempt\" : 0,\n  \"status\" : \"skipped\",\n"
        + "  \"message\" : \"not started: the sweep's budget.maxWallSeconds had passed\"\n}");
  }
}
