package dev.topiary.core.data;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded, class-stratified choice of rows: each class contributes in proportion to its size.
 *
 * <p>For {@code count} rows out of {@code n}, class {@code c} with {@code n_c} rows gets a quota of
 * {@code count × n_c / n}; every class gets the floor of its quota and the rows left over go, one
 * each, to the classes with the largest fractional remainders (ties to the lower class index), so
 * the total is exactly {@code count}. Within a class the rows are taken from a Fisher–Yates
 * shuffle of that class's rows drawn from {@code random}, class after class in index order.
 */
final class StratifiedSampler {

  private StratifiedSampler() {}

  /**
   * Chooses {@code count} rows stratified by {@code labels}.
   *
   * @param labels the class of every row, each in {@code [0, classCount)}
   * @return the chosen row indices, ascending
   * @throws IllegalArgumentException if {@code count} is negative or more than the number of rows
   */
  static int[] choose(int[] labels, int classCount, int count, Random random) {
    int rows = labels.length;
    if (count < 0 || count > rows) {
      throw new IllegalArgumentException("count must be in [0, " + rows + "], got " + count);
    }
    int[][] byClass = rowsByClass(labels, classCount);
    int[] quota = quotas(byClass, rows, count);
    int[] chosen = new int[count];
    int next = 0;
    for (int c = 0; c < classCount; c++) {
      int[] members = byClass[c];
      shuffle(members, random);
      System.arraycopy(members, 0, chosen, next, quota[c]);
      next += quota[c];
    }
    Arrays.sort(chosen);
    return chosen;
  }

  /** The rows of {@code [0, rows)} that are not in the ascending array {@code chosen}, ascending. */
  static int[] complement(int rows, int[] chosen) {
    int[] rest = new int[rows - chosen.length];
    int next = 0;
    int skip = 0;
    for (int row = 0; row < rows; row++) {
      if (skip < chosen.length && chosen[skip] == row) {
        skip++;
      } else {
        rest[next++] = row;
      }
    }
    return rest;
  }

  /** Fisher–Yates, as {@link Dataset#permutation}, but in place and free of ND4J. */
  private static void shuffle(int[] values, Random random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
  }

  private static int[][] rowsByClass(int[] labels, int classCount) {
    int[] sizes = new int[classCount];
    for (int label : labels) {
      sizes[label]++;
    }
    int[][] byClass = new int[classCount][];
    for (int c = 0; c < classCount; c++) {
      byClass[c] = new int[sizes[c]];
    }
    int[] filled = new int[classCount];
    for (int row = 0; row < labels.length; row++) {
      byClass[labels[row]][filled[labels[row]]++] = row;
    }
    return byClass;
  }

  private static int[] quotas(int[][] byClass, int rows, int count) {
    int classCount = byClass.length;
    int[] quota = new int[classCount];
    long[] remainder = new long[classCount];
    int assigned = 0;
    for (int c = 0; c < classCount; c++) {
      long exact = (long) count * byClass[c].length; // quota × rows, kept exact in integers
      quota[c] = (int) (exact / Math.max(rows, 1));
      remainder[c] = exact % Math.max(rows, 1);
      assigned += quota[c];
    }
    for (int left = count - assigned; left > 0; left--) {
      int best = -1;
      for (int c = 0; c < classCount; c++) {
        if (quota[c] < byClass[c].length && (best < 0 || remainder[c] > remainder[best])) {
          best = c;
        }
      }
      quota[best]++;
      remainder[best] = -1;
    }
    return quota;
  }
}
