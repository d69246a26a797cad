package dev.topiary.pipeline.html;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The charts of the HTML reports, drawn by XChart and encoded as PNG data URIs. */
final class ReportCharts {

  static final int WIDTH = 640;
  static final int HEIGHT = 400;

  /** One model on an accuracy chart. */
  record Point(String label, double cost, double accuracy) {}

  private ReportCharts() {}

  /**
   * Accuracy against a cost (gzip KB or batch-1 µs): one marker per model and the Pareto front
   * (higher accuracy, lower cost) as a line through the models on it.
   */
  static XYChart accuracyAgainst(String title, String costAxis, List<Point> points) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(costAxis)
        .yAxisTitle("top-1 accuracy").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(10);
    List<Point> front = pareto(points);
    if (crowded(points)) {
      groupedSeries(chart, points, front);
    } else {
      for (Point point : points) {
        if (Double.isFinite(point.cost())) {
          chart.addSeries(point.label(), new double[] {point.cost()}, new double[] {point.accuracy()});
        }
      }
    }
    if (front.size() > 1) {
      XYSeries line = chart.addSeries("Pareto front", front.stream().mapToDouble(Point::cost).toArray(),
          front.stream().mapToDouble(Point::accuracy).toArray());
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setMarker(SeriesMarkers.NONE);
      line.setLineColor(Color.DARK_GRAY);
      line.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
          new float[] {6f, 4f}, 0f));
    }
    return chart;
  }

  /** More models, or longer names, than one legend entry per model leaves room for (a sweep). */
  static boolean crowded(List<Point> points) {
    return points.size() > MAX_LEGEND_ENTRIES
        || points.stream().anyMatch(point -> point.label().length() > MAX_LEGEND_LABEL);
  }

  /** Models one legend entry each, at most. */
  static final int MAX_LEGEND_ENTRIES = 10;

  /** The longest name a legend entry shows. */
  static final int MAX_LEGEND_LABEL = 40;

  /**
   * Three series instead of one per model: the baseline, the models on the Pareto front (each
   * labelled with {@link #shortLabel}) and the others; the report's table names every model.
   */
  private static void groupedSeries(XYChart chart, List<Point> points, List<Point> front) {
    List<Point> finite = points.stream().filter(p -> Double.isFinite(p.cost())).toList();
    List<Point> baseline = finite.stream().filter(p -> p.label().equals("baseline")).toList();
    List<Point> onFront = finite.stream().filter(p -> front.contains(p) && !baseline.contains(p)).toList();
    List<Point> others = finite.stream().filter(p -> !front.contains(p) && !baseline.contains(p)).toList();
    addGroup(chart, "baseline", baseline, SeriesMarkers.DIAMOND, Color.BLACK);
    addGroup(chart, "on the Pareto front (" + onFront.size() + ")", onFront, SeriesMarkers.CIRCLE,
        new Color(0xC0392B));
    addGroup(chart, "other models (" + others.size() + ")", others, SeriesMarkers.CIRCLE, new Color(0x7F8C8D));
    for (Point point : onFront) {
      chart.addAnnotation(new org.knowm.xchart.AnnotationText(shortLabel(point.label()), point.cost(),
          point.accuracy(), false));
    }
  }

  private static void addGroup(XYChart chart, String name, List<Point> group, org.knowm.xchart.style.markers.Marker marker,
      Color color) {
    if (group.isEmpty()) {
      return;
    }
    XYSeries series = chart.addSeries(name, group.stream().mapToDouble(Point::cost).toArray(),
        group.stream().mapToDouble(Point::accuracy).toArray());
    series.setMarker(marker);
    series.setMarkerColor(color);
  }

  /** A sweep branch's number ({@code s14} of {@code s14_prune.sparsity-0.9}), else the name cut to 12 characters. */
  static String shortLabel(String label) {
    java.util.regex.Matcher sweep = java.util.regex.Pattern.compile("^(s\\d+)_").matcher(label);
    if (sweep.find()) {
      return sweep.group(1);
    }
    return label.length() <= 12 ? label : label.substring(0, 11) + "…";
  }

  /** The points no other point beats in both accuracy (higher) and cost (lower), by increasing cost. */
  static List<Point> pareto(List<Point> points) {
    List<Point> front = new ArrayList<>();
    for (Point p : points) {
      if (!Double.isFinite(p.cost())) {
        continue;
      }
      boolean dominated = points.stream().anyMatch(q -> q != p && Double.isFinite(q.cost())
          && q.accuracy() >= p.accuracy() && q.cost() <= p.cost()
          && (q.accuracy() > p.accuracy() || q.cost() < p.cost()));
      if (!dominated) {
        front.add(p);
      }
    }
    front.sort(Comparator.comparingDouble(Point::cost));
    return front;
  }

  /** One bar per model: {@code values} by label, in order. */
  static CategoryChart bars(String title, String axis, Map<String, Double> values) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(axis)
        .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.addSeries(axis, new ArrayList<>(values.keySet()), new ArrayList<>(values.values()));
    return chart;
  }

  /**
   * Bars grouped by category, one colour per series: {@code series} maps a series name (a stage,
   * a branch) to its value per category; a category a series lacks, or a NaN value, draws no bar.
   */
  static CategoryChart groupedBars(String title, String categoryAxis, String axis,
      Map<String, Map<String, Double>> series) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(categoryAxis).yAxisTitle(axis).build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.getStyler().setOverlapped(false);
    List<String> categories = new ArrayList<>();
    series.values().forEach(values -> values.keySet().stream().filter(c -> !categories.contains(c))
        .forEach(categories::add));
    series.forEach((name, values) -> {
      List<Double> y = new ArrayList<>();
      for (String category : categories) {
        Double value = values.get(category);
        y.add(value == null || value.isNaN() ? null : value);
      }
      chart.addSeries(name, categories, y);
    });
    return chart;
  }

  /** One line per series: loss against epoch (1-based). */
  static XYChart lossCurves(Map<String, List<Double>> curves) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Training loss of the stages that trained")
        .xAxisTitle("epoch").yAxisTitle("loss").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    curves.forEach((name, losses) -> {
      double[] x = new double[losses.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = i + 1;
      }
      chart.addSeries(name, x, losses.stream().mapToDouble(Double::doubleValue).toArray());
    });
    return chart;
  }

  /** {@code data:image/png;base64,…} of {@code chart}. */
  static String dataUri(Chart<?, ?> chart) {
    try {
      byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    } catch (IOException e) {
      throw new UncheckedIOException("a chart could not be drawn", e);
    }
  }
}
