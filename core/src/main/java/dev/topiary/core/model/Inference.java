package dev.topiary.core.model;

/**
 * Class-probability inference over flat feature rows, the same for every kind of model.
 *
 * <p>Features are row-major {@code float}s, {@code rows × inputSize()}; images are flattened
 * channel-first (for the 28×28 grey images of Fashion-MNIST, 784 values per row). A batch is
 * prepared once in the model's own input form so that timing measures inference, not copying.
 */
public interface Inference {

  /** Number of features in one input row. */
  int inputSize();

  /** Number of classes the model predicts. */
  int classCount();

  /**
   * Converts {@code rows} feature rows into this model's input form.
   *
   * @throws IllegalArgumentException if {@code features.length != rows * inputSize()}
   */
  Batch prepare(float[] features, int rows);

  /** Runs the forward pass on a prepared batch and discards the result (used for timing). */
  void forward(Batch batch);

  /** Runs the forward pass and returns class probabilities, row-major {@code rows × classCount()}. */
  float[] probabilities(Batch batch);

  /** A batch in a model's own input form; it may hold native memory. */
  interface Batch extends AutoCloseable {
    /** Number of rows in the batch. */
    int rows();

    @Override
    void close();
  }
}
