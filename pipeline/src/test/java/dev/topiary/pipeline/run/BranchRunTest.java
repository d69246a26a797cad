package dev.topiary.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.MeterSettings;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.recipe.RecipeWriter;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.RecipeCompiler;
import dev.topiary.pipeline.compare.ComparisonReport;
import dev.topiary.pipeline.compare.Ratios;
import dev.topiary.pipeline.testing.FakeModel;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  void withRepeatTheBaselineAndEveryFinalModelAreTimedAgainAndTheSpreadIsShown() throws Exception {
    List<MeterSettings> repeatCalls = new ArrayList<>();
    ModelMeasurer meter = new ModelMeasurer() {
      @Override
      public Metrics measure(ModelHandle model, dev.topiary.core.data.Dataset test, MeterSettings settings) {
        Metrics m = TestEnvironment.metrics(model.parameterCount());
        if (!settings.batchSizes().equals(List.of(1))) {
          return m;
        }
        repeatCalls.add(settings); // a repeat: each later call is 1 µs slower than the one before
        LatencyStats batch1 = m.latency().get("batch1");
        return new Metrics(m.parameters(), m.nonZeroParameters(), m.fileBytes(), m.gzipBytes(), Map.of("batch1",
            new LatencyStats(1, batch1.p50Micros() + repeatCalls.size(), batch1.p95Micros(), 200)), m.accuracy(),
            m.loss());
      }

      @Override
      public int[] predictions(ModelHandle model, dev.topiary.core.data.Dataset test) {
        return null;
      }
    };
    Path out = dir.resolve("out");
    PipelineRunner runner = PipelineRunner.builder().json(TestEnvironment.json()).baselines(counting).measurer(meter)
        .console(new PrintWriter(new StringWriter())).clock(TestEnvironment.CLOCK).build();

    ComparisonReport comparison = runner.run(compile(RECIPE), new RunOptions(out, false, 3)).comparison();

    // two more timings of each branch's final model (in branch order), then of the baseline
    assertThat(repeatCalls).hasSize(8).allMatch(settings -> settings.equals(new MeterSettings(List.of(1), 20, 1000,
        200, 1)));
    assertThat(builds).hasValue(1);
    assertThat(comparison.repeats()).isEqualTo(3);
    assertThat(comparison.baselineRepeats().batch1P50Micros()).containsExactly(100.0, 107.0, 108.0);
    assertThat(comparison.branches()).extracting(b -> b.repeats().batch1P50Micros()).containsExactly(
        List.of(50.0, 51.0, 52.0), List.of(25.0, 28.0, 29.0), List.of(100.0, 105.0, 106.0));
    assertThat(Files.readString(out.resolve("comparison.md"))).contains(
        "| branch | final stage | gzip KB | × smaller | batch-1 p50 / p95 µs | batch-1 p50 run-to-run µs | × faster "
            + "| accuracy | Δ accuracy | Pareto |\n| :--- | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :--- |\n",
        "| baseline | – | 2.1 | 1.00× | 100.0 / 125.0 | 100.0–108.0 | 1.00× | 0.6000 | +0.00 pt |  |\n",
        "| half | fake.compile | 1.1 | 1.91× | 50.0 / 62.5 | 50.0–52.0 | 2.00× (1.92–2.16) | 0.5500 | -5.00 pt "
            + "| size, latency |\n",
        "| quarter | shrink | 0.6 | 3.50× | 25.0 / 31.3 | 25.0–29.0 | 4.00× (3.45–4.32) |",
        "| same | fake.scale | 2.1 | 1.00× | 100.0 / 125.0 | 100.0–106.0 | ≈ (0.94–1.08) |",
        Ratios.repeatLegend(3));
    JsonNode json = TestEnvironment.json().json().readTree(out.resolve("comparison.json").toFile());
    assertThat(json.at("/repeats").asInt()).isEqualTo(3);
    assertThat(json.at("/baselineBatch1P50Micros").toString()).isEqualTo("[100.0,107.0,108.0]");
    assertThat(json.at("/branches/0/batch1P50Micros").toString()).isEqualTo("[50.0,51.0,52.0]");
    assertThat(json.at("/branches/0/batch1TimesFasterRange/0").asDouble()).isCloseTo(100.0 / 52, within(1e-9));
    assertThat(json.at("/branches/0/batch1TimesFasterRange/1").asDouble()).isCloseTo(108.0 / 50, within(1e-9));
    assertThat(json.at("/branches/0/batch1TimesFaster").asDouble()).isEqualTo(2.0);
    assertThat(json.at("/branches/2/batch1TimesFaster").isNull()).isTrue();
    assertThat(Files.readString(out.resolve("comparison.html"))).contains("<th>batch-1 p50 run-to-run µs</th>");
    assertThat(Files.readString(out.resolve("branches/half/report.md"))).doesNotContain("run-to-run");
  }

  @Test
  void aRepeatCountBelowOneIsRefused() {
    IllegalArgumentException e = catchThrowableOfType(() -> new RunOptions(dir, false, 0),
        IllegalArgumentException.class);

    assertThat(e).hasMessage("repeat must be at least 1, got 0");
    assertThat(new RunOptions(dir, false).repeat()).isEqualTo(1);
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
