package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.TestDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

class DatasetsTest {

  private static DataSet rows() {
    return new DataSet(Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}}),
        Nd4j.createFromArray(new float[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}}));
  }

  @Test
  void aDataSetBecomesRowsWithArgmaxLabels() {
    Dataset data = Datasets.from(rows());
    assertThat(data.rows()).isEqualTo(3);
    assertThat(data.featureCount()).isEqualTo(2);
    assertThat(data.classCount()).isEqualTo(3);
    assertThat(data.features()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(data.labels()).containsExactly(1, 0, 2);
    assertThat(data.shape()).isNull();
  }

  @Test
  void anIteratorIsReadInOrderAndResetForLaterUse() {
    DataSetIterator iterator = new TestDataSetIterator(rows(), 2);
    Dataset data = Datasets.from(iterator);
    assertThat(data.labels()).containsExactly(1, 0, 2);
    assertThat(data.features()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(iterator.hasNext()).isTrue();
    assertThat(Datasets.from(iterator).rows()).isEqualTo(3);
  }

  @Test
  void imagesKeepTheirChannelFirstShape() {
    DataSet images = new DataSet(Nd4j.arange(2 * 1 * 2 * 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
        .reshape(2, 1, 2, 3), Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}}));
    Dataset data = Datasets.from(images);
    assertThat(data.shape()).isEqualTo(new FeatureShape(1, 2, 3));
    assertThat(data.featureCount()).isEqualTo(6);
    assertThat(data.featureRows(1, 2)).containsExactly(6, 7, 8, 9, 10, 11);
  }

  @Test
  void badShapesAndEmptyDataAreNamed() {
    assertThatThrownBy(() -> Datasets.from((DataSet) null)).hasMessage("data must not be null");
    assertThatThrownBy(() -> Datasets.from((DataSetIterator) null)).hasMessage("iterator must not be null");
    DataSet rank3 = new DataSet(Nd4j.zeros(2, 3, 4), Nd4j.zeros(2, 2));
    assertThatThrownBy(() -> Datasets.from(rank3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the data set: features must have rank 2 (examples × features) or 4"
            + " (examples × channels × height × width), got shape [2, 3, 4]");
    DataSet mismatch = new DataSet(Nd4j.zeros(2, 3), Nd4j.zeros(3, 2));
    assertThatThrownBy(() -> Datasets.from(mismatch))
        .hasMessage("the data set: labels must be one row per example (2 × classes), got shape [3, 2]");
    DataSetIterator empty = new Dataset(new float[0], new int[0], 2, 2, null, List.of()).iterator(4, false, 0);
    assertThatThrownBy(() -> Datasets.from(empty)).hasMessage("the iterator yields no examples");
  }
}
