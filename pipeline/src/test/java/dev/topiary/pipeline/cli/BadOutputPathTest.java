package dev.topiary.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pipeline.run.BaselineBuilder;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Output paths that cannot be used, and Topiary's own faults: exit codes and messages. */
class BadOutputPathTest {

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
  private final AtomicInteger baselines = new AtomicInteger();

  private int execute(BaselineBuilder baseline, String... args) {
    CommandEnvironment fakes = TestEnvironment.commandEnvironment();
    CommandEnvironment environment = new CommandEnvironment(fakes.stageRegistry(), fakes.json(), baseline,
        fakes.measurer(), ProgressReporter.NONE, fakes.clock());
    CommandLine commandLine = TopiaryCommand.commandLine(environment);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    return commandLine.execute(args);
  }

  private int execute(String... args) {
    BaselineBuilder counting = (spec, data, base, seed, progress) -> {
      baselines.incrementAndGet();
      return TestEnvironment.BASELINE.build(spec, data, base, seed, progress);
    };
    return execute(counting, args);
  }

  private Path recipe(String yaml) throws IOException {
    return Files.writeString(dir.resolve("recipe.yaml"), yaml);
  }

  @Test
  void outputUnderARegularFileExitsWithTwoBeforeTheBaseline() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "a file");
    Path target = file.resolve("sub").resolve("out");

    int code = execute("run", recipe(RECIPE).toString(), "--out", target.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: output folder " + target + " cannot be created: " + file
        + " is a file, not a folder\n");
    assertThat(baselines).hasValue(0);
    assertThat(file).hasContent("a file");
  }

  @Test
  void outputNameTooLongForTheFileSystemExitsWithTwo() throws IOException {
    Path target = dir.resolve("o".repeat(240));

    int code = execute("run", recipe(RECIPE).toString(), "--out", target.toString());

    assertThat(code).isEqualTo(2);
    String shown = target.toString().substring(0, 60) + "… (" + target.toString().length() + " characters)";
    assertThat(err.toString()).isEqualTo("error: output folder " + shown + ": its name is 240 bytes long, at most"
        + " 217 fit (the file system allows 255 per name, and the run needs room for its hidden staging folder"
        + " beside it); use a shorter --out or recipe name\n");
    assertThat(baselines).hasValue(0);
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("recipe.yaml");
    }
  }

  @Test
  void unwritablePlaceExitsWithTwoWithoutAClassName() throws IOException {
    // /sys refuses new folders even to root; a permission check alone would not catch it there
    assumeTrue(Files.isDirectory(Path.of("/sys/kernel")));
    Path target = Path.of("/sys/topiary-test-output");

    int code = execute("run", recipe(RECIPE).toString(), "--out", target.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: output folder /sys/topiary-test-output cannot be created")
        .doesNotContain("Exception").doesNotContain("staging").endsWith("\n");
    assertThat(baselines).hasValue(0);
  }

  @Test
  void validateRejectsANameOfAQuarterMillionCharacters() throws IOException {
    Path file = recipe("name: " + "n".repeat(250_000) + "\n" + RECIPE);

    int code = execute("validate", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: recipe has 1 problem:\n  " + file
        + ":1: name: must be at most 200 characters long (it names a folder), got 250000 characters\n");
  }

  @Test
  void aLongButValidRecipeNameStillFitsTheDefaultOutputFolder() throws IOException {
    Path file = recipe("name: " + "n".repeat(200) + "\n" + RECIPE);
    Path target = dir.resolve("n".repeat(200) + "-20240501-120000");

    int code = execute("run", file.toString(), "--out", target.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(target.resolve("report.json")).exists();
  }

  @Test
  void topiarysOwnFaultExitsWithOneAndAsksForABugReport() throws IOException {
    BaselineBuilder broken = (spec, data, base, seed, progress) -> {
      throw new IllegalStateException(new java.io.EOFException());
    };

    int code = execute(broken, "run", recipe(RECIPE).toString(), "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("error: internal error (a fault in Topiary, not in your input): the file"
        + " ends too early (is it truncated?); please report it with the output of the same command run with"
        + " --verbose\n");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
