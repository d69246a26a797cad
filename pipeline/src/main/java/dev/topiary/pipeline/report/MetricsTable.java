package dev.topiary.pipeline.report;

import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns a person reads, shared by {@code report.md} and the console: stage, parameters,
 * non-zero parameters, file and gzip size in KB (1000 bytes), median latency in µs for each
 * measured batch size, accuracy, loss and stage time in seconds.
 */
public final class MetricsTable {

  private MetricsTable() {}

  /** The header cells; one latency column per batch size the baseline was timed at. */
  public static List<String> headers(Metrics baseline) {
    List<String> headers = new ArrayList<>(List.of("stage", "params", "non-zero", "file KB", "gzip KB"));
    for (LatencyStats stats : baseline.latency().values()) {
      headers.add("batch-" + stats.batchSize() + " p50 µs");
    }
    headers.addAll(List.of("accuracy", "loss", "time s"));
    return headers;
  }

  /**
   * One row: {@code elapsedMillis} is null for the baseline (shown as {@code –}). Latency cells
   * follow the baseline's batch sizes.
   */
  public static List<String> row(String stage, Metrics metrics, Metrics baseline, Long elapsedMillis) {
    List<String> cells = new ArrayList<>();
    cells.add(stage);
    cells.add(String.format(Locale.ROOT, "%,d", metrics.parameters()));
    cells.add(String.format(Locale.ROOT, "%,d", metrics.nonZeroParameters()));
    cells.add(kilobytes(metrics.fileBytes()));
    cells.add(kilobytes(metrics.gzipBytes()));
    for (String key : baseline.latency().keySet()) {
      LatencyStats stats = metrics.latency().get(key);
      cells.add(stats == null ? "–" : String.format(Locale.ROOT, "%.1f", stats.p50Micros()));
    }
    cells.add(String.format(Locale.ROOT, "%.4f", metrics.accuracy()));
    cells.add(String.format(Locale.ROOT, "%.4f", metrics.loss()));
    cells.add(elapsedMillis == null ? "–" : String.format(Locale.ROOT, "%.1f", elapsedMillis / 1000.0));
    return cells;
  }

  /** {@code ×0.31}: {@code value / base}, or {@code –} if the base is zero. */
  public static String ratio(double value, double base) {
    return base == 0 || Double.isNaN(base) || Double.isNaN(value) ? "–"
        : String.format(Locale.ROOT, "×%.2f", value / base);
  }

  private static String kilobytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1000.0);
  }
}
