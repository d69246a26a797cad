package dev.topiary.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.recipe.ParsedRecipe;
import dev.topiary.core.recipe.Recipe;
import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.recipe.RecipeWriter;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.RecipeCompiler;
import dev.topiary.pipeline.TopiaryModules;
import dev.topiary.pipeline.testing.FakeModel;
import dev.topiary.pipeline.testing.FakeStages;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelReferencesTest {

  @TempDir
  Path dir;

  /** Every model the fake builder made, in order; "m300.zip" makes a model of 300 parameters. */
  private final List<FakeModel> built = new ArrayList<>();

  private final BaselineBuilder builder = (spec, data, folder, seed, progress) -> {
    long parameters = spec.file() != null && spec.file().matches("m\\d+\\.zip")
        ? Long.parseLong(spec.file().replaceAll("\\D", "")) : 1000;
    FakeModel model = new FakeModel(ModelKind.DL4J_NETWORK, parameters);
    built.add(model);
    return model;
  };

  @BeforeEach
  void resetOpenHandles() {
    FakeModel.OPEN.set(0);
  }

  private RecipeCompiler compiler() {
    return new RecipeCompiler(TopiaryModules.stageRegistry(
        Guice.createInjector(new FakeStages.Module(), new FakeStages.TeachModule())), TestEnvironment.json());
  }

  private CompiledRecipe compile(String yaml) throws RecipeException {
    return compiler().compile(new RecipeReader(TestEnvironment.json()).parse(yaml, "r.yaml"), dir);
  }

  private List<String> problems(String yaml) {
    RecipeException e = catchThrowableOfType(() -> compile(yaml), RecipeException.class);
    assertThat(e).as("the recipe should not compile").isNotNull();
    return e.problems().stream().map(Object::toString).toList();
  }

  @Test
  void unknownLaterSelfAndWrongKindReferencesAreReportedAtOnce() {
    String yaml = """
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        models:
          teacher: {file: m300.zip}
        stages:
          - {type: fake.teach, name: a, teacher: "@teachr"}
          - {type: fake.teach, name: b, teacher: "@later"}
          - {type: fake.teach, name: c, teacher: "@c"}
          - {type: fake.compile, name: compiled}
          - {type: fake.teach, name: d, teacher: "@compiled", student: "@compiled"}
          - {type: fake.teach, name: later, teacher: "@nothing"}
        """;

    assertThat(problems(yaml)).containsExactly(
        "r.yaml:6: stages[0].teacher: unknown model reference '@teachr'; did you mean '@teacher'? known: "
            + "[@baseline, @input, @teacher]",
        "r.yaml:7: stages[1].teacher: '@later' refers to stage stages[5] (later), which runs after this one; "
            + "a stage can use only the output of an earlier stage",
        "r.yaml:8: stages[2].teacher: '@c' refers to this stage itself; a stage can use only the output of an "
            + "earlier stage",
        "r.yaml:10: stages[4].student: '@compiled' is a compiled runtime model, but student needs a trainable "
            + "DL4J network",
        "r.yaml:10: stages[4] (d): needs a trainable DL4J network, but stage 3 (compiled) produces a compiled "
            + "runtime model",
        "r.yaml:11: stages[5].teacher: unknown model reference '@nothing'; known: [@baseline, @input, @teacher, @a, "
            + "@b, @c, @compiled, @d]",
        "r.yaml:11: stages[5] (later): needs a trainable DL4J network, but stage 3 (compiled) produces a compiled "
            + "runtime model");
  }

  @Test
  void declaredModelNamesAreChecked() {
    String yaml = """
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        models:
          baseline: {file: m300.zip}
          input: {file: m300.zip}
          "bad name": {file: m300.zip}
          shrink: {file: m300.zip}
        stages:
          - {type: fake.scale, name: shrink, factor: 0.5}
        """;

    ParsedRecipe parsed = new RecipeReader(TestEnvironment.json()).parse(yaml, "r.yaml");

    assertThat(parsed.problems().stream().map(Object::toString)).containsExactly(
        "r.yaml:4: models.baseline: 'baseline' is reserved (@baseline already means the recipe's model:)",
        "r.yaml:5: models.input: 'input' is reserved (@input already means a stage's input model)",
        "r.yaml:6: models.bad name: a model name must start with a letter or digit and hold only letters, digits, "
            + "'.', '_' and '-', got 'bad name'");
  }

  @Test
  void problemsInsideADeclaredModelNameTheirFullPath() {
    String yaml = """
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        models:
          teacher:
            train: {architecture: mlp, epochs: 1}
          other: {train: {architecture: mlp, hidden: [3]}}
          third: 3
        """;

    ParsedRecipe parsed = new RecipeReader(TestEnvironment.json()).parse(yaml, "r.yaml");

    assertThat(parsed.problems().stream().map(Object::toString)).containsExactly(
        "r.yaml:5: models.teacher.train.hidden: required for architecture mlp",
        "r.yaml:6: models.other.train.epochs: required",
        "r.yaml:7: models.third: expected a map, got 3");
  }

  @Test
  void aStageMayNotShareItsNameWithAModel() {
    String yaml = """
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        models:
          shrink: {file: m300.zip}
        stages:
          - {type: fake.scale, name: shrink, factor: 0.5}
        """;

    assertThat(problems(yaml)).containsExactly("r.yaml:1: stage name 'shrink' is also the name of a model in "
        + "models:; references @shrink would be ambiguous");
  }

  @Test
  void recipesWithModelsRoundTrip() {
    String yaml = """
        name: demo
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        models:
          big: {file: m300.zip}
          small: {train: {architecture: mlp, hidden: [8], epochs: 1}}
        stages:
          - {type: fake.teach, name: a, teacher: "@big"}
        """;
    RecipeReader reader = new RecipeReader(TestEnvironment.json());
    Recipe recipe = reader.parse(yaml, "demo.yaml").recipe();

    String written = new RecipeWriter(TestEnvironment.json()).toYaml(recipe);
    Recipe again = reader.parse(written, "demo.yaml").recipe();

    assertThat(again).isEqualTo(recipe);
    assertThat(again.models().keySet()).containsExactly("big", "small");
    assertThat(written).contains("models:");
  }

  @Test
  void theRunnerLendsReferencedModelsAndClosesEveryModelExactlyOnceAfterItsLastUse() throws Exception {
    String yaml = """
        name: demo
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        models:
          t1: {file: m300.zip}
          t2: {file: m700.zip}
          unused: {file: m50.zip}
        stages:
          - {type: fake.scale, name: shrink, factor: 0.5}
          - {type: fake.teach, name: by-t1, teacher: "@t1"}
          - {type: fake.teach, name: by-shrink, teacher: "@shrink"}
          - {type: fake.teach, name: by-baseline, teacher: "@baseline"}
          - {type: fake.teach, name: by-t2, teacher: "@t2"}
        """;
    CompiledRecipe compiled = compile(yaml);
    StringWriter console = new StringWriter();
    PipelineRunner runner = PipelineRunner.builder().json(TestEnvironment.json()).baselines(builder)
        .measurer(TestEnvironment.METER).console(new PrintWriter(console)).clock(TestEnvironment.CLOCK).build();

    RunResult result = runner.run(compiled, new RunOptions(dir.resolve("out"), false));

    assertThat(FakeModel.OPEN.get()).isZero();
    assertThat(built).hasSize(4).allSatisfy(model -> assertThat(model.closed()).isTrue());
    JsonNode report = TestEnvironment.json().json().readTree(dir.resolve("out/report.json").toFile());
    assertThat(report.fieldNames()).toIterable().containsExactly("recipe", "provenance", "baseline", "models",
        "stages");
    assertThat(report.at("/models/0/name").asText()).isEqualTo("t1");
    assertThat(report.at("/models/0/metrics/parameters").asLong()).isEqualTo(300);
    assertThat(report.at("/models/2/name").asText()).isEqualTo("unused");
    assertThat(report.at("/stages/1/diagnostics/teacherParameters").asLong()).isEqualTo(300);
    assertThat(report.at("/stages/2/diagnostics/teacherParameters").asLong()).isEqualTo(500);
    assertThat(report.at("/stages/3/diagnostics/teacherParameters").asLong()).isEqualTo(1000);
    assertThat(report.at("/stages/4/diagnostics/teacherParameters").asLong()).isEqualTo(700);
    assertThat(result.report().models()).hasSize(3);
    assertThat(Files.readString(dir.resolve("out/report.md"))).contains("| @t1 |", "| @t2 |", "| @unused |");
    assertThat(console.toString()).contains("@t1", "@unused");
  }

  @Test
  void branchesShareOneBuildOfEachDeclaredModel() throws Exception {
    // the distillation grid: one teacher, built (trained) once, borrowed by every branch
    String yaml = """
        name: grid
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        models:
          teacher: {file: m300.zip}
        branches:
          t2: [{type: fake.teach, name: distilled, teacher: "@teacher"}]
          t4: [{type: fake.teach, name: distilled, teacher: "@teacher"}]
          t8: [{type: fake.teach, name: distilled, teacher: "@teacher"}]
        """;
    List<FakeModel> copies = new ArrayList<>();
    BaselineBuilder copying = new BaselineBuilder() {
      @Override
      public dev.topiary.core.model.ModelHandle build(dev.topiary.core.source.ModelSpec spec,
          dev.topiary.core.data.DataSplits data, Path baseDirectory, long seed,
          dev.topiary.core.train.ProgressReporter progress) throws dev.topiary.core.BadInputException {
        return builder.build(spec, data, baseDirectory, seed, progress);
      }

      @Override
      public dev.topiary.core.model.ModelHandle copy(dev.topiary.core.model.ModelHandle model) {
        FakeModel copy = new FakeModel(model.kind(), model.parameterCount());
        copies.add(copy);
        return copy;
      }
    };
    PipelineRunner runner = PipelineRunner.builder().json(TestEnvironment.json()).baselines(copying)
        .measurer(TestEnvironment.METER).console(new PrintWriter(new StringWriter())).clock(TestEnvironment.CLOCK)
        .build();

    runner.run(compile(yaml), new RunOptions(dir.resolve("out"), false));

    // built (trained) once each; a branch works on copies, never on another branch's models
    assertThat(built).extracting(FakeModel::parameterCount).containsExactly(1000L, 300L);
    assertThat(built).allSatisfy(model -> assertThat(model.closed()).isTrue());
    assertThat(copies).allSatisfy(model -> assertThat(model.closed()).isTrue());
    assertThat(FakeModel.OPEN.get()).isZero();
    for (String branch : List.of("t2", "t4", "t8")) {
      JsonNode report = TestEnvironment.json().json().readTree(dir.resolve("out/branches/" + branch
          + "/report.json").toFile());
      assertThat(report.at("/stages/0/diagnostics/teacherParameters").asLong()).isEqualTo(300);
      assertThat(report.at("/models/0/name").asText()).isEqualTo("teacher");
    }
  }

  @Test
  void lastUsesCountInputsAndReferences() throws Exception {
    CompiledRecipe compiled = compile("""
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        models:
          t1: {file: m300.zip}
          unused: {file: m50.zip}
        stages:
          - {type: fake.scale, name: shrink, factor: 0.5}
          - {type: fake.teach, name: by-t1, teacher: "@t1"}
          - {type: fake.teach, name: by-baseline, teacher: "@baseline"}
          - {type: fake.teach, name: by-shrink, teacher: "@shrink"}
        """);

    Map<String, Integer> last = ModelPool.lastUses(compiled.stages());

    assertThat(last).containsEntry("baseline", 2).containsEntry("t1", 1).containsEntry("shrink", 3)
        .containsEntry("by-t1", 2).containsEntry("by-baseline", 3).containsEntry("by-shrink", Integer.MAX_VALUE)
        .doesNotContainKey("unused");
  }

  @Test
  void aModelIsClosedRightAfterItsLastUse() {
    try (ModelPool pool = new ModelPool(List.of())) {
      FakeModel a = new FakeModel(ModelKind.DL4J_NETWORK, 1);
      pool.put("a", a);
      pool.put("alias", a);
      pool.release(ModelPool.UNUSED, null);
      assertThat(a.closed()).isTrue();
      assertThat(pool.openNames()).isEmpty();
    }
    assertThat(FakeModel.OPEN.get()).isZero();
  }
}
