package dev.topiary.core.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on standard error: on a terminal, an ASCII progress bar per task with its label, steps,
 * rate and status (the running loss), redrawn in place four times a second; when standard error is
 * not a terminal (CI logs, redirected output), one plain line per finished task instead, e.g.
 * {@code train: 120/120 batch in 3.2 s (37.5 batch/s), epoch 10/10 loss 0.2412}.
 */
public final class ConsoleProgressReporter implements ProgressReporter {

  private static final int UPDATE_INTERVAL_MILLIS = 250;

  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier nanoClock;

  /** Reports to {@code System.err}, with bars only if the JVM has a console. */
  public ConsoleProgressReporter() {
    this(System.err, System.console() != null, System::nanoTime);
  }

  ConsoleProgressReporter(PrintStream out, boolean interactive, LongSupplier nanoClock) {
    this.out = out;
    this.interactive = interactive;
    this.nanoClock = nanoClock;
  }

  /** Starts a task; its bar (or its line) ends when the task is closed. */
  @Override
  public ProgressTask start(String label, long total, String unit) {
    return interactive ? new BarTask(label, total, unit, out) : new LineTask(label, total, unit);
  }

  /** A redrawn progress bar: label, percentage, steps, rate, elapsed time and status. */
  private static final class BarTask implements ProgressTask {

    private final ProgressBar bar;

    BarTask(String label, long total, String unit, PrintStream out) {
      bar = new ProgressBarBuilder()
          .setTaskName(label)
          .setInitialMax(total > 0 ? total : -1)
          .setUnit(" " + unit, 1)
          .showSpeed()
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(UPDATE_INTERVAL_MILLIS)
          .setConsumer(new InteractiveConsoleProgressBarConsumer(out))
          .build();
    }

    @Override
    public void step(long steps) {
      bar.stepBy(steps);
    }

    @Override
    public void status(String status) {
      bar.setExtraMessage(status);
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  /** Counts quietly and prints one summary line when closed. */
  private final class LineTask implements ProgressTask {

    private final String label;
    private final long total;
    private final String unit;
    private final long startNanos;
    private long done;
    private String status = "";
    private boolean closed;

    LineTask(String label, long total, String unit) {
      this.label = label;
      this.total = total;
      this.unit = unit;
      this.startNanos = nanoClock.getAsLong();
    }

    @Override
    public void step(long steps) {
      done += steps;
    }

    @Override
    public void status(String status) {
      this.status = status == null ? "" : status;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      double seconds = (nanoClock.getAsLong() - startNanos) / 1e9;
      String count = total > 0 ? done + "/" + total : Long.toString(done);
      String rate = seconds > 0 ? String.format(Locale.ROOT, " (%.1f %s/s)", done / seconds, unit) : "";
      out.println(String.format(Locale.ROOT, "%s: %s %s in %.1f s%s%s", label, count, unit, seconds, rate,
          status.isEmpty() ? "" : ", " + status));
      out.flush();
    }
  }
}
