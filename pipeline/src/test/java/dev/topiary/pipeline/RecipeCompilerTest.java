package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.topiary.core.recipe.ParsedRecipe;
import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeProblem;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.recipe.RecipeWriter;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.pipeline.testing.FakeStages;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipeCompilerTest {

  private static final String HEAD = """
      data:
        source: fake
        rows: 4
      model:
        file: base.zip
      stages:
      """;

  private final TopiaryJson json = TestEnvironment.json();
  private final RecipeCompiler compiler = new RecipeCompiler(TestEnvironment.registry(), json);

  private CompiledRecipe compile(String yaml) throws RecipeException {
    ParsedRecipe parsed = new RecipeReader(json).parse(yaml, "recipe.yaml");
    return compiler.compile(parsed, Path.of("."));
  }

  private List<String> problems(String yaml) {
    RecipeException e = catchThrowableOfType(() -> compile(yaml), RecipeException.class);
    assertThat(e).as("a RecipeException").isNotNull();
    return e.problems().stream().map(RecipeProblem::toString).toList();
  }

  @Test
  void bindsStagesWithDefaultNamesAndDerivedSeeds() throws RecipeException {
    CompiledRecipe compiled = compile(HEAD + """
          - {type: fake.scale, factor: 0.5}
          - {type: fake.scale, factor: 2}
          - {type: fake.compile}
        """);

    assertThat(compiled.stages()).extracting(BoundStage::name)
        .containsExactly("fake.scale", "fake.scale-2", "fake.compile");
    assertThat(compiled.stages().get(1).spec())
        .isEqualTo(new FakeStages.ScaleSpec(2, FakeStages.Mode.KEEP_ALL, 1));
    assertThat(compiled.stages()).extracting(BoundStage::seed)
        .containsExactly(StageSeeds.derive(42, 0), StageSeeds.derive(42, 1), StageSeeds.derive(42, 2));
    assertThat(compiled.stages().get(2).folderName()).isEqualTo("03-fake.compile");
  }

  @Test
  void goldenRecipeResolves() throws Exception {
    String yaml = resource("recipes/golden.yaml");
    CompiledRecipe compiled = compile(yaml);

    String resolved = new RecipeWriter(json).toYaml(compiled.recipe());

    assertThat(resolved).isEqualTo(resource("recipes/golden.resolved.yaml"));
    CompiledRecipe again = new RecipeCompiler(TestEnvironment.registry(), json)
        .compile(new RecipeReader(json).parse(resolved, "golden.yaml"), Path.of("."));
    assertThat(again.recipe()).isEqualTo(compiled.recipe());
  }

  @Test
  void unknownStageType() {
    assertThat(problems(HEAD + "  - type: quantise.int8\n")).containsExactly(
        "recipe.yaml:7: stages[0].type: unknown stage type 'quantise.int8'; known: [fake.compile, fake.fail, fake.scale]");
  }

  @Test
  void unknownKey() {
    assertThat(problems(HEAD + "  - type: fake.scale\n    factor: 0.5\n    facter: 0.5\n")).containsExactly(
        "recipe.yaml:9: stages[0].facter: unknown key 'facter' for stage type fake.scale;"
            + " did you mean 'factor'? valid: [factor, mode, name, repeats, type]");
  }

  @Test
  void wrongValueType() {
    assertThat(problems(HEAD + "  - type: fake.scale\n    factor: high\n")).containsExactly(
        "recipe.yaml:8: stages[0].factor: expected a number, got 'high'");
  }

  @Test
  void wrongEnumValue() {
    assertThat(problems(HEAD + "  - {type: fake.scale, factor: 1, mode: double}\n")).containsExactly(
        "recipe.yaml:7: stages[0].mode: expected one of [keep-all, half-size], got 'double'");
  }

  @Test
  void outOfRangeValueReportsTheRecordsMessageAtItsKey() {
    assertThat(problems(HEAD + "  - type: fake.scale\n    mode: keep-all\n    factor: 11\n")).containsExactly(
        "recipe.yaml:9: stages[0].factor: must be in (0, 10], got 11.0");
  }

  @Test
  void missingRequiredParameter() {
    assertThat(problems(HEAD + "  - type: fake.scale\n    mode: half-size\n")).containsExactly(
        "recipe.yaml:7: stages[0]: missing required parameter 'factor' (number) for stage type fake.scale");
  }

  @Test
  void duplicateStageName() {
    assertThat(problems(HEAD + "  - {type: fake.scale, name: a, factor: 1}\n  - {type: fake.compile, name: a}\n"))
        .containsExactly("recipe.yaml:8: stages[1].name: duplicate stage name 'a' (also stages[0])");
  }

  @Test
  void impossibleKindOrder() {
    assertThat(problems(HEAD + """
          - {type: fake.scale, factor: 1}
          - {type: fake.compile, name: quantize}
          - {type: fake.scale, factor: 1}
          - {type: fake.scale, name: prune-2, factor: 1}
        """)).containsExactly(
        "recipe.yaml:9: stages[2] (fake.scale-2): needs a trainable DL4J network,"
            + " but stage 1 (quantize) produces a compiled runtime model",
        "recipe.yaml:10: stages[3] (prune-2): needs a trainable DL4J network,"
            + " but stage 1 (quantize) produces a compiled runtime model");
  }

  @Test
  void stagesThatNeedANetworkAreRejectedAfterRuntimeCompile() {
    RecipeCompiler real = new RecipeCompiler(TopiaryModules.stageRegistry(TopiaryModules.injector()), json);
    RecipeException e = catchThrowableOfType(() -> real.compile(new RecipeReader(json).parse(HEAD + """
          - {type: runtime.compile, kernels: dense}
          - {type: prune.magnitude, sparsity: 0.5}
          - {type: finetune, epochs: 1}
        """, "recipe.yaml"), Path.of(".")), RecipeException.class);
    assertThat(e).as("a RecipeException").isNotNull();
    assertThat(e.problems().stream().map(RecipeProblem::toString)).containsExactly(
        "recipe.yaml:8: stages[1] (prune.magnitude): needs a trainable DL4J network,"
            + " but stage 0 (runtime.compile) produces a compiled runtime model",
        "recipe.yaml:9: stages[2] (finetune): needs a trainable DL4J network,"
            + " but stage 0 (runtime.compile) produces a compiled runtime model");
  }

  @Test
  void unknownDataSource() {
    assertThat(problems("data:\n  source: mnist\nmodel:\n  file: base.zip\n")).containsExactly(
        "recipe.yaml:2: data.source: unknown source 'mnist'; known: [csv, fake, fashion-mnist, fashion-mnist-sample, idx]");
  }

  @Test
  void yamlSyntaxError() {
    assertThat(problems("data:\n  source: fake\n rows: 4\nmodel: {file: a.zip}\n")).containsExactly(
        "recipe.yaml:3: YAML syntax error: expected <block end>, but found '<block mapping start>'"
            + " (while parsing a block mapping)");
  }

  @Test
  void reportsEveryMistakeAtOnceInFileOrder() {
    String yaml = """
        name: several
        seed: lots
        data:
          source: fake
          rows: 0
        model:
          file: base.zip
        measure:
          batchSizes: [1, many]
        stagse: []
        stages:
          - type: fake.scale
          - type: quantise.int8
          - type: fake.scale
            name: shrink
            factor: 0.5
            extra: true
          - type: fake.compile
            name: shrink
        """;

    assertThat(problems(yaml)).containsExactly(
        "recipe.yaml:2: seed: expected an integer, got 'lots'",
        "recipe.yaml:5: data.rows: must be at least 1, got 0",
        "recipe.yaml:9: measure.batchSizes[1]: expected an integer, got 'many'",
        "recipe.yaml:10: stagse: unknown key 'stagse'; did you mean 'stages'? valid: [assert, branches, data, measure, "
            + "model, models, name, seed, stages, sweep]",
        "recipe.yaml:12: stages[0]: missing required parameter 'factor' (number) for stage type fake.scale",
        "recipe.yaml:13: stages[1].type: unknown stage type 'quantise.int8'; known: [fake.compile, fake.fail, fake.scale]",
        "recipe.yaml:17: stages[2].extra: unknown key 'extra' for stage type fake.scale;"
            + " valid: [factor, mode, name, repeats, type]",
        "recipe.yaml:19: stages[3].name: duplicate stage name 'shrink' (also stages[2])");
  }

  @Test
  void exceptionMessageListsEveryProblem() {
    RecipeException e = catchThrowableOfType(
        () -> compile(HEAD + "  - type: nope\n  - type: fake.scale\n"), RecipeException.class);

    assertThat(e).hasMessage("""
        recipe has 2 problems:
          recipe.yaml:7: stages[0].type: unknown stage type 'nope'; known: [fake.compile, fake.fail, fake.scale]
          recipe.yaml:8: stages[1]: missing required parameter 'factor' (number) for stage type fake.scale""");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = RecipeCompilerTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
