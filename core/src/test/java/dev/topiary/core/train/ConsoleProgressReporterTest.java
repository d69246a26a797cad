package dev.topiary.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressReporterTest {

  @Test
  void withoutAConsolePrintsOneLinePerFinishedTask() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    ProgressReporter reporter = new ConsoleProgressReporter(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), false, clock::get);
    try (ProgressReporter.ProgressTask task = reporter.start("train", 120, "batch")) {
      task.step(100);
      task.status("epoch 9/10 loss 0.3000");
      task.step(20);
      task.status("epoch 10/10 loss 0.2412");
      clock.addAndGet(3_200_000_000L);
    }
    try (ProgressReporter.ProgressTask task = reporter.start("calibrate", 0, "row")) {
      task.step(5);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
        "train: 120/120 batch in 3.2 s (37.5 batch/s), epoch 10/10 loss 0.2412" + System.lineSeparator()
            + "calibrate: 5 row in 0.0 s" + System.lineSeparator());
  }

  @Test
  void onAConsoleDrawsAnAsciiBarWithLabelStepsAndStatus() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressReporter reporter = new ConsoleProgressReporter(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), true, System::nanoTime);
    try (ProgressReporter.ProgressTask task = reporter.start("train", 10, "batch")) {
      task.step(10);
      task.status("loss 0.5000");
    }
    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertThat(shown).contains("train", "10/10", "batch", "loss 0.5000");
    assertThat(shown.chars().allMatch(c -> c < 128)).as("ASCII only: %s", shown).isTrue();
  }
}
