package dev.topiary.runtime;

/**
 * A weight matrix {@code [out][in]} in sliced ELLPACK (SELL-C-σ with σ = all rows), the layout of
 * the Vector API sparse kernel: the outputs are sorted by their non-zero count (most first) and cut
 * into slices of {@code width} outputs; slice {@code s} stores {@code length(s)} steps of
 * {@code width} (input index, weight) pairs, step {@code j} holding the {@code j}-th non-zero of
 * each of its outputs, padded with weight 0 at input 0 where an output has fewer. A kernel
 * gathers {@code width} inputs per step and accumulates one vector of outputs, with no tail and no
 * horizontal sum. Sorting keeps the padding small: a slice's outputs have similar counts.
 *
 * @param width outputs per slice (the vector length)
 * @param outputs the layer's outputs
 * @param sliceStart {@code sliceStart[s] .. sliceStart[s + 1]} are the entries of slice {@code s}, a
 *     multiple of {@code width} apart
 * @param index the input of each entry
 * @param values the weight of each entry
 * @param order {@code order[k]} is the output computed in lane {@code k % width} of slice
 *     {@code k / width}
 * @param bias the bias in the same order, padded to whole slices
 */
record SlicedEll(int width, int outputs, int[] sliceStart, int[] index, float[] values, int[] order, float[] bias) {

  /** The sliced layout of {@code csc} with slices of {@code width} outputs. */
  static SlicedEll of(Csc csc, float[] bias, int width) {
    int inputs = csc.inputs();
    int outputs = csc.outputs();
    int[] start = csc.columnStart();
    int[] rows = csc.rowIndex();
    float[] weights = csc.values();
    int[] count = new int[outputs];
    for (int k = 0; k < start[inputs]; k++) {
      count[rows[k]]++;
    }
    int[] order = sortedByCount(count);
    int slices = (outputs + width - 1) / width;
    int[] sliceStart = new int[slices + 1];
    int[] lane = new int[outputs];
    int[] slice = new int[outputs];
    long total = 0;
    for (int s = 0; s < slices; s++) {
      sliceStart[s] = (int) total;
      total += (long) count[order[s * width]] * width;
      if (total > Integer.MAX_VALUE - width) {
        throw new IllegalArgumentException("a sliced layout of " + outputs + " outputs needs " + total
            + " entries, more than an array holds");
      }
    }
    sliceStart[slices] = (int) total;
    for (int k = 0; k < outputs; k++) {
      slice[order[k]] = k / width;
      lane[order[k]] = k % width;
    }
    int[] index = new int[(int) total];
    float[] values = new float[(int) total];
    int[] step = new int[outputs];
    for (int i = 0; i < inputs; i++) {
      for (int k = start[i]; k < start[i + 1]; k++) {
        int o = rows[k];
        int at = sliceStart[slice[o]] + step[o]++ * width + lane[o];
        index[at] = i;
        values[at] = weights[k];
      }
    }
    float[] sortedBias = new float[slices * width];
    for (int k = 0; k < outputs; k++) {
      sortedBias[k] = bias[order[k]];
    }
    return new SlicedEll(width, outputs, sliceStart, index, values, order, sortedBias);
  }

  /** The outputs ordered by non-zero count, most first, ties by index (a counting sort). */
  private static int[] sortedByCount(int[] count) {
    int max = 0;
    for (int c : count) {
      max = Math.max(max, c);
    }
    int[] bucket = new int[max + 2];
    for (int c : count) {
      bucket[max - c + 1]++;
    }
    for (int b = 1; b < bucket.length; b++) {
      bucket[b] += bucket[b - 1];
    }
    int[] order = new int[count.length];
    for (int o = 0; o < count.length; o++) {
      order[bucket[max - count[o]]++] = o;
    }
    return order;
  }

  /** The number of slices. */
  int slices() {
    return sliceStart.length - 1;
  }
}
