package dev.topiary.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.compare.BranchReport;
import dev.topiary.pipeline.compare.UnfinishedBranch;
import dev.topiary.pipeline.testing.FakeModel;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tolerant run (an in-process sweep): a failing branch is reported with its message and the
 * next branch runs; branches not started by the deadline are skipped; both are listed in the
 * comparison.
 */
class TolerantBranchRunTest {

  private static final String RECIPE = """
      name: demo
      seed: 7
      data: {source: fake, rows: 4}
      model: {file: base.zip}
      branches:
        first:
          - {type: fake.scale, name: shrink, factor: 0.5}
        broken:
          - {type: fake.scale, name: shrink, factor: 0.5}
          - {type: fake.fail, name: bad, message: "this combination cannot work"}
        last:
          - {type: fake.scale, name: shrink, factor: 0.25}
      """;

  @TempDir
  Path dir;

  @BeforeEach
  void resetOpenHandles() {
    FakeModel.OPEN.set(0);
  }

  private CompiledRecipe compile() throws RecipeException {
    return TestEnvironment.commandEnvironment().compiler()
        .compile(new RecipeReader(TestEnvironment.json()).parse(RECIPE, "demo.yaml"), dir);
  }

  private static PipelineRunner runner(StringWriter console, Clock clock) {
    return PipelineRunner.builder().json(TestEnvironment.json()).baselines(TestEnvironment.BASELINE)
        .measurer(TestEnvironment.METER).console(new PrintWriter(console)).clock(clock).build();
  }

  @Test
  void aFailingBranchIsReportedAndTheNextOneRuns() throws Exception {
    StringWriter console = new StringWriter();
    Path out = dir.resolve("out");

    RunResult result = runner(console, TestEnvironment.CLOCK).run(compile(),
        RunOptions.tolerantUntil(out, false, Long.MAX_VALUE));

    assertThat(result.comparison().branches()).extracting(BranchReport::name).containsExactly("first", "last");
    assertThat(result.branchProblems()).containsOnlyKeys("broken");
    assertThat(result.branchProblems().get("broken").skipped()).isFalse();
    assertThat(result.branchProblems().get("broken").message()).isEqualTo("stage 'bad': this combination "
        + "cannot work");
    assertThat(result.comparison().unfinished()).containsExactly(new UnfinishedBranch("broken", "failed",
        "stage 'bad': this combination cannot work"));
    assertThat(console.toString()).contains("branch broken: failed: stage 'bad': this combination cannot work");
    assertThat(Files.readString(out.resolve("comparison.md"))).contains("## Branches without a result\n\n"
        + "| branch | status | why |\n| :--- | :--- | :--- |\n"
        + "| broken | failed | stage 'bad': this combination cannot work |\n");
    assertThat(Files.readString(out.resolve("comparison.json"))).contains("\"unfinished\" : [ {\n"
        + "    \"name\" : \"broken\",\n    \"status\" : \"failed\",\n"
        + "    \"message\" : \"stage 'bad': this combination cannot work\"\n  } ]");
    assertThat(Files.readString(out.resolve("comparison.html"))).contains("<h2>Branches without a result</h2>\n"
        + "<ul>\n<li>broken: failed — stage 'bad': this combination cannot work</li>\n</ul>");
    assertThat(out.resolve("branches/last/report.json")).exists();
    assertThat(FakeModel.OPEN).hasValue(0);
  }

  @Test
  void withoutToleranceTheFirstFailingBranchFailsTheRun() throws Exception {
    StringWriter console = new StringWriter();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner(console, TestEnvironment.CLOCK).run(compile(),
        new RunOptions(dir.resolve("out"), false))).hasMessage("stage 'bad': this combination cannot work");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void branchesNotStartedByTheDeadlineAreSkipped() throws Exception {
    StringWriter console = new StringWriter();
    Path out = dir.resolve("out");
    Clock clock = new Stepping(Instant.parse("2024-05-01T12:00:00Z"));

    // the run starts at 12:00:00; each later look at the clock is one second on
    RunResult result = runner(console, clock).run(compile(), RunOptions.tolerantUntil(out, false,
        Instant.parse("2024-05-01T12:00:01.500Z").toEpochMilli()));

    assertThat(result.comparison().branches()).extracting(BranchReport::name).containsExactly("first");
    assertThat(result.comparison().unfinished()).containsExactly(
        new UnfinishedBranch("broken", "skipped", "not started: the sweep's budget.maxWallSeconds had passed"),
        new UnfinishedBranch("last", "skipped", "not started: the sweep's budget.maxWallSeconds had passed"));
    assertThat(console.toString()).contains("branch last: skipped (the wall-time budget has passed)");
    assertThat(out.resolve("branches/last")).doesNotExist();
  }

  /** A clock one second later at every look. */
  private static final class Stepping extends Clock {
    private Instant now;

    Stepping(Instant start) {
      this.now = start.minusSeconds(1);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      now = now.plusSeconds(1);
      return now;
    }
  }
}
