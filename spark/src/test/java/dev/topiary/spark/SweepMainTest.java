package dev.topiary.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
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

  @Test
  void aMasterThatRefusesExitsTwoAtOnceBeforeAnyTraining() throws Exception {
    Path recipe = Files.writeString(dir.resolve("tiny.yaml"), SparkSweepTest.RECIPE);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort(); // closed again below: nothing listens there
    }

    assertThat(execute(recipe.toString(), "--master", "spark://127.0.0.1:" + port, "--out",
        dir.resolve("out").toString(), "--cache-dir", dir.resolve("cache").toString())).isEqualTo(2);

    assertThat(err.toString()).startsWith("error: cannot reach the Spark master spark://127.0.0.1:" + port
        + ": 127.0.0.1:" + port + " refused the connection (connection refused)")
        .endsWith("; start the master (sbin/start-master.sh) or check the URL, or give --master local[N] to run "
            + "embedded\n");
    assertThat(dir.resolve("cache")).doesNotExist();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aMasterHostThatDoesNotResolveExitsTwo() throws Exception {
    Path recipe = Files.writeString(dir.resolve("tiny.yaml"), SparkSweepTest.RECIPE);

    assertThat(execute(recipe.toString(), "--master", "spark://no-such-host.invalid:7077", "--out",
        dir.resolve("out").toString(), "--cache-dir", dir.resolve("cache").toString())).isEqualTo(2);

    assertThat(err.toString()).isEqualTo("error: cannot reach the Spark master spark://no-such-host.invalid:7077: "
        + "no-such-host.invalid:7077 does not resolve (unknown host); start the master (sbin/start-master.sh) or "
        + "check the URL, or give --master local[N] to run embedded\n");
    assertThat(dir.resolve("cache")).doesNotExist();
  }

  @Test
  void aSparkMasterWithoutAPortExitsTwo() throws Exception {
    Path recipe = Files.writeString(dir.resolve("tiny.yaml"), SparkSweepTest.RECIPE);

    assertThat(execute(recipe.toString(), "--master", "spark://somewhere", "--out",
        dir.resolve("out").toString())).isEqualTo(2);

    assertThat(err.toString()).isEqualTo("error: --master spark://somewhere: expected spark://HOST:PORT (e.g. "
        + "spark://host:7077), got 'somewhere'\n");
  }

  @Test
  void moreThanTheMaximumOfBranchesNeedsAllowLarge() throws Exception {
    Path recipe = Files.writeString(dir.resolve("large.yaml"), SparkSweepTest.RECIPE
        .replace("mode: random\n  trials: 3\n  seed: 3\n  ", "")
        .replace("prune.sparsity: [0.5, 0.9]", "prune.sparsity: {from: 0.001, to: 0.9, step: 0.001}"));

    assertThat(execute(recipe.toString(), "--master", "local[1]", "--out", dir.resolve("out").toString()))
        .isEqualTo(2);

    assertThat(err.toString()).contains("large.yaml:11: sweep.parameters: expands to 1800 branches, more than the "
        + "maximum of 1000 (--allow-large allows up to 100000); use mode: random with trials: N");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aPortThatAcceptsButIsNoSparkMasterExitsTwoAfterTheRegistrationTimeout() throws Exception {
    Path recipe = Files.writeString(dir.resolve("tiny.yaml"), SparkSweepTest.RECIPE);
    // accepts connections (the kernel's backlog) and never answers, as another service's port might
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = silent.getLocalPort();
      System.setProperty(SparkSweep.REGISTRATION_PROPERTY, "2");
      try {
        assertThat(execute(recipe.toString(), "--master", "spark://127.0.0.1:" + port, "--out",
            dir.resolve("out").toString(), "--cache-dir", dir.resolve("cache").toString())).isEqualTo(2);
      } finally {
        System.clearProperty(SparkSweep.REGISTRATION_PROPERTY);
      }

      assertThat(err.toString()).isEqualTo("error: the Spark master spark://127.0.0.1:" + port + " accepts "
          + "connections but did not register this application within 2 s; is it a Spark master's port (7077 by "
          + "default, not the web UI's 8080)? Check the URL, or give --master local[N] to run embedded\n");
      assertThat(dir.resolve("cache")).doesNotExist();
    }
  }
}
