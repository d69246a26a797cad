package dev.topiary.core.measure;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ND4J's native thread count for library users: the good default the {@code topiary} launcher
 * gives the command line ({@code OMP_NUM_THREADS=1}), without the launcher.
 *
 * <p>On small dense networks ND4J is several times faster with one native thread than with its
 * default (one per core), because OpenMP and OpenBLAS threads fight over the cores for matrices
 * this small (see the README's "Threads" section for the measured numbers). Call
 * {@link #useSingleNativeThread()} once, before training:
 * <pre>{@code
 * NativeThreads.useSingleNativeThread();   // leaves an OMP_NUM_THREADS you set alone
 * }</pre>
 *
 * <p>The setting is process-wide: it sets OpenBLAS's thread count, libnd4j's OpenMP thread count
 * and libnd4j's own pool (the three limits {@link NativeThreadLimit} documents). It never
 * overrides a choice the user made: if the environment variable {@code OMP_NUM_THREADS} is set,
 * {@link #useSingleNativeThread()} changes nothing and says so in its result and at info level.
 * {@link #use(int)} is the explicit call and always applies.
 */
public final class NativeThreads {

  /** The environment variable that, when set, {@link #useSingleNativeThread()} respects. */
  public static final String ENVIRONMENT_VARIABLE = "OMP_NUM_THREADS";

  private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);

  private NativeThreads() {}

  /** What {@link #useSingleNativeThread()} did. */
  public enum Choice {
    /** ND4J now uses one native thread. */
    SET_TO_ONE,
    /** {@code OMP_NUM_THREADS} was set by the user; nothing was changed. */
    LEFT_AS_THE_USER_SET_IT
  }

  /**
   * Makes ND4J use one native thread, unless {@code OMP_NUM_THREADS} is set in the environment.
   *
   * @return what was done
   */
  public static Choice useSingleNativeThread() {
    return useSingleNativeThread(System.getenv());
  }

  /** As {@link #useSingleNativeThread()}, reading the given environment (for tests). */
  static Choice useSingleNativeThread(Map<String, String> environment) {
    String set = environment.get(ENVIRONMENT_VARIABLE);
    if (set != null && !set.isBlank()) {
      LOG.info("{}={} is set; leaving ND4J's native threads as configured", ENVIRONMENT_VARIABLE, set);
      return Choice.LEFT_AS_THE_USER_SET_IT;
    }
    use(1);
    return Choice.SET_TO_ONE;
  }

  /**
   * Makes ND4J use {@code threads} native threads from now on (process-wide). libnd4j's own pool
   * cannot grow beyond its size at start-up ({@code OMP_NUM_THREADS}, or the core count).
   *
   * @throws IllegalArgumentException if {@code threads} is less than 1
   */
  public static void use(int threads) {
    // a limit that is never closed keeps its setting
    NativeThreadLimit.of(threads);
  }

  /** The number of threads OpenBLAS uses for ND4J's matrix products now. */
  public static int current() {
    return org.nd4j.linalg.factory.Nd4j.factory().blas().getMaxThreads();
  }
}
