package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetSubsetTest {

  /** 100 rows of one feature (the row index), classes 0, 1, 2 holding 50, 30 and 20 rows. */
  private static Dataset skewed() {
    float[] x = new float[100];
    int[] y = new int[100];
    for (int r = 0; r < 100; r++) {
      x[r] = r;
      y[r] = r < 50 ? 0 : r < 80 ? 1 : 2;
    }
    return new Dataset(x, y, 1, 3, null, java.util.List.of());
  }

  @Test
  void aStratifiedSubsetKeepsEachClassInProportionInRowOrderAndIsSeeded() {
    Dataset data = skewed();

    Dataset subset = data.stratifiedSubset(10, 7);

    assertThat(subset.rows()).isEqualTo(10);
    assertThat(IntStream.of(subset.labels()).filter(c -> c == 0).count()).isEqualTo(5);
    assertThat(IntStream.of(subset.labels()).filter(c -> c == 1).count()).isEqualTo(3);
    assertThat(IntStream.of(subset.labels()).filter(c -> c == 2).count()).isEqualTo(2);
    float[] rows = subset.features();
    for (int i = 1; i < rows.length; i++) {
      assertThat(rows[i]).isGreaterThan(rows[i - 1]);
    }
    for (int i = 0; i < rows.length; i++) {
      // every row keeps its own label
      assertThat(subset.label(i)).isEqualTo(data.label((int) rows[i]));
    }
    assertThat(data.stratifiedSubset(10, 7).features()).containsExactly(rows);
    assertThat(data.stratifiedSubset(10, 8).features()).isNotEqualTo(rows);
    assertThat(data.stratifiedSubset(100, 7).features()).containsExactly(data.features());
  }

  @Test
  void aCountOutsideTheRowsIsRejected() {
    assertThatThrownBy(() -> skewed().stratifiedSubset(101, 1))
        .hasMessage("count must be in [0, 100], got 101");
    assertThatThrownBy(() -> skewed().stratifiedSubset(-1, 1))
        .hasMessage("count must be in [0, 100], got -1");
  }
}
