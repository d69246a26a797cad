package dev.topiary.pipeline;

/**
 * Derives each stage's seed from the recipe's seed and the stage's position, so that every stage
 * has its own stream of random numbers and inserting a stage changes only the seeds of the stages
 * after it.
 *
 * <p>The seed of the stage at 0-based index {@code i} is the SplitMix64 output
 * {@code mix64(recipeSeed + (i + 1) × 0x9E3779B97F4A7C15)}: exactly the {@code (i + 1)}-th
 * {@code nextLong()} of {@code new java.util.SplittableRandom(recipeSeed)}, written out so that it
 * can never change with the JDK.
 */
public final class StageSeeds {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private StageSeeds() {}

  /**
   * The seed of the stage at {@code index}.
   *
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public static long derive(long recipeSeed, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, got " + index);
    }
    long z = recipeSeed + (index + 1L) * GOLDEN_GAMMA;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
