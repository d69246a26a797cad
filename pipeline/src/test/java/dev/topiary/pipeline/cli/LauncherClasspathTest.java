package dev.topiary.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command line in a separate JVM on exactly the runtime classpath the launcher uses (the
 * tests themselves run on the test classpath, which may hold libraries the runtime one lacks, as
 * happened once with a test-scoped copy of commons-math3 that ND4J needs at run time).
 */
class LauncherClasspathTest {

  private static final String RECIPE = """
      data: {source: fashion-mnist-sample, trainLimit: 500, testLimit: 200}
      model:
        train: {architecture: mlp, hidden: [16], epochs: 1}
      measure: {warmupMillis: 0, iterations: 5}
      stages:
        - {type: prune.magnitude, sparsity: 0.5}
        - {type: prune.strip}
      """;

  @TempDir
  Path dir;

  @Test
  void aRecipeRunsOnTheRuntimeClasspathAlone() throws IOException, InterruptedException {
    Path classpathFile = Path.of("target", "runtime-classpath.txt");
    assertThat(classpathFile).as("written by the pipeline pom before the tests").exists();
    String runtime = Files.readString(classpathFile).strip();
    assertThat(runtime).doesNotContain("junit", "assertj", "jmh");
    Path recipe = Files.writeString(dir.resolve("tiny.yaml"), RECIPE);
    Path out = dir.resolve("out");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.awt.headless=true", "-cp", Path.of("target", "classes") + java.io.File.pathSeparator + runtime,
        "dev.topiary.pipeline.cli.TopiaryCommand", "run", recipe.toString(), "--out", out.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("console.txt").toFile());
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process process = builder.start();
    boolean finished = process.waitFor(180, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String console = Files.readString(dir.resolve("console.txt"));
    assertThat(finished).as(console).isTrue();
    assertThat(process.exitValue()).as(console).isZero();
    assertThat(out.resolve("report.json")).exists();
    assertThat(console).contains("prune.magnitude", "prune.strip");
  }
}
