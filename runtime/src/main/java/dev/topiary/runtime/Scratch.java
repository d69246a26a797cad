package dev.topiary.runtime;

/**
 * One thread's buffers for a forward pass: two activation buffers the layers alternate between,
 * and per-layer work arrays. Kernels accumulate into work arrays that start at index 0: JDK 17's
 * C2 vectorises a loop only when its arrays share one index expression, so the hot loops never
 * add an offset. Arrays grow on first use and are then reused, so a warm call allocates nothing
 * but its result.
 */
final class Scratch {

  final float[] first;
  final float[] second;
  private float[] work = new float[0];
  private float[][] rows = new float[0][0];
  private int[] indices = new int[0];

  Scratch(int bufferSize) {
    first = new float[bufferSize];
    second = new float[bufferSize];
  }

  /** A work array of at least {@code size} floats. */
  float[] work(int size) {
    if (work.length < size) {
      work = new float[size];
    }
    return work;
  }

  /** An index array of at least {@code size} ints. */
  int[] indices(int size) {
    if (indices.length < size) {
      indices = new int[size];
    }
    return indices;
  }

  /** At least {@code count} distinct arrays of at least {@code size} floats each. */
  float[][] rows(int count, int size) {
    if (rows.length < count || (rows.length > 0 && rows[0].length < size)) {
      int n = Math.max(count, rows.length);
      int length = Math.max(size, rows.length > 0 ? rows[0].length : 0);
      rows = new float[n][length];
    }
    return rows;
  }
}
