package dev.topiary.pipeline.testing;

import dev.topiary.core.data.DataSpec;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import java.nio.file.Path;
import java.util.List;

/**
 * Data source {@code fake}: {@code rows} examples of two features and two classes in memory.
 *
 * @param rows examples in every split, at least 1
 * @param validationFraction unused; defaulted to 0.1 so resolved recipes show a filled default
 */
public record FakeData(int rows, Double validationFraction) implements DataSpec {

  /** Validates the row count and fills the default fraction. */
  public FakeData {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be at least 1, got " + rows);
    }
    validationFraction = validationFraction == null ? 0.1 : validationFraction;
  }

  @Override
  public DataSplits load(Path baseDirectory, long seed) {
    float[] features = new float[rows * 2];
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      features[2 * i] = i;
      labels[i] = i % 2;
    }
    Dataset data = new Dataset(features, labels, 2, 2, null, List.of());
    return new DataSplits(data, data, data);
  }
}
