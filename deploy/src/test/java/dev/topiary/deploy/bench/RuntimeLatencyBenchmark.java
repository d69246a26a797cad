package dev.topiary.deploy.bench;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.FeatureShape;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.source.TrainSpec;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.deploy.compile.CompileOptions;
import dev.topiary.deploy.compile.KernelPolicy;
import dev.topiary.deploy.compile.RuntimeCompilation;
import dev.topiary.deploy.compile.RuntimeCompiler;
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.RuntimeModel;
import java.util.Arrays;
import java.util.List;
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
 * Forward-pass latency of the same weights in DL4J and in the Topiary runtime (dense and sparse
 * kernels), one thread, at batch 1 and 64.
 *
 * <p>Networks: the 784-300-150-10 ReLU MLP of {@link TinyNetworks#mlp} (seed {@value #NETWORK_SEED}),
 * the same with 90 % and 95 % of its weights zeroed by global magnitude (the smallest |w| over all
 * three weight matrices; biases kept), and Topiary's {@code lenet5} and {@code cnn-small} on 1×28×28
 * images (untrained, seeded). Inputs are uniform [0, 1) rows drawn with seed {@value #INPUT_SEED}.
 * {@code DL4J} is {@code network.output(x, false)} with the result closed; the runtime engines call
 * {@link RuntimeModel#predict}. ND4J runs on one native thread (run through
 * {@code benchmarks/runtime-jmh.sh}, which exports {@code OMP_NUM_THREADS=1}); the forked JVM enables
 * the Vector API as the launcher does.
 *
 * <p>The class is not final because JMH generates subclasses of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g", "--add-modules", "jdk.incubator.vector"})
public class RuntimeLatencyBenchmark {

  /** Seed of the networks' initial weights. */
  public static final long NETWORK_SEED = 42L;
  /** Seed of the input values. */
  public static final long INPUT_SEED = 7L;

  /** The network timed. */
  public enum Network {
    /** The dense 784-300-150-10 MLP. */
    MLP,
    /** The MLP with 90 % of its weights zero. */
    MLP_PRUNED_90,
    /** The MLP with 95 % of its weights zero. */
    MLP_PRUNED_95,
    /** Topiary's LeNet-5 on 28×28 images. */
    LENET5,
    /** Topiary's cnn-small on 28×28 images. */
    CNN_SMALL
  }

  /** Who runs the forward pass. */
  public enum Engine {
    /** DL4J's {@code output}. */
    DL4J,
    /** The runtime, dense kernels. */
    RUNTIME_DENSE,
    /** The runtime, sparse kernels. */
    RUNTIME_SPARSE,
    /**
     * The runtime as {@code runtime.compile} with {@code kernels: auto} builds it: each layer on the
     * kernel that was faster when timed on this batch at setup (the choices go to standard error).
     */
    RUNTIME_AUTO
  }

  /** The network. */
  @Param({"MLP", "MLP_PRUNED_90", "MLP_PRUNED_95", "LENET5", "CNN_SMALL"})
  public Network network;

  /** The engine. */
  @Param({"DL4J", "RUNTIME_DENSE", "RUNTIME_SPARSE", "RUNTIME_AUTO"})
  public Engine engine;

  /** Rows per call. */
  @Param({"1", "64"})
  public int batchSize;

  private NetworkModel model;
  private RuntimeModel runtime;
  private INDArray features;
  private float[] rows;

  /** Builds the network, compiles it for the runtime engines, and draws one batch of rows. */
  @Setup(Level.Trial)
  public void setUp() {
    Nd4j.factory().blas().setMaxThreads(1);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    model = build(network);
    int inputSize = NetworkModel.inputSize(model.network());
    rows = new float[batchSize * inputSize];
    Random random = new Random(INPUT_SEED);
    for (int i = 0; i < rows.length; i++) {
      rows[i] = random.nextFloat();
    }
    features = Nd4j.create(rows, new long[] {batchSize, inputSize}, 'c');
    if (engine == Engine.RUNTIME_AUTO) {
      RuntimeCompilation compilation = RuntimeCompiler.compile(model.network(),
          new CompileOptions(KernelPolicy.AUTO, CompileOptions.DEFAULT_SPARSITY_THRESHOLD,
              CompileOptions.DEFAULT_TIMING_MILLIS), rows, batchSize, List.of());
      runtime = compilation.model();
      compilation.choices().forEach(choice -> System.err.println("auto: " + choice));
    } else if (engine != Engine.DL4J) {
      runtime = RuntimeCompiler.compile(model.network(),
          engine == Engine.RUNTIME_DENSE ? KernelKind.DENSE : KernelKind.SPARSE);
    }
  }

  /** Frees the array and the network. */
  @TearDown(Level.Trial)
  public void tearDown() {
    features.close();
    model.close();
  }

  /**
   * One forward pass of {@link #batchSize} rows.
   *
   * @return a value of the output, so the call cannot be discarded
   */
  @Benchmark
  public float forward() {
    if (engine == Engine.DL4J) {
      try (INDArray out = model.network().output(features, false)) {
        return out.getFloat(0);
      }
    }
    return runtime.predict(rows, batchSize)[0];
  }

  /** The network of {@code network}; the caller owns it. */
  static NetworkModel build(Network network) {
    return switch (network) {
      case MLP -> TinyNetworks.mlp(NETWORK_SEED, 784, 300, 150, 10);
      case MLP_PRUNED_90 -> pruneGlobally(TinyNetworks.mlp(NETWORK_SEED, 784, 300, 150, 10), 0.9);
      case MLP_PRUNED_95 -> pruneGlobally(TinyNetworks.mlp(NETWORK_SEED, 784, 300, 150, 10), 0.95);
      case LENET5 -> image("lenet5");
      case CNN_SMALL -> image("cnn-small");
    };
  }

  private static NetworkModel image(String architecture) {
    Dataset shape = new Dataset(new float[784], new int[1], 784, 10, new FeatureShape(1, 28, 28), List.of());
    TrainSpec spec = new TrainSpec(architecture, null, "relu", 1, 64, 0.001, "adam", 0.0, NETWORK_SEED);
    MultiLayerNetwork net = new MultiLayerNetwork(spec.configuration(shape, NETWORK_SEED));
    net.init();
    return NetworkModel.of(net);
  }

  /** Zeroes the {@code sparsity} share of all weights (not biases) with the smallest magnitude. */
  static NetworkModel pruneGlobally(NetworkModel model, double sparsity) {
    MultiLayerNetwork net = model.network();
    int layers = net.getnLayers();
    float[][] weights = new float[layers][];
    int total = 0;
    for (int i = 0; i < layers; i++) {
      weights[i] = net.getParam(i + "_W").dup('c').data().asFloat();
      total += weights[i].length;
    }
    float[] magnitudes = new float[total];
    int k = 0;
    for (float[] w : weights) {
      for (float v : w) {
        magnitudes[k++] = Math.abs(v);
      }
    }
    Arrays.sort(magnitudes);
    float threshold = magnitudes[(int) Math.floor(sparsity * total)];
    for (int i = 0; i < layers; i++) {
      INDArray param = net.getParam(i + "_W");
      float[] w = weights[i];
      for (int j = 0; j < w.length; j++) {
        if (Math.abs(w[j]) < threshold) {
          w[j] = 0f;
        }
      }
      param.assign(Nd4j.create(w, param.shape(), 'c'));
    }
    return model;
  }
}
