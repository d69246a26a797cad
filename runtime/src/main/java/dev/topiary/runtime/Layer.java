package dev.topiary.runtime;

import java.util.Arrays;

/**
 * One layer of a runtime model: a fixed input and output shape per example, a kernel, and a
 * forward pass over a batch of rows. Layers are immutable; a forward pass writes only into the
 * buffers it is given, so one layer serves many threads at once.
 *
 * <p>A new layer kind extends this class, implements {@link #writeFields} and a static reader,
 * and adds one entry to {@link LayerCodecs}.
 */
abstract class Layer {

  /** The most values one example may have at any layer (and in a convolution's im2col buffer). */
  static final int MAX_VALUES = 1 << 24;

  private final String name;
  private final int[] inputShape;
  private final int[] outputShape;
  final int inputSize;
  final int outputSize;

  Layer(String name, int[] inputShape, int[] outputShape) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("layer name must not be empty");
    }
    this.name = name;
    this.inputShape = inputShape.clone();
    this.outputShape = outputShape.clone();
    this.inputSize = size(inputShape, "input");
    this.outputSize = size(outputShape, "output");
  }

  /** The number of values of one example of {@code shape}, checked against {@link #MAX_VALUES}. */
  static int size(int[] shape, String what) {
    long size = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(what + " shape " + Arrays.toString(shape) + " has a dimension below 1");
      }
      size *= d;
      if (size > MAX_VALUES) {
        throw new IllegalArgumentException(what + " shape " + Arrays.toString(shape) + " has more than "
            + MAX_VALUES + " values per example");
      }
    }
    return (int) size;
  }

  final String name() {
    return name;
  }

  final int[] inputShape() {
    return inputShape.clone();
  }

  final int[] outputShape() {
    return outputShape.clone();
  }

  /** The layer kind, e.g. {@code dense}. */
  abstract String type();

  /** The kernel that runs this layer. */
  abstract KernelKind kernel();

  /** Weights and biases held. */
  long parameterCount() {
    return 0;
  }

  /** Weights and biases that are not exactly zero. */
  long nonZeroCount() {
    return 0;
  }

  /** True if the layer only reinterprets the shape, so the forward pass can skip it. */
  boolean reshapeOnly() {
    return false;
  }

  /**
   * Runs {@code rows} examples: reads {@code rows × inputSize} values of {@code in} from
   * {@code inOffset} and writes {@code rows × outputSize} values of {@code out} from
   * {@code outOffset}. {@code in} and {@code out} are distinct; {@code scratch} holds the
   * calling thread's work arrays.
   */
  abstract void forward(float[] in, int inOffset, float[] out, int outOffset, int rows, Scratch scratch);

  /** Writes the layer's fields (after the tag and name that the model writes). */
  abstract void writeFields(TpmWriter out);

  final LayerInfo info() {
    return new LayerInfo(name, type(), kernel(), Arrays.stream(inputShape).boxed().toList(),
        Arrays.stream(outputShape).boxed().toList(), parameterCount(), nonZeroCount());
  }

  static long countNonZero(float[] values) {
    long count = 0;
    for (float v : values) {
      if (v != 0f) {
        count++;
      }
    }
    return count;
  }

  /** The shape as {@code CxHxW} or {@code N}. */
  static String shapeText(int[] shape) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      text.append(i == 0 ? "" : "x").append(shape[i]);
    }
    return text.toString();
  }
}
