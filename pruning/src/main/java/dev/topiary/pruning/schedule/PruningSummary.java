package dev.topiary.pruning.schedule;

import dev.topiary.core.io.AtomicFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What one gradual pruning step did to one layer (the counterpart of tfmot's
 * {@code PruningSummaries}): one row of the summaries CSV.
 *
 * @param step the training step pruned at (0-based update index, see {@link PruningSchedule})
 * @param targetSparsity the schedule's sparsity at this step
 * @param overallSparsity pruned entries over all selected entries, after this step
 * @param layer the layer's index
 * @param layerName the layer's DL4J name
 * @param weights selected entries of the layer
 * @param pruned entries of the layer masked after this step (including earlier steps)
 * @param layerSparsity {@code pruned / weights}
 * @param threshold the largest pruned score of the layer's ranking (the shared one with global
 *     scope); null when nothing was ranked out
 */
public record PruningSummary(long step, double targetSparsity, double overallSparsity, int layer, String layerName,
    long weights, long pruned, double layerSparsity, Double threshold) {

  /** The CSV header {@link #writeCsv} writes. */
  public static final String CSV_HEADER =
      "step,targetSparsity,overallSparsity,layer,layerName,weights,pruned,layerSparsity,threshold";

  /**
   * This row as CSV: numbers as {@link Double#toString}/{@link Long#toString} write them, an empty
   * cell for a null threshold, and the layer name quoted (RFC 4180) if it holds a comma, a quote
   * or a line break.
   */
  public String csvRow() {
    return step + "," + targetSparsity + "," + overallSparsity + "," + layer + "," + AtomicFileWriter.csvField(layerName) + ","
        + weights + "," + pruned + "," + layerSparsity + "," + (threshold == null ? "" : threshold.toString());
  }

  /**
   * Writes {@link #CSV_HEADER} and one {@link #csvRow()} per summary, each line ending in
   * {@code \n}, UTF-8. The file is written next to {@code file} under a temporary name and then
   * moved into place (atomically where the file system allows), so readers never see half a file.
   *
   * @throws IOException if the file cannot be written; the temporary file is removed
   */
  public static void writeCsv(List<PruningSummary> summaries, Path file) throws IOException {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
    for (PruningSummary summary : summaries) {
      csv.append(summary.csvRow()).append('\n');
    }
    AtomicFileWriter.writeString(file, csv.toString());
  }
}
