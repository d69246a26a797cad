package dev.topiary.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TopiaryCommandTest {

  private static final String RECIPE = """
      data: {source: fake, rows: 4}
      model: {file: base.zip}
      stages:
        - {type: fake.scale, factor: 0.5}
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

  private Path recipe(String yaml) throws IOException {
    return Files.writeString(dir.resolve("recipe.yaml"), yaml);
  }

  @Test
  void runSucceedsWithExitCodeZero() throws IOException {
    Path out = dir.resolve("out");

    int code = execute("run", recipe(RECIPE).toString(), "--out", out.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.resolve("report.md")).exists();
    assertThat(this.out.toString()).contains("fake.scale");
  }

  @Test
  void seedOptionReplacesTheRecipeSeedInTheReport() throws IOException {
    Path out = dir.resolve("out");

    int code = execute("run", recipe(RECIPE).toString(), "--out", out.toString(), "--seed", "123");

    assertThat(code).as(err.toString()).isZero();
    com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.resolve("report.json").toFile());
    assertThat(report.at("/recipe/seed").asLong()).isEqualTo(123);
    assertThat(report.at("/provenance/seed").asLong()).isEqualTo(123);
  }

  @Test
  void badRecipeExitsWithTwoAndPrintsOnlyTheMessage() throws IOException {
    Path file = recipe(RECIPE.replace("fake.scale", "fake.scael"));

    int code = execute("validate", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: recipe has 1 problem:\n  " + file
        + ":4: stages[0].type: unknown stage type 'fake.scael'; did you mean 'fake.scale'? known: [fake.compile, fake.fail, fake.scale]\n");
  }

  @Test
  void existingOutputFolderExitsWithTwo() throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));

    int code = execute("run", recipe(RECIPE).toString(), "--out", out.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: output folder " + out
        + " already exists; use --force to replace it or --out to choose another\n");
  }

  @Test
  void stageThatFindsTheInputBadExitsWithTwo() throws IOException {
    Path file = recipe(RECIPE.replace("{type: fake.scale, factor: 0.5}",
        "{type: fake.fail, message: 'calibrationExamples is 600, but the training split has only 4 rows', badInput: true}"));

    int code = execute("run", file.toString(), "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo(
        "error: stage 'fake.fail': calibrationExamples is 600, but the training split has only 4 rows\n");
  }

  @Test
  void stageFailureExitsWithOneAndVerboseAddsTheStackTrace() throws IOException {
    Path file = recipe(RECIPE.replace("{type: fake.scale, factor: 0.5}", "{type: fake.fail}"));

    int code = execute("run", file.toString(), "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("error: stage 'fake.fail': boom\n  (the checks before the run found nothing"
        + " wrong with the recipe or the data; if they are as intended, this is a fault in Topiary: please report it"
        + " with the output of the same command run with --verbose)\n");
    err.getBuffer().setLength(0);
    assertThat(execute("run", "--verbose", file.toString(), "--out", dir.resolve("out").toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: stage 'fake.fail': boom\n")
        .contains("dev.topiary.core.stage.StageException");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(execute("run")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter: 'RECIPE'");
    assertThat(execute()).isEqualTo(2);
    assertThat(execute("frobnicate")).isEqualTo(2);
  }

  @Test
  void validatePrintsTheStages() throws IOException {
    Path file = recipe(RECIPE);

    assertThat(execute("validate", file.toString())).isZero();

    assertThat(out.toString()).isEqualTo(file + ": ok, recipe 'recipe', seed 42, 1 stage\n"
        + "  01 fake.scale (fake.scale)\n");
  }

  @Test
  void stagesListsEveryTypeWithItsParameters() {
    assertThat(execute("stages")).isZero();

    assertThat(out.toString()).isEqualTo("""
        fake.compile — Compiles a fake network into a fake runtime model.
          bits  integer  default 8  bits per weight

        fake.fail — Always fails.
          message   string   default boom   the failure message
          badInput  boolean  default false  fail because the user's input is bad (exit 2), not the stage

        fake.scale — Multiplies the parameter count of a fake model.
          factor   number                        required          factor in (0, 10]
          mode     one of [keep-all, half-size]  default keep-all  how to scale
          repeats  integer                       default 1         how often
        """);
  }

  @Test
  void helpAndVersionWorkEverywhere() {
    assertThat(execute("--version")).isZero();
    assertThat(out.toString()).startsWith("topiary ");
    assertThat(execute("run", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: topiary run", "--force", "--out=DIR");
    assertThat(execute("stages", "--version")).isZero();
  }
}
