package dev.topiary.pruning.sensitivity;

import dev.topiary.core.io.AtomicFileWriter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.pruning.Scope;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a {@link SensitivityTable} as {@value #CSV_FILE}, {@value #CHART_FILE} and
 * {@value #OVERRIDES_FILE}: a table for spreadsheets, a chart of accuracy against sparsity with one
 * line per layer, and a {@code prune.magnitude} stage entry a recipe can use as it is.
 *
 * <p>Charts are drawn into an image with XChart and need no display; on a machine without one, run
 * with {@code -Djava.awt.headless=true}.
 */
public final class SensitivityOutputs {

  /** The table: {@code layer,layerName,sparsity,accuracy,loss}, one row per point. */
  public static final String CSV_FILE = "sensitivity.csv";
  /** The chart, PNG. */
  public static final String CHART_FILE = "sensitivity.png";
  /** The recipe entry, YAML. */
  public static final String OVERRIDES_FILE = "sensitivity-overrides.yaml";

  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;

  private SensitivityOutputs() {}

  /**
   * The table as CSV: a header line, then one line per point in table order; numbers as Java writes
   * doubles (shortest exact form), text quoted when it holds a comma, quote or line break.
   */
  public static String csv(SensitivityTable table) {
    StringBuilder out = new StringBuilder("layer,layerName,sparsity,accuracy,loss\n");
    for (SensitivityPoint point : table.points()) {
      out.append(point.layer()).append(',').append(AtomicFileWriter.csvField(point.layerName())).append(',')
          .append(point.sparsity()).append(',').append(point.accuracy()).append(',').append(point.loss())
          .append('\n');
    }
    return out.toString();
  }

  /**
   * A recipe's {@code stages:} list with one {@code prune.magnitude} entry that prunes each analysed
   * layer to its {@link SensitivityTable#allowedSparsities allowed sparsity}: {@code layers} names
   * them and {@code overrides} gives each its sparsity ({@code sparsity: 0.0} is only the required
   * base amount, which the overrides replace for every selected layer). The list is indented as
   * under a recipe's {@code stages:} key, so it can be pasted there; a comment header says where the
   * numbers come from.
   *
   * @throws IllegalArgumentException if {@code maxAccuracyDrop} is negative
   */
  public static String overridesYaml(SensitivityTable table, double maxAccuracyDrop) {
    Map<Integer, Double> allowed = table.allowedSparsities(maxAccuracyDrop);
    List<String> layers = new ArrayList<>();
    Map<String, Double> overrides = new LinkedHashMap<>();
    for (SensitivityLayer layer : table.layers()) {
      layers.add(layer.selector());
      overrides.put(layer.selector(), allowed.get(layer.index()));
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("type", "prune.magnitude");
    entry.put("sparsity", 0.0);
    entry.put("scope", Scope.LAYER.recipeName());
    entry.put("layers", layers);
    entry.put("overrides", overrides);
    String header = "# prune.magnitude from a sensitivity analysis: each layer at the largest sparsity that alone\n"
        + "# cost at most " + maxAccuracyDrop + " accuracy (dense " + table.denseAccuracy() + " on " + table.examples()
        + " examples, " + table.evaluatedOn() + ").\n"
        + "# Layers pruned together lose more than each alone: fine-tune afterwards.\n";
    ObjectMapper yaml = TopiaryJson.create().yaml();
    try {
      return header + yaml.writeValueAsString(List.of(entry));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the overrides as YAML", e);
    }
  }

  /** The chart: accuracy against sparsity, one line per layer, and the dense accuracy as a dashed line. */
  public static XYChart chart(SensitivityTable table) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Pruning sensitivity: each layer pruned alone by magnitude")
        .xAxisTitle("sparsity of the layer").yAxisTitle("accuracy (" + table.evaluatedOn() + ")").build();
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    List<Double> sparsities = table.sparsities();
    double[] x = sparsities.stream().mapToDouble(Double::doubleValue).toArray();
    for (SensitivityLayer layer : table.layers()) {
      double[] y = table.pointsOf(layer.index()).stream().mapToDouble(SensitivityPoint::accuracy).toArray();
      chart.addSeries(layer.index() + " " + layer.name() + " (" + layer.type() + ")", x, y);
    }
    double dense = table.denseAccuracy();
    XYSeries reference = chart.addSeries(String.format(Locale.ROOT, "dense %.4f", dense),
        new double[] {x[0], x[x.length - 1]}, new double[] {dense, dense});
    reference.setMarker(SeriesMarkers.NONE);
    reference.setLineColor(Color.GRAY);
    reference.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f));
    return chart;
  }

  /** The chart as PNG bytes. */
  public static byte[] chartPng(SensitivityTable table) {
    try {
      return BitmapEncoder.getBitmapBytes(chart(table), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the sensitivity chart", e);
    }
  }

  /**
   * Writes the three files into {@code directory}, each through a temporary file and an atomic
   * move, so a reader never sees half a file.
   *
   * @return the written files: CSV, chart, overrides
   * @throws IOException if a file cannot be written
   */
  public static List<Path> write(SensitivityTable table, double maxAccuracyDrop, Path directory) throws IOException {
    String yaml = overridesYaml(table, maxAccuracyDrop);
    Path csv = directory.resolve(CSV_FILE);
    Path chart = directory.resolve(CHART_FILE);
    Path overrides = directory.resolve(OVERRIDES_FILE);
    AtomicFileWriter.write(csv, csv(table).getBytes(StandardCharsets.UTF_8));
    AtomicFileWriter.write(chart, chartPng(table));
    AtomicFileWriter.write(overrides, yaml.getBytes(StandardCharsets.UTF_8));
    return List.of(csv, chart, overrides);
  }

}
