package dev.topiary.pipeline.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeProblem;
import dev.topiary.pipeline.BoundStage;
import dev.topiary.pipeline.testing.FakeStages;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepCompilerTest {

  private static final String HEAD = """
      name: demo
      seed: 7
      data: {source: fake, rows: 4}
      model: {file: base.zip}
      stages:
        - {type: fake.scale, name: shrink, factor: 0.5}
        - {type: fake.compile, name: compile}
      """;

  private final SweepCompiler compiler = new SweepCompiler(TestEnvironment.registry(), TestEnvironment.json());

  private CompiledSweep compile(String sweep) throws RecipeException {
    return compiler.compile(HEAD + sweep, "demo.yaml", Path.of("/tmp"), null);
  }

  private List<String> problems(String sweep) {
    RecipeException e = catchThrowableOfType(() -> compile(sweep), RecipeException.class);
    assertThat(e).as("expected a RecipeException").isNotNull();
    return e.problems().stream().map(RecipeProblem::toString).toList();
  }

  private static double factor(CompiledSweep sweep, String branch) {
    return ((FakeStages.ScaleSpec) sweep.compiled().branches().get(branch).get(0).spec()).factor();
  }

  @Test
  void gridExpandsEveryCombinationLastParameterFastest() throws Exception {
    CompiledSweep sweep = compile("""
        sweep:
          parameters:
            shrink.factor: [0.25, 0.5]
            compile.bits: [4, 8]
        """);
    assertThat(sweep.compiled().branches().keySet()).containsExactly(
        "s1_shrink.factor-0.25_compile.bits-4", "s2_shrink.factor-0.25_compile.bits-8",
        "s3_shrink.factor-0.5_compile.bits-4", "s4_shrink.factor-0.5_compile.bits-8");
    assertThat(factor(sweep, "s3_shrink.factor-0.5_compile.bits-4")).isEqualTo(0.5);
    assertThat(((FakeStages.CompileSpec) sweep.compiled().branches().get("s2_shrink.factor-0.25_compile.bits-8")
        .get(1).spec()).bits()).isEqualTo(8);
    assertThat(sweep.spec().mode()).isEqualTo(SweepSpec.Mode.GRID);
    assertThat(sweep.spec().objective()).isEqualTo(SweepSpec.Objective.PARETO_SIZE);
    assertThat(sweep.size()).isEqualTo(4);
    assertThat(sweep.compiled().stages()).isEmpty();
  }

  @Test
  void rangesIncludeTheirEndAndKeepIntegersIntegral() throws Exception {
    CompiledSweep sweep = compile("""
        sweep:
          parameters:
            shrink.factor: {from: 0.5, to: 0.9, step: 0.2}
            shrink.repeats: {from: 1, to: 2, step: 1}
        """);
    assertThat(sweep.compiled().branches().keySet()).containsExactly(
        "s1_shrink.factor-0.5_shrink.repeats-1", "s2_shrink.factor-0.5_shrink.repeats-2",
        "s3_shrink.factor-0.7_shrink.repeats-1", "s4_shrink.factor-0.7_shrink.repeats-2",
        "s5_shrink.factor-0.9_shrink.repeats-1", "s6_shrink.factor-0.9_shrink.repeats-2");
    assertThat(factor(sweep, "s3_shrink.factor-0.7_shrink.repeats-1")).isEqualTo(0.7);
  }

  @Test
  void randomDrawsTheSameDistinctCombinationsForTheSameSeed() throws Exception {
    String yaml = """
        sweep:
          mode: random
          trials: 3
          seed: 11
          parameters:
            shrink.factor: [0.1, 0.2, 0.3, 0.4, 0.5]
            compile.bits: [2, 4, 8]
        """;
    List<String> first = List.copyOf(compile(yaml).compiled().branches().keySet());
    assertThat(first).hasSize(3).doesNotHaveDuplicates();
    assertThat(compile(yaml).compiled().branches().keySet()).containsExactlyElementsOf(first);
    assertThat(SweepExpansion.draw(15, 3, 11)).containsExactly(6L, 12L, 14L);
    assertThat(first).containsExactly("s1_shrink.factor-0.3_compile.bits-2", "s2_shrink.factor-0.5_compile.bits-2",
        "s3_shrink.factor-0.5_compile.bits-8");
    assertThat(SweepExpansion.draw(15, 3, 12)).isNotEqualTo(SweepExpansion.draw(15, 3, 11));
    assertThat(SweepExpansion.draw(4, 9, 1)).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void enabledFalseLeavesTheStageOut() throws Exception {
    CompiledSweep sweep = compile("""
        sweep:
          parameters:
            compile.enabled: [true, false]
        """);
    assertThat(sweep.compiled().branches().get("s1_compile.enabled-true")).extracting(BoundStage::name)
        .containsExactly("shrink", "compile");
    assertThat(sweep.compiled().branches().get("s2_compile.enabled-false")).extracting(BoundStage::name)
        .containsExactly("shrink");
  }

  @Test
  void budgetAndObjectiveAreRead() throws Exception {
    SweepSpec spec = compile("""
        sweep:
          parameters: {shrink.factor: [0.5]}
          budget: {maxAccuracyDrop: 1.5, maxWallSeconds: 60}
          objective: smallest-within-budget
        """).spec();
    assertThat(spec.maxAccuracyDrop()).isEqualTo(1.5);
    assertThat(spec.maxWallSeconds()).isEqualTo(60L);
    assertThat(spec.objective()).isEqualTo(SweepSpec.Objective.SMALLEST_WITHIN_BUDGET);
  }

  @Test
  void badSweepsAreReportedWithExactMessages() {
    assertThat(problems("""
        sweep:
          parameters:
            shrnk.factor: [0.5]
            shrink.factr: [0.5]
            compile.bits: []
            shrink.repeats: {from: 1, to: 3, step: 0}
            shrink.mode: {from: 3, to: 1, step: 1}
            nodot: [1]
        """)).containsExactly(
        "demo.yaml:10: sweep.parameters.shrnk.factor: no stage named 'shrnk' in stages:; stages: [shrink, compile]",
        "demo.yaml:11: sweep.parameters.shrink.factr: stage 'shrink' (fake.scale) has no parameter 'factr'; its "
            + "parameters: [enabled, factor, mode, repeats]",
        "demo.yaml:12: sweep.parameters.compile.bits: an empty list expands to no branches; give at least one value",
        "demo.yaml:13: sweep.parameters.shrink.repeats.step: must be greater than 0, got 0",
        "demo.yaml:14: sweep.parameters.shrink.mode: to (1) is below from (3)",
        "demo.yaml:15: sweep.parameters.nodot: a switch (a key without a dot) takes names of stages or none, "
            + "got 1; stages: [shrink, compile]");
  }

  @Test
  void badSettingsAreReported() {
    assertThat(problems("""
        sweep:
          mode: rnd
          parameters: {shrink.factor: [0.5]}
          objective: fastest
          budget: {maxAccuracyDrop: -1}
        """)).containsExactly(
        "demo.yaml:9: sweep.mode: expected grid or random, got 'rnd'",
        "demo.yaml:11: sweep.objective: expected one of [pareto-size, pareto-latency, smallest-within-budget], "
            + "got 'fastest'",
        "demo.yaml:12: sweep.budget.maxAccuracyDrop: expected points in [0, 100], got -1");
    assertThat(problems("""
        sweep:
          mode: random
          parameters: {shrink.factor: [0.5]}
        """)).containsExactly(
        "demo.yaml:8: sweep.trials: missing; mode random draws trials: N combinations of the grid");
  }

  @Test
  void aBadValueInAnExpandedBranchIsFoundBeforeAnyWork() {
    assertThat(problems("""
        sweep:
          parameters:
            shrink.factor: [0.5, 20]
        """)).containsExactly("demo.yaml: branches.s2_shrink.factor-20[0].factor: must be in (0, 10], got 20.0 "
            + "(in the branch the sweep expands to)");
  }

  @Test
  void tooManyBranchesAreRefused() {
    assertThat(problems("""
        sweep:
          parameters:
            shrink.factor: {from: 0.001, to: 1, step: 0.001}
            compile.bits: [2, 4]
        """)).containsExactly("demo.yaml:9: sweep.parameters: expands to 2000 branches, more than the maximum of "
            + "1000 (--allow-large allows up to 100000); use mode: random with trials: N");
  }

  @Test
  void allowLargeLiftsTheMaximumToItsOwnLimit() throws Exception {
    String large = HEAD + """
        sweep:
          parameters:
            shrink.factor: {from: 0.001, to: 1, step: 0.001}
            compile.bits: [2, 4]
        """;
    assertThat(compiler.compile(large, "demo.yaml", Path.of("/tmp"), null, true).size()).isEqualTo(2000);
    RecipeException e = catchThrowableOfType(() -> compiler.compile(HEAD + """
        sweep:
          parameters:
            shrink.factor: {from: 0.001, to: 1, step: 0.001}
            shrink.repeats: {from: 1, to: 101, step: 1}
        """, "demo.yaml", Path.of("/tmp"), null, true), RecipeException.class);
    assertThat(e.problems()).extracting(RecipeProblem::toString).containsExactly("demo.yaml:9: sweep.parameters: "
        + "expands to 101000 branches, more than the maximum of 100000; use mode: random with trials: N");
    assertThat(problems("""
        sweep:
          mode: random
          trials: 1001
          parameters: {shrink.factor: [0.5]}
        """)).containsExactly("demo.yaml:10: sweep.trials: 1001 is more than the maximum of 1000 branches "
            + "(--allow-large allows up to 100000)");
  }

  @Test
  void aSwitchRunsExactlyOneOfItsStagesOrNone() throws Exception {
    CompiledSweep sweep = compile("""
        sweep:
          parameters:
            shrink.factor: [0.5]
            output: [compile, none]
        """);
    assertThat(sweep.compiled().branches().keySet()).containsExactly("s1_shrink.factor-0.5_output-compile",
        "s2_shrink.factor-0.5_output-none");
    assertThat(sweep.compiled().branches().get("s1_shrink.factor-0.5_output-compile")).extracting(BoundStage::name)
        .containsExactly("shrink", "compile");
    assertThat(sweep.compiled().branches().get("s2_shrink.factor-0.5_output-none")).extracting(BoundStage::name)
        .containsExactly("shrink");
  }

  @Test
  void severalGridsFollowOneAnotherAndASwitchedStageIsOutWhereItsSwitchIsNotSet() throws Exception {
    CompiledSweep sweep = compile("""
        sweep:
          parameters:
            - {shrink.factor: [0.25, 0.5], output: [compile]}
            - {shrink.repeats: [3]}
        """);
    assertThat(sweep.compiled().branches().keySet()).containsExactly("s1_shrink.factor-0.25_output-compile",
        "s2_shrink.factor-0.5_output-compile", "s3_shrink.repeats-3");
    assertThat(sweep.compiled().branches().get("s2_shrink.factor-0.5_output-compile")).extracting(BoundStage::name)
        .containsExactly("shrink", "compile");
    assertThat(sweep.compiled().branches().get("s3_shrink.repeats-3")).extracting(BoundStage::name)
        .containsExactly("shrink");
    assertThat(((FakeStages.ScaleSpec) sweep.compiled().branches().get("s3_shrink.repeats-3").get(0).spec())
        .repeats()).isEqualTo(3);
    assertThat(sweep.spec().grids()).hasSize(2);
    String random = """
        sweep:
          mode: random
          trials: 2
          seed: 3
          parameters:
            - {shrink.factor: [0.1, 0.2, 0.3]}
            - {compile.bits: [2, 4, 8]}
        """;
    assertThat(compile(random).compiled().branches().keySet()).containsExactlyElementsOf(
        compile(random).compiled().branches().keySet()).hasSize(2);
  }

  @Test
  void badSwitchesAreReportedWithExactMessages() {
    assertThat(problems("""
        sweep:
          parameters:
            output: [compile, compile]
            other: [shrnk]
        """)).containsExactly(
        "demo.yaml:10: sweep.parameters.output: names 'compile' twice",
        "demo.yaml:11: sweep.parameters.other: a switch (a key without a dot) takes names of stages or none, got "
            + "'shrnk'; stages: [shrink, compile]");
    assertThat(problems("""
        sweep:
          parameters:
            - {output: [compile, none], compile.enabled: [true, false]}
            - {other: [compile, shrink]}
            - []
        """)).containsExactly(
        "demo.yaml:10: sweep.parameters[0].compile.enabled: stage 'compile' is switched by 'output' (it runs where "
            + "that switch names it); do not sweep compile.enabled as well",
        "demo.yaml:11: sweep.parameters[1].other: stage 'compile' is already switched by 'output'; a stage belongs "
            + "to one switch",
        "demo.yaml:12: sweep.parameters[2]: expected a map of <stage>.<parameter> to a list of values or {from, to, "
            + "step} (or a list of such maps, one grid each), got a list");
  }

  @Test
  void sweepsThatExpandToNothingAreRefused() {
    assertThat(problems("""
        sweep:
          parameters: {}
        """)).containsExactly("demo.yaml:9: sweep.parameters: an empty map expands to no branches; give "
            + "<stage>.<parameter>: [values…] for at least one parameter");
    assertThat(problems("""
        sweep:
          parameters: []
        """)).containsExactly("demo.yaml:9: sweep.parameters: an empty list expands to no branches; give "
            + "<stage>.<parameter>: [values…] for at least one parameter");
    assertThat(problems("""
        sweep:
          objective: pareto-size
        """)).containsExactly("demo.yaml:8: sweep.parameters: missing; give <stage>.<parameter>: [values…] for at "
            + "least one parameter");
    assertThat(problems("""
        sweep:
          parameters:
            shrink.enabled: [false]
            compile.enabled: [true, false]
        """)).containsExactly("demo.yaml:9: sweep.parameters: branch s2_shrink.enabled-false_compile.enabled-false "
            + "leaves out every stage (enabled: false or switched off everywhere)");
    assertThat(problems("""
        sweep:
          parameters:
            output: [none, compile]
            shrink.enabled: [false]
        """)).containsExactly("demo.yaml:9: sweep.parameters: branch s1_output-none_shrink.enabled-false leaves out "
            + "every stage (enabled: false or switched off everywhere)");
  }
}
