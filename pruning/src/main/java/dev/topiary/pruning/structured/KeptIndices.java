package dev.topiary.pruning.structured;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;

/**
 * The indices kept along one axis (units, channels or flattened features), ascending, out of
 * {@code total}. Keeping them in ascending order keeps the surviving units in their original
 * relative order, which is what makes the next layer's weights line up.
 *
 * @param indices the kept indices, ascending, distinct, each in [0, total)
 * @param total the axis length before removal
 */
record KeptIndices(int[] indices, int total) {

  /** The indices of {@code [0, total)} that are not in {@code removed}. */
  static KeptIndices complementOf(int[] removed, int total) {
    boolean[] gone = new boolean[total];
    for (int index : removed) {
      gone[index] = true;
    }
    int[] kept = new int[total - removed.length];
    int next = 0;
    for (int i = 0; i < total; i++) {
      if (!gone[i]) {
        kept[next++] = i;
      }
    }
    return new KeptIndices(kept, total);
  }

  /** Number of kept indices. */
  int count() {
    return indices.length;
  }

  /**
   * The kept features after DL4J's {@code CnnToFeedForwardPreProcessor} flattens
   * {@code [batch, channels, height, width]} activations of which these are the kept channels.
   * The preprocessor does a plain c-order reshape of the activation as laid out: for NCHW channel
   * {@code c} at {@code (y, x)} becomes feature {@code c·h·w + y·w + x}; for NHWC it becomes
   * {@code (y·w + x)·channels + c}. Either way, ascending kept features map one to one onto the
   * flattened features of the pruned activation.
   */
  KeptIndices flattened(long height, long width, CNN2DFormat format) {
    int positions = Math.toIntExact(height * width);
    int[] features = new int[indices.length * positions];
    int next = 0;
    if (format == CNN2DFormat.NHWC) {
      for (int p = 0; p < positions; p++) {
        for (int c : indices) {
          features[next++] = p * total + c;
        }
      }
    } else {
      for (int c : indices) {
        for (int p = 0; p < positions; p++) {
          features[next++] = c * positions + p;
        }
      }
    }
    return new KeptIndices(features, total * positions);
  }

  /**
   * Keeps the entries of a c-order array of {@code shape} whose index along {@code axis} is kept.
   *
   * @return the new c-order values; the shape is {@code shape} with {@code count()} at {@code axis}
   */
  double[] keepAlong(double[] values, long[] shape, int axis) {
    if (shape[axis] != total) {
      throw new IllegalStateException("axis " + axis + " of shape " + Arrays.toString(shape) + " should have "
          + total + " entries");
    }
    int outer = 1;
    for (int d = 0; d < axis; d++) {
      outer = Math.multiplyExact(outer, Math.toIntExact(shape[d]));
    }
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner = Math.multiplyExact(inner, Math.toIntExact(shape[d]));
    }
    double[] kept = new double[outer * indices.length * inner];
    int next = 0;
    for (int o = 0; o < outer; o++) {
      for (int index : indices) {
        System.arraycopy(values, (o * total + index) * inner, kept, next, inner);
        next += inner;
      }
    }
    return kept;
  }
}
