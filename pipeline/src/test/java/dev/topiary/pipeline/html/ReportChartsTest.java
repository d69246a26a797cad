package dev.topiary.pipeline.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The accuracy charts: one legend entry per model for a few, three groups for a sweep's many. */
class ReportChartsTest {

  @Test
  void aFewModelsGetOneSeriesEach() {
    XYChart chart = ReportCharts.accuracyAgainst("t", "gzip KB", List.of(new ReportCharts.Point("baseline", 100, 0.9),
        new ReportCharts.Point("small", 10, 0.88), new ReportCharts.Point("worse", 50, 0.8)));

    assertThat(chart.getSeriesMap().keySet()).containsExactly("baseline", "small", "worse", "Pareto front");
  }

  @Test
  void aSweepsManyModelsAreGroupedAndTheFrontLabelledByNumber() {
    List<ReportCharts.Point> points = new ArrayList<>();
    points.add(new ReportCharts.Point("baseline", 1000, 0.90));
    for (int i = 1; i <= 12; i++) {
      // s01 … s12: smaller is less accurate, every one on the front, then one dominated model
      points.add(new ReportCharts.Point(String.format("s%02d_prune.sparsity-0.%d", i, i), 1000 - 50 * i,
          0.90 - 0.01 * i));
    }
    points.add(new ReportCharts.Point("s13_prune.sparsity-worse", 990, 0.5));

    XYChart chart = ReportCharts.accuracyAgainst("t", "gzip KB", points);

    assertThat(chart.getSeriesMap().keySet()).containsExactly("baseline", "on the Pareto front (12)",
        "other models (1)", "Pareto front");
    assertThat(ReportCharts.shortLabel("s14_method-gradual_gradual.finalSparsity-0.9")).isEqualTo("s14");
    assertThat(ReportCharts.shortLabel("distill-student-64")).isEqualTo("distill-stu…");
    assertThat(ReportCharts.shortLabel("baseline")).isEqualTo("baseline");
    assertThat(ReportCharts.crowded(List.of(new ReportCharts.Point("x".repeat(41), 1, 1)))).isTrue();
  }
}
