package dev.topiary.core.train;

/**
 * Where long work reports progress. The command line shows a progress bar; tests and library users
 * who want silence use {@link #NONE}.
 */
public interface ProgressReporter {

  /** Reports nothing. */
  ProgressReporter NONE = (label, total, unit) -> new ProgressTask() {
    @Override
    public void step(long steps) {}

    @Override
    public void status(String status) {}

    @Override
    public void close() {}
  };

  /** Starts a task of {@code total} steps counted in {@code unit} (e.g. "batch"). */
  ProgressTask start(String label, long total, String unit);

  /** One task in progress; closing it ends its bar. */
  interface ProgressTask extends AutoCloseable {
    /** Advances the task by {@code steps}. */
    void step(long steps);

    /** Shows a short status beside the bar, e.g. {@code loss 0.4312}. */
    void status(String status);

    @Override
    void close();
  }
}
