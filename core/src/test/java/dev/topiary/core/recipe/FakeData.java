package dev.topiary.core.recipe;

import dev.topiary.core.data.DataSpec;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import java.nio.file.Path;
import java.util.List;

/**
 * A test-only data source ({@code source: fake}): {@code rows} examples of two features and two
 * classes, no files.
 *
 * @param rows examples per split, at least 1
 * @param validationFraction unused; a defaulted value to check that defaults are written back
 */
public record FakeData(int rows, Double validationFraction) implements DataSpec {

  /** The {@code source} name the tests register. */
  public static final String SOURCE = "fake";

  /** Validates {@code rows} and fills the default fraction. */
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
