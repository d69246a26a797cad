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

class CompareCommandTest {

  private static final String HALF = """
      name: half
      seed: 3
      data: {source: fake, rows: 4}
      model: {file: base.zip}
      stages:
        - {type: fake.scale, factor: 0.5}
      """;

  private static final String QUARTER = """
      name: quarter
      seed: 3
      data: {source: fake, rows: 4}
      model: {file: base.zip}
      stages:
        - {type: fake.scale, factor: 0.25}
        - {type: fake.compile}
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

  private String recipe(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml).toString();
  }

  @Test
  void recipesWithTheSameBaselineBecomeBranchesOfOneComparison() throws Exception {
    Path target = dir.resolve("out");

    int code = execute("compare", recipe("half.yaml", HALF), recipe("quarter.yaml", QUARTER), "--out",
        target.toString(), "--cache-dir", dir.resolve("cache").toString());

    assertThat(code).as(err.toString()).isZero();
    JsonNode comparison = TestEnvironment.json().json().readTree(target.resolve("comparison.json").toFile());
    assertThat(comparison.at("/name").asText()).isEqualTo("half_vs_quarter");
    assertThat(comparison.at("/branches/0/name").asText()).isEqualTo("half");
    assertThat(comparison.at("/branches/1/name").asText()).isEqualTo("quarter");
    assertThat(comparison.at("/branches/1/metrics/parameters").asLong()).isEqualTo(250);
    assertThat(target.resolve("branches/quarter/report.md")).exists();
  }

  @Test
  void repeatMeasuresEveryModelNTimes() throws Exception {
    Path target = dir.resolve("out");

    int code = execute("compare", recipe("half.yaml", HALF), recipe("quarter.yaml", QUARTER), "--out",
        target.toString(), "--cache-dir", dir.resolve("cache").toString(), "--repeat", "2");

    assertThat(code).as(err.toString()).isZero();
    JsonNode comparison = TestEnvironment.json().json().readTree(target.resolve("comparison.json").toFile());
    assertThat(comparison.at("/repeats").asInt()).isEqualTo(2);
    assertThat(comparison.at("/baselineBatch1P50Micros").size()).isEqualTo(2);
    assertThat(comparison.at("/branches/0/batch1P50Micros").size()).isEqualTo(2);
    assertThat(comparison.at("/branches/1/batch1P50Micros").size()).isEqualTo(2);
    assertThat(Files.readString(target.resolve("comparison.md"))).contains("batch-1 p50 run-to-run µs");
  }

  @Test
  void aRepeatBelowOneIsAUsageError() throws Exception {
    String half = recipe("half.yaml", HALF);

    int code = execute("compare", half, "--out", dir.resolve("out").toString(), "--repeat", "0");

    assertThat(code).isEqualTo(TopiaryCommand.BAD_INPUT);
    assertThat(err.toString()).startsWith("--repeat must be at least 1, got 0");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void recipesThatDifferAreRefusedWithTheFieldNamed() throws Exception {
    String half = recipe("half.yaml", HALF);
    String other = recipe("other.yaml", QUARTER.replace("seed: 3", "seed: 4").replace("rows: 4", "rows: 5"));

    int code = execute("compare", half, other, "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(TopiaryCommand.BAD_INPUT);
    assertThat(err.toString()).contains(
        other + ": data: differs from " + half + " ({\"source\":\"fake\",\"rows\":5,\"validationFraction\":0.1} here, "
            + "{\"source\":\"fake\",\"rows\":4,\"validationFraction\":0.1} there); compare needs recipes with the same data, model, models, "
            + "measure, seed and assert",
        other + ": seed: differs from " + half + " (4 here, 3 there); compare needs recipes with the same data, "
            + "model, models, measure, seed and assert");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void twoRecipesOfOneNameAreRefused() throws Exception {
    String half = recipe("half.yaml", HALF);
    String again = recipe("again.yaml", HALF);

    int code = execute("compare", half, again, "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(TopiaryCommand.BAD_INPUT);
    assertThat(err.toString()).contains(again + ": name: 'half' is also the name of a branch from " + half
        + "; give the recipes different names");
  }
}
