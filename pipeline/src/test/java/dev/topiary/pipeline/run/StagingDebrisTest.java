package dev.topiary.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run removes the staging folders of its own output name that dead processes left behind. */
class StagingDebrisTest {

  private static final String RECIPE = """
      data: {source: fake, rows: 4}
      model: {file: base.zip}
      stages:
        - {type: fake.scale, factor: 0.5}
      """;

  @TempDir
  Path dir;

  private static long deadPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    long pid = process.pid();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    return pid;
  }

  @Test
  void staleStagingOfTheSameNameIsRemovedAndReported() throws Exception {
    long dead = deadPid();
    long self = ProcessHandle.current().pid();
    Path stale = Files.createDirectories(dir.resolve(".out.staging-" + dead + "-123").resolve("stages"));
    Files.writeString(stale.resolve("half-written.bin"), "x");
    Path live = Files.createDirectories(dir.resolve(".out.staging-" + self + "-456"));
    Path otherName = Files.createDirectories(dir.resolve(".other.staging-" + dead + "-789"));
    Path oldFormat = Files.createDirectories(dir.resolve(".out.staging-555"));
    Path recentOldFormat = Files.createDirectories(dir.resolve(".out.staging-666"));
    Files.setLastModifiedTime(oldFormat, FileTime.from(Instant.now().minusSeconds(7200)));
    StringWriter console = new StringWriter();
    PipelineRunner runner = TestEnvironment.commandEnvironment().runner(new PrintWriter(console));
    CompiledRecipe compiled = TestEnvironment.commandEnvironment().compiler()
        .compile(new RecipeReader(TestEnvironment.json()).parse(RECIPE, "r.yaml"), dir);

    runner.run(compiled, new RunOptions(dir.resolve("out"), false));

    assertThat(console.toString()).contains("removed the stale staging folder " + stale.getParent()
        + " (left by process " + dead + ", which is no longer running)\n");
    assertThat(console.toString()).contains("removed the stale staging folder " + oldFormat
        + " (left by an earlier run, untouched for over 1 hour)\n");
    assertThat(listing()).containsExactlyInAnyOrder(".other.staging-" + dead + "-789", ".out.staging-" + self + "-456",
        ".out.staging-666", "out");
    assertThat(live).exists();
    assertThat(otherName).exists();
    assertThat(recentOldFormat).exists();
  }

  @Test
  void theStagingFolderNameRecordsTheOwningProcess() {
    assertThat(StagingDebris.prefix(Path.of("runs", "demo")))
        .isEqualTo(".demo.staging-" + ProcessHandle.current().pid() + "-");
  }

  private Stream<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList().stream();
    }
  }
}
