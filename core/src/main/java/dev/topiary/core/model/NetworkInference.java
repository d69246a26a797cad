package dev.topiary.core.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Inference} over a DL4J network: features become a float INDArray once per batch. */
final class NetworkInference implements Inference {

  private final MultiLayerNetwork network;
  private final int inputSize;
  private final int classCount;

  NetworkInference(MultiLayerNetwork network, int inputSize, int classCount) {
    this.network = network;
    this.inputSize = inputSize;
    this.classCount = classCount;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int classCount() {
    return classCount;
  }

  @Override
  public Batch prepare(float[] features, int rows) {
    if (rows <= 0 || features.length != (long) rows * inputSize) {
      throw new IllegalArgumentException("expected " + rows + " rows of " + inputSize
          + " features (" + ((long) rows * inputSize) + " values), got " + features.length + " values");
    }
    return new ArrayBatch(Nd4j.create(features, new long[] {rows, inputSize}, 'c'), rows);
  }

  @Override
  public void forward(Batch batch) {
    try (INDArray out = network.output(((ArrayBatch) batch).array, false)) {
      // the result is discarded; closing it frees its memory at once
      out.length();
    }
  }

  @Override
  public float[] probabilities(Batch batch) {
    try (INDArray out = network.output(((ArrayBatch) batch).array, false);
        INDArray contiguous = out.dup('c')) {
      return contiguous.data().asFloat();
    }
  }

  private record ArrayBatch(INDArray array, int rows) implements Batch {
    @Override
    public void close() {
      array.close();
    }
  }
}
