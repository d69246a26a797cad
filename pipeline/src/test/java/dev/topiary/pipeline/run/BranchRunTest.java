package dev.topiary.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.recipe.RecipeWriter;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.RecipeCompiler;
import dev.topiary.pipeline.compare.ComparisonReport;
import dev.topiary.pipeline.testing.FakeModel;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BranchRunTest {

  static final String RECIPE = """
      name: demo
      seed: 7
      data: {source: fake, rows: 4}
      model: {file: base.zip}
      branches:
        half:
          - {type: fake.scale, name: shrink, factor: 0.5}
          - {type: fake.compile}
        quarter:
          - {type: fake.scale, name: shrink, factor: 0.25}
        same:
          - {type: fake.scale, factor: 1.0}
      """;

  @TempDir
  Path dir;

  private final AtomicInteger builds = new AtomicInteger();
  private final List<ModelHandle> copies = new ArrayList<>();

  /** Counts builds; copies are new fakes of the same size, recorded. */
  private final BaselineBuilder counting = new BaselineBuilder() {
    @Override
    public ModelHandle build(dev.topiary.core.source.ModelSpec spec, dev.topiary.core.data.DataSplits data,
        Path baseDirectory, long seed, dev.topiary.core.train.ProgressReporter progress) {
      builds.incrementAndGet();
      return new FakeModel(ModelKind.DL4J_NETWORK, 1000);
    }

    @Override
    public ModelHandle copy(ModelHandle model) {
      FakeModel copy = new FakeModel(model.kind(), model.parameterCount());
      copies.add(copy);
      return copy;
    }
  };

  @BeforeEach
  void resetOpenHandles() {
    FakeModel.OPEN.set(0);
  }

  private CompiledRecipe compile(String yaml) throws RecipeException {
    RecipeCompiler compiler = TestEnvironment.commandEnvironment().compiler();
    return compiler.compile(new RecipeReader(TestEnvironment.json()).parse(yaml, "demo.yaml"), dir);
  }

  private PipelineRunner runner(StringWriter console) {
    return PipelineRunner.builder().json(TestEnvironment.json()).baselines(counting).measurer(TestEnvironment.METER)
        .console(new PrintWriter(console)).clock(TestEnvironment.CLOCK).build();
  }

  @Test
  void everyBranchStartsFromItsOwnCopyOfOneBaseline() throws Exception {
    Path out = dir.resolve("out");
    StringWriter console = new StringWriter();

    RunResult result = runner(console).run(compile(RECIPE), new RunOptions(out, false));

    assertThat(builds).hasValue(1);
    assertThat(copies).hasSize(3).doesNotHaveDuplicates();
    assertThat(copies).allMatch(copy -> ((FakeModel) copy).closed());
    assertThat(FakeModel.OPEN).hasValue(0);
    ComparisonReport comparison = result.comparison();
    assertThat(comparison.branches()).extracting(b -> b.name()).containsExactly("half", "quarter", "same");
    assertThat(comparison.branches()).extracting(b -> b.finalMetrics().parameters()).containsExactly(500L, 250L,
        1000L);
    assertThat(comparison.branches().get(0).report().stages()).extracting(s -> s.name())
        .containsExactly("shrink", "fake.compile");
    assertThat(out.resolve("comparison.json")).exists();
    assertThat(out.resolve("comparison.md")).exists();
    assertThat(out.resolve("recipe.resolved.yaml")).exists();
    for (String branch : List.of("half", "quarter", "same")) {
      Path folder = out.resolve("branches").resolve(branch);
      assertThat(folder.resolve("report.json")).exists();
      assertThat(folder.resolve("report.md")).exists();
      assertThat(folder.resolve("recipe.resolved.yaml")).exists();
    }
    assertThat(out.resolve("branches/half/model.bin")).exists();
    assertThat(out.resolve("branches/quarter/model.zip")).exists();
    assertThat(out.resolve("branches/half/stages/01-shrink")).isDirectory();
    JsonNode half = TestEnvironment.json().json().readTree(out.resolve("branches/half/report.json").toFile());
    assertThat(half.at("/recipe/stages/0/factor").asDouble()).isEqualTo(0.5);
    assertThat(half.at("/recipe/branches").isMissingNode()).isTrue();
    assertThat(console.toString()).contains("branch half", "branch quarter", "comparison: " + out.resolve(
        "comparison.md"));
  }

  @Test
  void theComparisonMatchesItsGoldenFiles() throws Exception {
    Path out = dir.resolve("out");
    runner(new StringWriter()).run(compile(RECIPE), new RunOptions(out, false));

    assertThat(Files.readString(out.resolve("comparison.md"))).isEqualTo(golden("comparison.golden.md"));
    assertThat(Files.readString(out.resolve("comparison.json"))).isEqualTo(golden("comparison.golden.json"));
  }

  @Test
  void aResolvedRecipeWithBranchesRoundTrips() throws Exception {
    CompiledRecipe compiled = compile(RECIPE);
    String yaml = new RecipeWriter(TestEnvironment.json()).toYaml(compiled.recipe());

    CompiledRecipe again = compile(yaml);

    assertThat(again.recipe()).isEqualTo(compiled.recipe());
    assertThat(again.branches().keySet()).containsExactly("half", "quarter", "same");
    assertThat(again.branches().get("same").get(0).name()).isEqualTo("fake.scale");
  }

  @Test
  void everyBranchIsCheckedBeforeAnyWorkWithItsOwnPath() {
    String yaml = """
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        branches:
          ok:
            - {type: fake.compile, name: shrink}
            - {type: fake.scale, factor: 0.5}
          bad:
            - {type: fake.scale, factor: 20}
            - {type: fake.teach, teacher: "@shrink"}
        """;
    RecipeCompiler compiler = new RecipeCompiler(dev.topiary.pipeline.TopiaryModules.stageRegistry(
        com.google.inject.Guice.createInjector(new dev.topiary.pipeline.testing.FakeStages.Module(),
            new dev.topiary.pipeline.testing.FakeStages.TeachModule())), TestEnvironment.json());

    RecipeException e = catchThrowableOfType(() -> compiler.compile(new RecipeReader(TestEnvironment.json())
        .parse(yaml, "demo.yaml"), dir), RecipeException.class);

    assertThat(builds).hasValue(0);
    assertThat(e.problems()).extracting(p -> p.path() + ": " + p.message()).containsExactly(
        "branches.ok[1] (fake.scale): needs a trainable DL4J network, but stage 0 (shrink) produces a "
            + "compiled runtime model",
        "branches.bad[0].factor: must be in (0, 10], got 20.0",
        "branches.bad[1].teacher: unknown model reference '@shrink'; known: [@baseline, @input]");
  }

  @Test
  void badBranchesAreReportedWithExactMessages() {
    String yaml = """
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        stages:
          - {type: fake.compile}
        branches:
          empty: []
          "bad name": [{type: fake.compile}]
          twice: [{type: fake.scale, factor: 1, name: a}, {type: fake.scale, factor: 1, name: a}]
          twice: [{type: fake.compile}]
        """;

    RecipeException e = catchThrowableOfType(() -> compile(yaml), RecipeException.class);

    assertThat(e.problems()).extracting(p -> p.line() + " " + p.path() + ": " + p.message()).containsExactly(
        "5 branches: give stages: or branches:, not both (a branch is a list of stages applied to its own copy of "
            + "the baseline)",
        "6 branches.empty: a branch needs at least one stage",
        "7 branches.bad name: a branch name must start with a letter or digit and hold only letters, digits, '.', '_' and '-', "
            + "got 'bad name'",
        "8 branches.twice[1].name: duplicate stage name 'a' (also branches.twice[0])",
        "9 branches.twice: given twice (first at line 8)");
  }

  private static String golden(String name) throws Exception {
    try (var in = BranchRunTest.class.getResourceAsStream("/compare/" + name)) {
      if (in == null) {
        throw new AssertionError("missing golden file /compare/" + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
