package dev.topiary.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.stage.StageException;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.RecipeCompiler;
import dev.topiary.pipeline.testing.FakeModel;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunnerTest {

  private static final String RECIPE = """
      name: demo
      seed: 7
      data: {source: fake, rows: 4}
      model: {file: base.zip}
      stages:
        - {type: fake.scale, name: shrink, factor: 0.5}
        - {type: fake.compile}
      """;

  @TempDir
  Path dir;

  private final StringWriter console = new StringWriter();
  private final PipelineRunner runner = TestEnvironment.commandEnvironment().runner(new PrintWriter(console));

  @BeforeEach
  void resetOpenHandles() {
    FakeModel.OPEN.set(0);
  }

  private CompiledRecipe compile(String yaml) throws RecipeException {
    RecipeCompiler compiler = TestEnvironment.commandEnvironment().compiler();
    return compiler.compile(new RecipeReader(TestEnvironment.json()).parse(yaml, "demo.yaml"), dir);
  }

  @Test
  void writesReportsModelResolvedRecipeAndStageFolders() throws Exception {
    Path out = dir.resolve("out");

    RunResult result = runner.run(compile(RECIPE), new RunOptions(out, false));

    assertThat(result.outputDirectory()).isEqualTo(out);
    // the compiled model (model.bin) and, beside it, the last network before compilation (model.zip)
    assertThat(listing(out)).containsExactly("model.bin", "model.zip", "recipe.resolved.yaml", "report.html",
        "report.json", "report.md", "stages", "stages/01-shrink", "stages/02-fake.compile");
    JsonNode report = TestEnvironment.json().json().readTree(out.resolve("report.json").toFile());
    assertThat(report.fieldNames()).toIterable().containsExactly("recipe", "provenance", "baseline", "stages");
    assertThat(report.at("/baseline/parameters").asLong()).isEqualTo(1000);
    assertThat(report.at("/baseline/latency/batch1/p50Micros").asDouble()).isEqualTo(100.0);
    assertThat(report.at("/stages/0/name").asText()).isEqualTo("shrink");
    assertThat(report.at("/stages/0/metrics/parameters").asLong()).isEqualTo(500);
    assertThat(report.at("/stages/0/diagnostics/workDirectoryExists").asBoolean()).isTrue();
    assertThat(report.at("/stages/0/elapsedMillis").isIntegralNumber()).isTrue();
    assertThat(report.at("/stages/1/type").asText()).isEqualTo("fake.compile");
    assertThat(report.at("/recipe/stages/1/name").asText()).isEqualTo("fake.compile");
    assertThat(report.at("/provenance").fieldNames()).toIterable().containsExactly("recipeSha256", "seed",
        "topiaryVersion", "dl4jVersion", "nd4jVersion", "javaVersion", "javaVendor", "os", "cpuModel",
        "availableProcessors", "ompNumThreads", "measureThreads", "startTime");
    assertThat(report.at("/provenance/startTime").asText()).isEqualTo("2024-05-01T12:00:00Z");
    String resolved = Files.readString(out.resolve("recipe.resolved.yaml"));
    assertThat(report.at("/provenance/recipeSha256").asText())
        .isEqualTo(dev.topiary.pipeline.report.Provenance.sha256(resolved));
    assertThat(Files.readString(out.resolve("report.md"))).startsWith("# Topiary report: demo\n");
    assertThat(console.toString()).contains("baseline", "shrink", "fake.compile", "report: " + out.resolve("report.md"));
    assertThat(FakeModel.OPEN.get()).as("handles left open").isZero();
    assertThat(siblings()).containsExactly("out");
  }

  @Test
  void refusesAnExistingOutputFolderWithoutForce() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("keep.txt"), "mine");

    OutputFolderException e = catchThrowableOfType(
        () -> runner.run(compile(RECIPE), new RunOptions(out, false)), OutputFolderException.class);

    assertThat(e).hasMessage("output folder " + out
        + " already exists; use --force to replace it or --out to choose another");
    assertThat(listing(out)).containsExactly("keep.txt");
    assertThat(siblings()).containsExactly("out");
  }

  @Test
  void replacesAnExistingOutputFolderWithForce() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("old.txt"), "old");

    runner.run(compile(RECIPE), new RunOptions(out, true));

    assertThat(listing(out)).contains("report.json").doesNotContain("old.txt");
    assertThat(siblings()).containsExactly("out");
  }

  @Test
  void leavesNothingInTheFinalPlaceWhenAStageFails() throws Exception {
    Path out = dir.resolve("out");
    String failing = RECIPE.replace("- {type: fake.compile}", "- {type: fake.fail, message: out of memory}");

    StageException e = catchThrowableOfType(
        () -> runner.run(compile(failing), new RunOptions(out, false)), StageException.class);

    assertThat(e).hasMessage("stage 'fake.fail': out of memory");
    assertThat(out).doesNotExist();
    assertThat(siblings()).isEmpty();
    assertThat(FakeModel.OPEN.get()).as("handles left open").isZero();
  }

  @Test
  void defaultFolderIsNamedAfterTheRecipeAndTheStartTime() {
    assertThat(PipelineRunner.defaultOutput("demo", TestEnvironment.CLOCK.instant(), TestEnvironment.CLOCK))
        .isEqualTo(Path.of("runs", "demo-20240501-120000"));
  }

  private List<String> listing(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted().toList();
    }
  }

  private List<String> siblings() throws IOException {
    try (Stream<Path> paths = Files.list(dir)) {
      return paths.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
