package dev.topiary.pipeline.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.pipeline.cli.TopiaryCommand;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code topiary validate} lists a sweep's branches; {@code topiary run} runs them in-process. */
class SweepCommandTest {

  private static final String RECIPE = """
      name: demo
      data: {source: fake, rows: 4}
      model: {file: base.zip}
      stages:
        - {type: fake.scale, name: shrink, factor: 0.5}
        - {type: fake.compile, name: compile}
      sweep:
        parameters:
          shrink.factor: {from: 0.25, to: 0.5, step: 0.25}
          compile.enabled: [true, false]
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

  @Test
  void validateListsTheExpandedBranchesAndTheirCount() throws IOException {
    Path file = Files.writeString(dir.resolve("demo.yaml"), RECIPE);

    assertThat(execute("validate", file.toString())).as(err.toString()).isZero();

    assertThat(out.toString()).isEqualTo(file + ": ok, recipe 'demo', seed 42, a sweep expanding into 4 branches\n"
        + "  branch s1_shrink.factor-0.25_compile.enabled-true\n"
        + "    01 shrink (fake.scale)\n"
        + "    02 compile (fake.compile)\n"
        + "  branch s2_shrink.factor-0.25_compile.enabled-false\n"
        + "    01 shrink (fake.scale)\n"
        + "  branch s3_shrink.factor-0.5_compile.enabled-true\n"
        + "    01 shrink (fake.scale)\n"
        + "    02 compile (fake.compile)\n"
        + "  branch s4_shrink.factor-0.5_compile.enabled-false\n"
        + "    01 shrink (fake.scale)\n");
  }

  @Test
  void validateRefusesABadSweepWithExitTwo() throws IOException {
    Path file = Files.writeString(dir.resolve("demo.yaml"), RECIPE.replace("step: 0.25", "step: -1"));

    assertThat(execute("validate", file.toString())).isEqualTo(2);

    assertThat(err.toString()).contains("demo.yaml:9: sweep.parameters.shrink.factor.step: must be greater than 0, "
        + "got -1");
  }

  @Test
  void runRunsEveryBranchInProcess() throws IOException {
    Path file = Files.writeString(dir.resolve("demo.yaml"), RECIPE);

    assertThat(execute("run", file.toString(), "--out", dir.resolve("out").toString(), "--no-cache"))
        .as(err.toString()).isZero();

    assertThat(dir.resolve("out/comparison.json")).exists();
    assertThat(dir.resolve("out/branches/s4_shrink.factor-0.5_compile.enabled-false/report.json")).exists();
    String summary = Files.readString(dir.resolve("out/sweep.json"));
    assertThat(summary).contains("\"objective\" : \"pareto-size\"", "\"ranOn\" : \"in-process\"",
        "\"pick\" : \"s1_shrink.factor-0.25_compile.enabled-true\"");
    assertThat(out.toString()).contains("sweep: 4 done, 0 failed, 0 skipped; pick: s1_shrink.factor-0.25_compile.enabled-true "
        + "(pareto-size: ");
  }

  @Test
  void aFailingBranchIsReportedAndTheSweepGoesOn() throws IOException {
    Path file = Files.writeString(dir.resolve("demo.yaml"), """
        name: demo
        data: {source: fake, rows: 4}
        model: {file: base.zip}
        stages:
          - {type: fake.scale, name: shrink, factor: 0.5}
          - {type: fake.fail, name: bad, message: "no such combination"}
        sweep:
          parameters:
            shrink.factor: [0.25, 0.5]
            bad.enabled: [false, true]
          budget: {maxAccuracyDrop: 50, maxWallSeconds: 3600}
          objective: smallest-within-budget
        """);

    assertThat(execute("run", file.toString(), "--out", dir.resolve("out").toString(), "--no-cache"))
        .as(err.toString()).isZero();

    assertThat(out.toString()).contains("branch s2_shrink.factor-0.25_bad.enabled-true: failed: stage 'bad': "
        + "no such combination", "sweep: 2 done, 2 failed, 0 skipped; pick: ");
    String md = Files.readString(dir.resolve("out/sweep.md"));
    assertThat(md).contains("4 branches (grid), objective smallest-within-budget, ran in-process, 0 tasks retried.",
        "| s1_shrink.factor-0.25_bad.enabled-false | done |  |\n"
        + "| s2_shrink.factor-0.25_bad.enabled-true | failed | stage 'bad': no such combination |\n"
        + "| s3_shrink.factor-0.5_bad.enabled-false | done |  |\n"
        + "| s4_shrink.factor-0.5_bad.enabled-true | failed | stage 'bad': no such combination |\n");
    assertThat(Files.readString(dir.resolve("out/sweep.json"))).contains("\"status\" : \"failed\"",
        "\"message\" : \"stage 'bad': no such combination\"", "\"maxWallSeconds\" : 3600");
    assertThat(Files.readString(dir.resolve("out/comparison.md"))).contains(
        "| s4_shrink.factor-0.5_bad.enabled-true | failed | stage 'bad': no such combination |");
  }

  @Test
  void runRefusesMoreThanTheMaximumOfBranchesWithoutAllowLarge() throws IOException {
    Path file = Files.writeString(dir.resolve("demo.yaml"), RECIPE.replace("{from: 0.25, to: 0.5, step: 0.25}",
        "{from: 0.001, to: 1, step: 0.001}"));

    assertThat(execute("run", file.toString(), "--out", dir.resolve("out").toString(), "--no-cache")).isEqualTo(2);
    assertThat(err.toString()).contains("demo.yaml:8: sweep.parameters: expands to 2000 branches, more than the "
        + "maximum of 1000 (--allow-large allows up to 100000); use mode: random with trials: N");
    assertThat(dir.resolve("out")).doesNotExist();

    assertThat(execute("validate", file.toString(), "--allow-large")).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith(file + ": ok, recipe 'demo', seed 42, a sweep expanding into 2000 "
        + "branches\n");
  }
}
