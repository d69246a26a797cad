package dev.topiary.core.data;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Minibatches over a {@link Dataset}, reshuffled at every reset when a random source is given. */
final class DatasetIterator implements DataSetIterator {

  private static final long serialVersionUID = 1L;

  private final transient Dataset data;
  private final int batchSize;
  private final transient Random random;
  private transient Dataset order;
  private int cursor;
  private transient DataSetPreProcessor preProcessor;

  DatasetIterator(Dataset data, int batchSize, Random random) {
    this.data = data;
    this.batchSize = batchSize;
    this.random = random;
    reset();
  }

  @Override
  public DataSet next(int num) {
    int to = Math.min(cursor + num, order.rows());
    DataSet batch = new DataSet(order.featureMatrix(cursor, to), order.oneHotLabels(cursor, to));
    cursor = to;
    if (preProcessor != null) {
      preProcessor.preProcess(batch);
    }
    return batch;
  }

  @Override
  public DataSet next() {
    return next(batchSize);
  }

  @Override
  public boolean hasNext() {
    return cursor < order.rows();
  }

  @Override
  public int inputColumns() {
    return data.featureCount();
  }

  @Override
  public int totalOutcomes() {
    return data.classCount();
  }

  @Override
  public boolean resetSupported() {
    return true;
  }

  @Override
  public boolean asyncSupported() {
    return false;
  }

  @Override
  public void reset() {
    cursor = 0;
    order = random == null ? data : data.subset(Dataset.permutation(data.rows(), random));
  }

  @Override
  public int batch() {
    return batchSize;
  }

  @Override
  public void setPreProcessor(DataSetPreProcessor preProcessor) {
    this.preProcessor = preProcessor;
  }

  @Override
  public DataSetPreProcessor getPreProcessor() {
    return preProcessor;
  }

  @Override
  public List<String> getLabels() {
    return data.classNames().isEmpty() ? null : data.classNames();
  }
}
