package dev.topiary.pipeline.bench;

import dev.topiary.core.model.Inference;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.pruning.structured.StructuredPruner;
import dev.topiary.pruning.structured.StructuredPruningPlan;
import dev.topiary.pruning.structured.StructuredPruningResult;
import dev.topiary.pruning.structured.UnitBudget;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward-pass latency of the dense 784-300-150-10 MLP and of its structured-pruned version with
 * half the units of both hidden layers removed (784-150-75-10), at batch sizes 1 and 64.
 *
 * <p>It checks the structured-pruning speed claim ("removing half the hidden neurons makes batch-1
 * latency at least 1.5x faster than the dense network") independently of Topiary's meter, which
 * times the same calls with {@link System#nanoTime}. Both networks are float32 with ReLU hidden
 * layers and a softmax output, built by {@link TinyNetworks#mlp} with seed {@value #NETWORK_SEED};
 * the pruned one comes from {@link StructuredPruner} (L2 norm of the incoming weights, the plan's
 * defaults). The input is {@code batchSize} rows of uniform [0, 1) values drawn with seed
 * {@value #INPUT_SEED}. Latency does not depend on the weights' values (every multiply is dense),
 * so untrained networks time the same as trained ones of the same shape.
 *
 * <p>{@link #topiaryForward} goes through Topiary's {@link Inference} interface exactly as the
 * meter does: the batch is prepared once, then {@link Inference#forward} is called.
 * {@link #dl4jOutput} is the bare DL4J call {@code network.output(x, false)} on the same array, so
 * the difference between the two is the cost of the interface.
 *
 * <p>Threads: like the meter's default ({@code measure.threads: 1}), ND4J runs on one native
 * thread. libnd4j sizes its pool when it starts, from {@code OMP_NUM_THREADS}, and JMH's forked
 * JVM inherits the environment, so run it through {@code benchmarks/jmh.sh}, which exports
 * {@code OMP_NUM_THREADS=1}; the set-up also limits OpenBLAS and OpenMP to one thread.
 *
 * <p>The class is not final because JMH generates subclasses of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g"})
public class InferenceLatencyBenchmark {

  /** Seed of the dense network's initial weights. */
  public static final long NETWORK_SEED = 42L;

  /** Seed of the input values. */
  public static final long INPUT_SEED = 7L;

  /** Which network to time: the dense one, or the one with half its hidden units removed. */
  public enum Variant {
    /** The dense 784-300-150-10 MLP. */
    DENSE,
    /** Half the units of layers 0 and 1 removed: 784-150-75-10. */
    HALF_UNITS_REMOVED
  }

  /** The network to time. */
  @Param({"DENSE", "HALF_UNITS_REMOVED"})
  public Variant variant;

  /** Rows per forward call. */
  @Param({"1", "64"})
  public int batchSize;

  private NetworkModel model;
  private Inference inference;
  private Inference.Batch batch;
  private INDArray features;

  /** Builds the network of {@link #variant} and prepares one batch of seeded random rows. */
  @Setup(Level.Trial)
  public void setUp() {
    Nd4j.factory().blas().setMaxThreads(1);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    model = network(variant);
    inference = model.inference();
    float[] rows = randomRows(batchSize, inference.inputSize());
    batch = inference.prepare(rows, batchSize);
    features = Nd4j.create(rows, new long[] {batchSize, inference.inputSize()}, 'c');
  }

  /** Frees the batch, the array and the network. */
  @TearDown(Level.Trial)
  public void tearDown() {
    batch.close();
    features.close();
    model.close();
  }

  /** One forward pass through Topiary's {@link Inference} interface (what the meter times). */
  @Benchmark
  public void topiaryForward() {
    inference.forward(batch);
  }

  /**
   * One bare DL4J forward pass, {@code network.output(x, false)}, closing the result as
   * {@link Inference#forward} does.
   *
   * @return the number of output values, so the call cannot be discarded
   */
  @Benchmark
  public long dl4jOutput() {
    MultiLayerNetwork network = model.network();
    try (INDArray out = network.output(features, false)) {
      return out.length();
    }
  }

  /** The network of a variant; the caller owns it. */
  static NetworkModel network(Variant variant) {
    NetworkModel dense = TinyNetworks.mlp(NETWORK_SEED, 784, 300, 150, 10);
    if (variant == Variant.DENSE) {
      return dense;
    }
    try (dense) {
      StructuredPruningPlan plan = StructuredPruningPlan.of(
          Map.of(0, UnitBudget.ofFraction(0.5), 1, UnitBudget.ofFraction(0.5)));
      StructuredPruningResult result = StructuredPruner.prune(dense, plan);
      String shape = result.model().describe();
      if (!shape.equals("in 784 → dense 150 → dense 75 → output 10")) {
        result.close();
        throw new IllegalStateException("structured pruning built " + shape + ", expected 784-150-75-10");
      }
      return result.model();
    }
  }

  /** {@code rows × width} uniform values in [0, 1), drawn with {@link #INPUT_SEED}. */
  static float[] randomRows(int rows, int width) {
    Random random = new Random(INPUT_SEED);
    float[] values = new float[rows * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat();
    }
    return values;
  }
}
