package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureScalerTest {

  /** Two columns; the second is constant. */
  private static Dataset data(float... firstColumn) {
    float[] features = new float[firstColumn.length * 2];
    int[] labels = new int[firstColumn.length];
    for (int i = 0; i < firstColumn.length; i++) {
      features[2 * i] = firstColumn[i];
      features[2 * i + 1] = 7;
      labels[i] = i % 2;
    }
    return new Dataset(features, labels, 2, 2, null, List.of());
  }

  @Test
  void minMaxUsesTrainingStatisticsForEverySplit() {
    DataSplits splits = new DataSplits(data(2, 4, 6), data(4), data(10, -2));
    DataSplits scaled = FeatureScaler.apply(Scaling.MINMAX, splits);
    assertThat(scaled.train().features()).containsExactly(0f, 0f, 0.5f, 0f, 1f, 0f);
    assertThat(scaled.validation().features()).containsExactly(0.5f, 0f);
    // test values outside the training range stay outside [0, 1]
    assertThat(scaled.test().features()).containsExactly(2f, 0f, -1f, 0f);
    assertThat(scaled.test().labels()).containsExactly(0, 1);
  }

  @Test
  void standardizeUsesTrainingMeanAndPopulationDeviation() {
    DataSplits splits = new DataSplits(data(1, 3), data(), data(5));
    FeatureScaler scaler = FeatureScaler.fit(Scaling.STANDARDIZE, splits.train());
    assertThat(scaler.offset(0)).isEqualTo(2.0);
    assertThat(scaler.divisor(0)).isEqualTo(1.0);
    assertThat(scaler.offset(1)).isEqualTo(7.0);
    assertThat(scaler.divisor(1)).isEqualTo(1.0); // no spread: divisor 1
    DataSplits scaled = FeatureScaler.apply(Scaling.STANDARDIZE, splits);
    assertThat(scaled.train().features()).containsExactly(-1f, 0f, 1f, 0f);
    assertThat(scaled.test().features()).containsExactly(3f, 0f);
    assertThat(scaled.validation().rows()).isZero();
  }

  @Test
  void scaledSplitsRecordTheScalingSoThatRawRowsCanBeMappedLater() {
    DataSplits scaled = FeatureScaler.apply(Scaling.MINMAX, new DataSplits(data(2, 4, 6), data(4), data(10, -2)));
    InputScaling scaling = scaled.inputScaling();
    assertThat(scaling.offset()).containsExactly(2f, 7f);
    assertThat(scaling.divisor()).containsExactly(4f, 1f);
    assertThat((10f - scaling.offset()[0]) / scaling.divisor()[0]).isEqualTo(scaled.test().features()[0]);
    assertThat(new DataSplits(data(1), data(), data()).inputScaling()).isNull();
    assertThat(InputScaling.pixels(3).divisor()).containsExactly(255f, 255f, 255f);
    assertThatThrownBy(() -> new InputScaling(new float[] {0}, new float[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input scaling of feature 0 needs a finite offset and a positive divisor, got 0.0 and 0.0");
    assertThatThrownBy(() -> new DataSplits(data(1), data(), data(), InputScaling.pixels(3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("input scaling has 3 features, the data 2");
  }

  @Test
  void noneKeepsTheSplits() {
    DataSplits splits = new DataSplits(data(1, 3), data(), data(5));
    assertThat(FeatureScaler.apply(Scaling.NONE, splits)).isSameAs(splits);
  }

  @Test
  void csvStatisticsComeFromTheTrainingSplitAfterTheValidationCut(@TempDir Path dir) throws Exception {
    StringBuilder train = new StringBuilder("x,y\n");
    for (int i = 0; i < 20; i++) {
      train.append(i).append(',').append(i % 2).append('\n');
    }
    Files.writeString(dir.resolve("train.csv"), train);
    Files.writeString(dir.resolve("test.csv"), "x,y\n100,0\n");
    DataSplits splits = new CsvDataSpec("train.csv", "test.csv", null, null, Scaling.STANDARDIZE, 0.25, null, null)
        .load(dir, 5);
    float[] x = splits.train().features();
    double mean = 0;
    for (float v : x) {
      mean += v;
    }
    mean /= x.length;
    double variance = 0;
    for (float v : x) {
      variance += (v - mean) * (v - mean);
    }
    assertThat(mean).isCloseTo(0, within(1e-6));
    assertThat(variance / x.length).isCloseTo(1, within(1e-5));
    assertThat(splits.validation().rows()).isEqualTo(5);
    // the validation rows were not part of the statistics, so they are not standardized on their own
    double validationMean = 0;
    for (float v : splits.validation().features()) {
      validationMean += v;
    }
    assertThat(Math.abs(validationMean / 5)).isGreaterThan(1e-3);
  }
}
