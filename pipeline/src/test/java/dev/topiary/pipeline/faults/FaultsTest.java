package dev.topiary.pipeline.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a user meets: two runs racing for one output folder, kill -9 in the middle of a run, and
 * a long recipe's memory. Each runs the real command line in JVMs of its own.
 */
@Tag("faults")
class FaultsTest {

  private static final String TINY = """
      data: {source: fashion-mnist-sample, trainLimit: 300, testLimit: 100}
      model:
        train: {architecture: mlp, hidden: [16], epochs: 2, batchSize: 32}
      measure: {batchSizes: [1], warmup: 1, warmupMillis: 0, iterations: 5}
      stages:
        - {type: prune.magnitude, sparsity: 0.5}
        - {type: finetune, epochs: 2, batchSize: 32}
        - {type: prune.strip}
      """;

  @TempDir
  Path dir;

  @Test
  void twoRunsIntoOneOutputFolderAtOnceExactlyOneWins() throws Exception {
    Path recipe = Files.writeString(dir.resolve("tiny.yaml"), TINY);
    Path out = dir.resolve("out");

    CliProcess first = CliProcess.start(dir.resolve("first.txt"), "run", recipe.toString(), "--out", out.toString());
    CliProcess second = CliProcess.start(dir.resolve("second.txt"), "run", recipe.toString(), "--out", out.toString());
    int a = first.exitCode(180);
    int b = second.exitCode(180);

    assertThat(List.of(a, b)).as(first.console() + "\n---\n" + second.console()).containsExactlyInAnyOrder(0, 2);
    String loser = a == 2 ? first.console() : second.console();
    assertThat(loser).contains("error: output folder " + out).doesNotContain("Exception");
    assertThat(out.resolve("report.json")).exists();
    assertThat(hidden()).isEmpty();
  }

  @Test
  void killMinusNineAtARandomPointLeavesNoOutputFolder() throws Exception {
    Path recipe = Files.writeString(dir.resolve("tiny.yaml"), TINY);
    Path out = dir.resolve("out");
    // how long a whole run takes on this machine, so that the kills land inside a run however fast it is
    long began = System.nanoTime();
    CliProcess timed = CliProcess.start(dir.resolve("timed.txt"), "run", recipe.toString(), "--out",
        dir.resolve("timed-out").toString());
    assertThat(timed.exitCode(180)).as(timed.console()).isZero();
    long wholeRunMillis = (System.nanoTime() - began) / 1_000_000;
    Random random = new Random(12);
    List<Long> killed = new ArrayList<>();
    for (int iteration = 0; iteration < 3; iteration++) {
      CliProcess run = CliProcess.start(dir.resolve("kill-" + iteration + ".txt"), "run", recipe.toString(),
          "--out", out.toString());
      // a seeded point between 10 % and 80 % of a whole run: JVM start, data, training, measuring, writing
      long delayMillis = (long) (wholeRunMillis * (0.1 + 0.7 * random.nextDouble()));
      boolean ended = run.process().waitFor(delayMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
      assumeTrue(!ended, "the run ended before it could be killed at " + delayMillis + " ms of a "
          + wholeRunMillis + " ms run");
      run.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
      run.process().waitFor();
      killed.add(run.process().pid());
      assertThat(out).as("after kill -9 at %d ms", delayMillis).doesNotExist();
    }

    CliProcess last = CliProcess.start(dir.resolve("last.txt"), "run", recipe.toString(), "--out", out.toString());
    int code = last.exitCode(180);

    assertThat(code).as(last.console()).isZero();
    assertThat(out.resolve("model.zip")).exists();
    // the killed runs' staging folders are removed by the next run into the same folder, which says so
    assertThat(hidden()).isEmpty();
    for (long pid : killed) {
      if (last.console().contains(".staging-" + pid + "-")) {
        assertThat(last.console()).contains("left by process " + pid + ", which is no longer running");
      }
    }
  }

  @Test
  void aTwentyStageRecipeKeepsItsResidentMemoryFlat() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs /proc to read the resident set size");
    StringBuilder yaml = new StringBuilder("""
        data: {source: fashion-mnist-sample, trainLimit: 300, testLimit: 100}
        model:
          train: {architecture: mlp, hidden: [64], epochs: 1, batchSize: 32}
        measure: {batchSizes: [1], warmup: 1, warmupMillis: 0, iterations: 5}
        stages:
        """);
    for (int i = 0; i < 10; i++) {
      yaml.append("  - {type: prune.magnitude, sparsity: ").append(String.format("%.2f", 0.05 * (i + 1)))
          .append("}\n  - {type: finetune, epochs: 1, batchSize: 32}\n");
    }
    Path recipe = Files.writeString(dir.resolve("long.yaml"), yaml.toString());
    CliProcess run = CliProcess.start(dir.resolve("long.txt"), "run", recipe.toString(), "--out",
        dir.resolve("out").toString());
    List<Long> samples = new ArrayList<>();
    List<Integer> stagesDone = new ArrayList<>();
    while (run.process().isAlive()) {
      long rss = run.residentKilobytes();
      if (rss > 0) {
        samples.add(rss);
        stagesDone.add(countStageRows(run.console()));
      }
      Thread.sleep(100);
    }
    int code = run.exitCode(10);

    assertThat(code).as(run.console()).isZero();
    long early = peak(samples, stagesDone, 2, 6);
    long late = peak(samples, stagesDone, 16, 20);
    System.out.printf("RSS peak while stages 3-6 ran: %d KB; while stages 17-20 ran: %d KB; %d samples%n", early,
        late, samples.size());
    assertThat(early).as("peak RSS (KB) while stages 3-6 ran").isPositive();
    assertThat(late).as("peak RSS (KB) while stages 17-20 ran").isPositive();
    // flat: the last stages take no more than a tenth more memory (plus 32 MB of slack) than the early ones
    assertThat(late).as("peak RSS (KB) while stages 17-20 ran; early: %d KB", early)
        .isLessThanOrEqualTo(early + early / 10 + 32 * 1024);
  }

  /** Stage rows printed so far: table lines that start with a stage type. */
  private static int countStageRows(String console) {
    return (int) console.lines().filter(line -> line.startsWith("prune.magnitude") || line.startsWith("finetune"))
        .count();
  }

  private static long peak(List<Long> samples, List<Integer> done, int from, int to) {
    long peak = -1;
    for (int i = 0; i < samples.size(); i++) {
      if (done.get(i) >= from && done.get(i) < to) {
        peak = Math.max(peak, samples.get(i));
      }
    }
    return peak;
  }

  private List<String> hidden() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith(".")).toList();
    }
  }
}
