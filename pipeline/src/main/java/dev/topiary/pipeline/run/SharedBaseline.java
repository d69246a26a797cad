package dev.topiary.pipeline.run;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.pipeline.report.ModelReport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline step of a recipe with branches: the data, the baseline and every declared model,
 * built and measured once. It owns the models; each branch runs on copies
 * ({@link BranchRunner#runBranch}), so no branch sees another's changes.
 */
public final class SharedBaseline implements AutoCloseable {

  private final DataSplits data;
  private final ModelHandle baseline;
  private final Metrics baselineMetrics;
  private final Map<String, ModelHandle> declared;
  private final List<ModelReport> modelReports;
  private final boolean reused;
  private final String cacheNote;
  private final int[] baselinePredictions;
  private boolean closed;

  SharedBaseline(DataSplits data, ModelHandle baseline, Metrics baselineMetrics, Map<String, ModelHandle> declared,
      List<ModelReport> modelReports, boolean reused, String cacheNote, int[] baselinePredictions) {
    this.cacheNote = cacheNote;
    this.baselinePredictions = baselinePredictions == null ? null : baselinePredictions.clone();
    this.data = data;
    this.baseline = baseline;
    this.baselineMetrics = baselineMetrics;
    this.declared = Collections.unmodifiableMap(new LinkedHashMap<>(declared));
    this.modelReports = List.copyOf(modelReports);
    this.reused = reused;
  }

  /** The recipe's data, loaded once. */
  public DataSplits data() {
    return data;
  }

  /** The baseline's measurements. */
  public Metrics baselineMetrics() {
    return baselineMetrics;
  }

  /** One row per declared model. */
  public List<ModelReport> modelReports() {
    return modelReports;
  }

  /** True if the baseline came from the baseline cache. */
  public boolean reused() {
    return reused;
  }

  /** What the baseline cache did for the baseline ({@code reused <key>}, …), or null without a cache. */
  public String cacheNote() {
    return cacheNote;
  }

  /** The baseline's predicted class of every test example, or null if the measurer gives none. */
  int[] baselinePredictions() {
    return baselinePredictions;
  }

  ModelHandle baseline() {
    return baseline;
  }

  Map<String, ModelHandle> declared() {
    return declared;
  }

  /** Closes the baseline and every declared model, once. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    baseline.close();
    declared.values().forEach(ModelHandle::close);
  }
}
