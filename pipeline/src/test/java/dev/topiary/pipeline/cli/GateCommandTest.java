package dev.topiary.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GateCommandTest {

  // fake metrics: accuracy 0.6 at 1000 parameters, 0.55 at 500 (a drop of 5 points), gzip 2100 → 1100 B
  private static final String RECIPE = """
      data: {source: fake, rows: 4}
      model: {file: base.zip}
      stages:
        - {type: fake.scale, factor: 0.5}
      assert:
        maxAccuracyDrop: %s
        minSizeReduction: 1.5
      """;

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = TopiaryCommand.commandLine(TestEnvironment.commandEnvironment());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    return commandLine.execute(args);
  }

  private String recipe(String yaml) throws IOException {
    return Files.writeString(dir.resolve("recipe.yaml"), yaml).toString();
  }

  @Test
  void passingGatesExitZeroAndAreInTheReport() throws Exception {
    Path target = dir.resolve("out");

    int code = execute("run", recipe(RECIPE.formatted("5.5")), "--out", target.toString(), "--no-cache");

    assertThat(code).as(err.toString()).isZero();
    JsonNode report = TestEnvironment.json().json().readTree(target.resolve("report.json").toFile());
    assertThat(report.at("/gates/0/gate").asText()).isEqualTo("maxAccuracyDrop");
    assertThat(report.at("/gates/0/passed").asBoolean()).isTrue();
    assertThat(report.at("/gates/1/measured").asDouble()).isEqualTo(2100.0 / 1100);
    assertThat(Files.readString(target.resolve("report.md"))).contains("## Gates", "- PASS gate maxAccuracyDrop");
  }

  @Test
  void aFailedGateExitsThreeNamesTheGateAndMarksTheReports() throws Exception {
    Path target = dir.resolve("out");

    int code = execute("run", recipe(RECIPE.formatted("0.5")), "--out", target.toString(), "--no-cache");

    assertThat(code).isEqualTo(TopiaryCommand.GATE_FAILED).isEqualTo(3);
    assertThat(err.toString()).isEqualTo("error: gate maxAccuracyDrop failed for final model: measured 5.00 points, "
        + "bound 0.50 points\n");
    assertThat(Files.readString(target.resolve("report.md"))).contains("- FAIL gate maxAccuracyDrop failed",
        "- PASS gate minSizeReduction passed");
    assertThat(Files.readString(target.resolve("report.html"))).contains("<li class=\"fail\">FAIL gate "
        + "maxAccuracyDrop failed");
  }

  @Test
  void aFailedGateOfABranchExitsThree() throws Exception {
    String yaml = """
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        branches:
          keep: [{type: fake.scale, factor: 1.0}]
          half: [{type: fake.scale, factor: 0.5}]
        assert: {maxAccuracyDrop: 1}
        """;

    int code = execute("run", recipe(yaml), "--out", dir.resolve("out").toString(), "--no-cache");

    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).isEqualTo("error: gate maxAccuracyDrop failed for branch half: measured 5.00 points, "
        + "bound 1.00 points\n");
    assertThat(Files.readString(dir.resolve("out/comparison.md"))).contains("## Failed gates");
  }

  @Test
  void aRecipeWithGatesRoundTrips() throws Exception {
    var compiler = TestEnvironment.commandEnvironment().compiler();
    var reader = new dev.topiary.core.recipe.RecipeReader(TestEnvironment.json());
    var compiled = compiler.compile(reader.parse(RECIPE.formatted("0.5"), "r.yaml"), dir);
    String yaml = new dev.topiary.core.recipe.RecipeWriter(TestEnvironment.json()).toYaml(compiled.recipe());

    assertThat(yaml).contains("assert:\n  maxAccuracyDrop: 0.5\n  minSizeReduction: 1.5\n");
    assertThat(compiler.compile(reader.parse(yaml, "r.yaml"), dir).recipe()).isEqualTo(compiled.recipe());
  }

  @Test
  void validateRefusesAnUnknownGateAndABoundOutOfRange() throws Exception {
    String yaml = """
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        assert: {minAgrement: 0.9}
        """;

    int code = execute("validate", recipe(yaml));

    assertThat(code).isEqualTo(TopiaryCommand.BAD_INPUT);
    assertThat(err.toString()).contains("recipe.yaml:3: assert: unknown key 'minAgrement'; did you mean 'minAgreement'? valid: "
        + "[maxAccuracyDrop, maxLatencyRatio, minAgreement, minSizeReduction]");
    String fixed = yaml.replace("minAgrement: 0.9", "maxAccuracyDrop: 150");
    err.getBuffer().setLength(0);
    assertThat(execute("validate", recipe(fixed))).isEqualTo(TopiaryCommand.BAD_INPUT);
    assertThat(err.toString()).contains("assert.maxAccuracyDrop: must be in [0, 100] percentage points, got 150.0");
  }
}
