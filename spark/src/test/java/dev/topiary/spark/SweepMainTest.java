package dev.topiary.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's bad input: exit 2 with the message, before any training. */
class SweepMainTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    return SweepMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void aBadSweepExitsTwoWithItsMessage() throws Exception {
    Path recipe = Files.writeString(dir.resolve("bad.yaml"), SparkSweepTest.RECIPE.replace("prune.sparsity:",
        "prune.sparsty:"));

    assertThat(execute(recipe.toString(), "--out", dir.resolve("out").toString())).isEqualTo(2);

    assertThat(err.toString()).contains("bad.yaml:15: sweep.parameters.prune.sparsty: stage 'prune' (prune.magnitude) "
        + "has no parameter 'sparsty'; its parameters: [count, enabled, granularity, includeBias, layers, "
        + "overrides, scope, skipFirst, skipLast, sparsity]");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aMissingRecipeExitsTwo() {
    assertThat(execute(dir.resolve("none.yaml").toString())).isEqualTo(2);

    assertThat(err.toString()).isEqualTo("error: " + dir.resolve("none.yaml") + ": no such file\n");
  }

  @Test
  void aMasterSparkCannotParseExitsTwo() throws Exception {
    Path recipe = Files.writeString(dir.resolve("tiny.yaml"), SparkSweepTest.RECIPE);

    assertThat(execute(recipe.toString(), "--master", "nowhere://x", "--out", dir.resolve("out").toString(),
        "--cache-dir", dir.resolve("cache").toString())).isEqualTo(2);

    assertThat(err.toString()).startsWith("error: cannot start Spark with master 'nowhere://x': ")
        .contains("give --master local[N], spark://HOST:PORT (reachable) or yarn");
    assertThat(dir.resolve("cache")).doesNotExist();
  }
}
