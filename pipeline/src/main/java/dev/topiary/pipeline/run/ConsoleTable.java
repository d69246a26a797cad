package dev.topiary.pipeline.run;

import dev.topiary.core.measure.Metrics;
import dev.topiary.pipeline.report.MetricsTable;
import java.io.PrintWriter;
import java.util.List;

/** Prints the report's table to the console one row at a time, as each stage finishes. */
final class ConsoleTable {

  private static final int STAGE_WIDTH = 20;
  private static final int CELL_WIDTH = 12;

  private final PrintWriter out;

  ConsoleTable(PrintWriter out) {
    this.out = out;
  }

  void header(Metrics baseline) {
    print(MetricsTable.headers(baseline));
  }

  void row(String stage, Metrics metrics, Metrics baseline, Long elapsedMillis) {
    print(MetricsTable.row(stage, metrics, baseline, elapsedMillis));
  }

  private void print(List<String> cells) {
    StringBuilder line = new StringBuilder();
    String first = cells.get(0);
    line.append(first.length() > STAGE_WIDTH ? first.substring(0, STAGE_WIDTH - 1) + "…" : first);
    line.append(" ".repeat(Math.max(0, STAGE_WIDTH - Math.min(first.length(), STAGE_WIDTH))));
    for (String cell : cells.subList(1, cells.size())) {
      line.append(" ".repeat(Math.max(1, CELL_WIDTH - cell.length()))).append(cell);
    }
    out.println(line);
    out.flush();
  }
}
