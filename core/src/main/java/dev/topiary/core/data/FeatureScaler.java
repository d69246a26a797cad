package dev.topiary.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A per-column affine map {@code x ↦ (x - offset) / divisor} fitted on a training split by a
 * {@link Scaling} and applied to every split.
 */
final class FeatureScaler {

  private final double[] offset;
  private final double[] divisor;

  private FeatureScaler(double[] offset, double[] divisor) {
    this.offset = offset;
    this.divisor = divisor;
  }

  /** Fits {@code scaling} on the training split and applies it to all three splits. */
  static DataSplits apply(Scaling scaling, DataSplits splits) {
    if (scaling == Scaling.NONE) {
      return splits;
    }
    FeatureScaler scaler = fit(scaling, splits.train());
    return new DataSplits(scaler.transform(splits.train()), scaler.transform(splits.validation()),
        scaler.transform(splits.test()), scaler.inputScaling());
  }

  /**
   * As {@link #apply(Scaling, DataSplits)}, and every split carries the {@link ModelInputs} (the
   * fitted statistics, {@code featureNames} and the class names) a saved model needs.
   */
  static DataSplits apply(Scaling scaling, DataSplits splits, List<String> featureNames) {
    FeatureScaler scaler = fit(scaling, splits.train());
    List<Double> offsets = new ArrayList<>();
    List<Double> divisors = new ArrayList<>();
    for (int c = 0; c < splits.train().featureCount(); c++) {
      offsets.add(scaler.offset[c]);
      divisors.add(scaler.divisor[c]);
    }
    ModelInputs inputs = new ModelInputs(featureNames, scaling, offsets, divisors, splits.train().classNames());
    DataSplits scaled = apply(scaling, splits);
    // keep the scaling a compiled runtime model puts in front of its layers (the merge had dropped it)
    return new DataSplits(scaled.train().withInputs(inputs), scaled.validation().withInputs(inputs),
        scaled.test().withInputs(inputs), scaled.inputScaling());
  }

  /**
   * The statistics of {@code scaling} on {@code train}: min and range for {@link Scaling#MINMAX},
   * mean and population standard deviation for {@link Scaling#STANDARDIZE}. A column without
   * spread gets divisor 1 (so it maps to 0 on the training rows); with no training rows at all
   * the map is the identity.
   */
  static FeatureScaler fit(Scaling scaling, Dataset train) {
    int columns = train.featureCount();
    int rows = train.rows();
    float[] x = train.features();
    double[] offset = new double[columns];
    double[] divisor = new double[columns];
    Arrays.fill(divisor, 1);
    if (rows == 0 || scaling == Scaling.NONE) {
      return new FeatureScaler(offset, divisor);
    }
    for (int c = 0; c < columns; c++) {
      double spread;
      if (scaling == Scaling.MINMAX) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
          min = Math.min(min, x[r * columns + c]);
          max = Math.max(max, x[r * columns + c]);
        }
        offset[c] = min;
        spread = max - min;
      } else {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
          sum += x[r * columns + c];
        }
        double mean = sum / rows;
        double squares = 0;
        for (int r = 0; r < rows; r++) {
          double d = x[r * columns + c] - mean;
          squares += d * d;
        }
        offset[c] = mean;
        spread = Math.sqrt(squares / rows);
      }
      divisor[c] = spread > 0 ? spread : 1;
    }
    return new FeatureScaler(offset, divisor);
  }

  /** The map as an {@link InputScaling}, for deployed models that take raw rows. */
  InputScaling inputScaling() {
    float[] o = new float[offset.length];
    float[] d = new float[divisor.length];
    for (int i = 0; i < o.length; i++) {
      o[i] = (float) offset[i];
      d[i] = (float) divisor[i];
    }
    return new InputScaling(o, d);
  }

  /** The value subtracted from column {@code column}. */
  double offset(int column) {
    return offset[column];
  }

  /** The value column {@code column} is divided by after the offset is subtracted. */
  double divisor(int column) {
    return divisor[column];
  }

  /** A new dataset with every feature mapped; labels, classes and names are kept. */
  Dataset transform(Dataset data) {
    int columns = data.featureCount();
    float[] in = data.features();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      int c = i % columns;
      out[i] = (float) ((in[i] - offset[c]) / divisor[c]);
    }
    return new Dataset(out, data.labels(), columns, data.classCount(), data.shape(), data.classNames());
  }
}
