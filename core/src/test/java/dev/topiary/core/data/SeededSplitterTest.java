package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeededSplitterTest {

  /** {@code perClass[c]} rows of class c, interleaved; row i has feature value i. */
  private static Dataset data(int... perClass) {
    int rows = 0;
    for (int n : perClass) {
      rows += n;
    }
    int[] labels = new int[rows];
    int[] left = perClass.clone();
    int row = 0;
    while (row < rows) {
      for (int c = 0; c < perClass.length; c++) {
        if (left[c] > 0) {
          labels[row++] = c;
          left[c]--;
        }
      }
    }
    float[] features = new float[rows];
    for (int i = 0; i < rows; i++) {
      features[i] = i;
    }
    return new Dataset(features, labels, 1, perClass.length, null, List.of());
  }

  private static int[] classCounts(Dataset data) {
    int[] counts = new int[data.classCount()];
    for (int label : data.labels()) {
      counts[label]++;
    }
    return counts;
  }

  @Test
  void validationSplitIsStratifiedWithExactClassCounts() {
    Dataset full = data(100, 60, 40);
    DataSplits splits = SeededSplitter.split(full, data(5, 5, 5), 0.1, null, null, 42);
    assertThat(classCounts(splits.validation())).containsExactly(10, 6, 4);
    assertThat(classCounts(splits.train())).containsExactly(90, 54, 36);
    assertThat(splits.test().rows()).isEqualTo(15);
  }

  @Test
  void validationAndTrainingRowsPartitionTheFileAndKeepItsOrder() {
    Dataset full = data(30, 30);
    DataSplits splits = SeededSplitter.split(full, data(1, 1), 0.2, null, null, 7);
    float[] train = splits.train().features();
    float[] validation = splits.validation().features();
    assertThat(train).isSorted();
    assertThat(validation).isSorted();
    assertThat(train.length + validation.length).isEqualTo(60);
    for (float v : validation) {
      assertThat(train).doesNotContain(v);
    }
  }

  @Test
  void leftoverRowsGoToTheLargestRemainders() {
    // quotas 0.15 × (7, 7, 6) = 1.05, 1.05, 0.9 → floors 1, 1, 0; one row left for class 2 (0.9)
    DataSplits splits = SeededSplitter.split(data(7, 7, 6), data(1, 1, 1), 0.15, null, null, 1);
    assertThat(classCounts(splits.validation())).containsExactly(1, 1, 1);
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() {
    Dataset full = data(50, 50, 50);
    DataSplits a = SeededSplitter.split(full, data(1, 1, 1), 0.2, null, null, 11);
    DataSplits b = SeededSplitter.split(full, data(1, 1, 1), 0.2, null, null, 11);
    DataSplits c = SeededSplitter.split(full, data(1, 1, 1), 0.2, null, null, 12);
    assertThat(a.validation().features()).isEqualTo(b.validation().features());
    assertThat(a.train().features()).isEqualTo(b.train().features());
    assertThat(a.validation().features()).isNotEqualTo(c.validation().features());
  }

  @Test
  void zeroFractionGivesAnEmptyValidationSplitLikeTheTrainingSplit() {
    Dataset full = data(3, 3);
    DataSplits splits = SeededSplitter.split(full, data(1, 1), 0, null, null, 1);
    assertThat(splits.train()).isSameAs(full);
    assertThat(splits.validation().rows()).isZero();
    assertThat(splits.validation().classCount()).isEqualTo(2);
    assertThat(splits.validation().featureCount()).isEqualTo(1);
  }

  @Test
  void limitsTakeStratifiedSubsetsBeforeTheValidationSplit() {
    DataSplits splits = SeededSplitter.split(data(600, 400), data(50, 150), 0.1, 100, 40, 3);
    assertThat(classCounts(splits.train())).containsExactly(54, 36);
    assertThat(classCounts(splits.validation())).containsExactly(6, 4);
    assertThat(classCounts(splits.test())).containsExactly(10, 30);
    DataSplits again = SeededSplitter.split(data(600, 400), data(50, 150), 0.1, 100, 40, 3);
    assertThat(again.test().features()).isEqualTo(splits.test().features());
    assertThat(again.train().features()).isEqualTo(splits.train().features());
  }

  @Test
  void limitAboveTheRowCountKeepsEveryRow() {
    Dataset test = data(2, 2);
    assertThat(SeededSplitter.split(data(2, 2), test, 0, null, 99, 1).test()).isSameAs(test);
  }

  @Test
  void atLeastOneTrainingRowStays() {
    DataSplits splits = SeededSplitter.split(data(1, 1), data(1, 1), 0.9, null, null, 1);
    assertThat(splits.train().rows()).isEqualTo(1);
    assertThat(splits.validation().rows()).isEqualTo(1);
  }

  @Test
  void samplerChoosesExactlyAndRejectsBadCounts() {
    int[] labels = {0, 1, 0, 1, 0, 1, 1, 1};
    int[] chosen = StratifiedSampler.choose(labels, 2, 4, new Random(9));
    assertThat(chosen).hasSize(4).isSorted();
    assertThat(StratifiedSampler.complement(8, chosen)).hasSize(4).doesNotContain(chosen);
    assertThatThrownBy(() -> StratifiedSampler.choose(labels, 2, 9, new Random(9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be in [0, 8], got 9");
  }

  @Test
  void commonSettingsAreValidated() {
    assertThat(SeededSplitter.validationFraction(null)).isEqualTo(0.1);
    assertThat(SeededSplitter.validationFraction(0.0)).isZero();
    assertThatThrownBy(() -> SeededSplitter.validationFraction(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validationFraction must be in [0, 1), got 1.5");
    assertThatThrownBy(() -> SeededSplitter.validationFraction(1.0))
        .hasMessage("validationFraction must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> SeededSplitter.validationFraction(Double.NaN))
        .hasMessage("validationFraction must be in [0, 1), got NaN");
    assertThatThrownBy(() -> new FashionMnistSampleDataSpec(-0.1, null, null))
        .hasMessage("validationFraction must be in [0, 1), got -0.1");
    assertThatThrownBy(() -> new FashionMnistSampleDataSpec(null, 0, null))
        .hasMessage("trainLimit must be positive, got 0");
    assertThatThrownBy(() -> new FashionMnistDataSpec(null, null, null, -5))
        .hasMessage("testLimit must be positive, got -5");
  }
}
