package dev.topiary.deploy.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.source.TrainSpec;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.deploy.compile.RuntimeCompiler;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.PruningResult;
import dev.topiary.pruning.Pruner;
import dev.topiary.pruning.Scope;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.RuntimeModel;
import java.nio.FloatBuffer;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward-pass latency of the same weights in several inference engines, one thread each: DL4J
 * ({@code network.output(x, false)}), ONNX Runtime Java running the file {@link OnnxExporter}
 * writes, and the Topiary runtime ({@link RuntimeModel#predict}) compiled by {@link RuntimeCompiler}
 * with dense or with sparse kernels in every layer, for the networks of issue 8's benchmark table at
 * batch sizes 1 and 64.
 *
 * <p>Networks ({@link Network}), all float32 and built with fixed seeds: the 784-300-150-10 MLP of
 * {@link TinyNetworks#mlp} (ReLU, softmax; seed {@value #NETWORK_SEED}), the same MLP globally
 * magnitude-pruned ({@link Pruner} with {@link MagnitudeCriterion}, {@link Scope#GLOBAL}) to 90 % and
 * 95 % of its weights, and {@code lenet5} and {@code cnn-small} as {@link TrainSpec} configures them
 * for 28×28 grey images and 10 classes. The weights are untrained: dense engines time the same
 * whatever the values, and the pruned networks have the sparsity pattern magnitude pruning gives
 * their initial weights. The input is {@code batchSize} rows of uniform [0, 1) values drawn with
 * seed {@value #INPUT_SEED}, prepared once per trial in each engine's own input form (an
 * {@code INDArray}, an {@code OnnxTensor}; the Topiary runtime takes the {@code float[]} itself); each
 * call returns the probabilities as a Java {@code float[]}, which is what a caller gets.
 *
 * <p>Threads: DL4J on one native thread (OpenBLAS, OpenMP and libnd4j's pool limited to one; run
 * through {@code benchmarks/engines-jmh.sh}, which exports {@code OMP_NUM_THREADS=1} for JMH's forked
 * JVM); ONNX Runtime with one intra-op and one inter-op thread, sequential execution and all graph
 * optimisations, set explicitly in {@link #onnxRuntime}; the Topiary runtime runs on the calling
 * thread, with its Vector API kernels (the forked JVM adds {@code jdk.incubator.vector}, as the
 * launcher does).
 *
 * <p>Another engine is one more {@link Engine} constant, one more entry in the {@code engine}
 * parameter's list and one more case in {@link #setUp}. The int8 engines (the Topiary int8 runtime
 * and ONNX Runtime on the QDQ export) need the quantizer, which depends on this module, so they are
 * timed by the quantization module's {@code Int8EnginesBenchmark} ({@code benchmarks/engines-int8-jmh.sh})
 * on the same networks, seeds and inputs.
 *
 * <p>The class is not final because JMH generates subclasses of it.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g", "--add-modules", "jdk.incubator.vector"})
public class InferenceEnginesBenchmark {

  /** Seed of the networks' initial weights. */
  public static final long NETWORK_SEED = 42L;

  /** Seed of the input values. */
  public static final long INPUT_SEED = 7L;

  /** The networks of the benchmark table. */
  public enum Network {
    /** The dense 784-300-150-10 MLP. */
    MLP,
    /** The MLP with 90 % of its weights pruned by global magnitude. */
    MLP_PRUNED_90,
    /** The MLP with 95 % of its weights pruned by global magnitude. */
    MLP_PRUNED_95,
    /** LeNet-5 for 28×28 images (conv 5×5×6 padded, pool, conv 5×5×16, pool, dense 120, 84, 10). */
    LENET5,
    /** The TensorFlow pruning tutorial's network: conv 3×3×12, max pool 2×2, dense 10. */
    CNN_SMALL
  }

  /** The engines timed. */
  public enum Engine {
    /** DL4J's {@code MultiLayerNetwork.output(x, false)}. */
    DL4J,
    /** ONNX Runtime Java on the exported ONNX file. */
    ONNX_RUNTIME,
    /** The Topiary runtime with the dense fp32 kernel in every layer with weights. */
    TOPIARY_DENSE,
    /** The Topiary runtime with the sparse fp32 kernel in every layer with weights. */
    TOPIARY_SPARSE
  }

  /** The network to time. */
  @Param({"MLP", "MLP_PRUNED_90", "MLP_PRUNED_95", "LENET5", "CNN_SMALL"})
  public Network network;

  /** The engine to time. */
  @Param({"DL4J", "ONNX_RUNTIME", "TOPIARY_DENSE", "TOPIARY_SPARSE"})
  public Engine engine;

  /** Rows per forward call. */
  @Param({"1", "64"})
  public int batchSize;

  /** Where the input rows come from (see {@link Input}). */
  @Param({"UNIFORM"})
  public Input input;

  /**
   * The benchmark's input rows. Dense engines take the same time for any values, but the Topiary
   * runtime's dense kernel skips the weight columns of zero inputs, so real images (about half of
   * a Fashion-MNIST image's pixels are 0) are faster there than uniform values.
   */
  public enum Input {
    /** Uniform values in [0, 1), seeded: no zeros. */
    UNIFORM,
    /** The first test images of the embedded Fashion-MNIST sample, pixels scaled to [0, 1] as the data source does. */
    FASHION_MNIST
  }

  /** One prepared forward call of an engine. */
  interface EngineCall extends AutoCloseable {
    float[] run() throws OrtException;

    @Override
    void close() throws OrtException;
  }

  private NetworkModel model;
  private EngineCall call;

  /** Builds {@link #network}, prepares one batch of seeded rows and {@link #engine}'s call. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Nd4j.factory().blas().setMaxThreads(1);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    model = network(network);
    float[] rows = input == Input.UNIFORM ? randomRows(batchSize, NetworkModel.inputSize(model.network()))
        : sampleRows(batchSize);
    call = switch (engine) {
      case DL4J -> dl4j(model.network(), rows, batchSize);
      case ONNX_RUNTIME -> onnxRuntime(OnnxExporter.export(model), rows, batchSize);
      case TOPIARY_DENSE -> topiary(RuntimeCompiler.compile(model.network(), KernelKind.DENSE), rows, batchSize);
      case TOPIARY_SPARSE -> topiary(RuntimeCompiler.compile(model.network(), KernelKind.SPARSE), rows, batchSize);
    };
    // one call before timing, so a broken set-up fails here and not in the measurement
    call.run();
  }

  /** Frees the engine's call and the network. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    call.close();
    model.close();
  }

  /**
   * One forward pass of {@link #engine} on the prepared batch.
   *
   * @return the probabilities, so the call cannot be discarded
   */
  @Benchmark
  public float[] predict() throws OrtException {
    return call.run();
  }

  /** The network of the table, built with {@link #NETWORK_SEED}; the caller owns it. */
  static NetworkModel network(Network network) {
    return switch (network) {
      case MLP -> TinyNetworks.mlp(NETWORK_SEED, 784, 300, 150, 10);
      case MLP_PRUNED_90 -> pruned(0.90);
      case MLP_PRUNED_95 -> pruned(0.95);
      case LENET5 -> image("lenet5");
      case CNN_SMALL -> image("cnn-small");
    };
  }

  private static NetworkModel pruned(double sparsity) {
    try (NetworkModel dense = TinyNetworks.mlp(NETWORK_SEED, 784, 300, 150, 10)) {
      PruningPlan plan = PruningPlan.builder().sparsity(sparsity).scope(Scope.GLOBAL).build();
      PruningResult result = Pruner.prune(dense, plan, new MagnitudeCriterion());
      return result.model();
    }
  }

  private static NetworkModel image(String architecture) {
    Dataset shape = TinyNetworks.imageBlobs(NETWORK_SEED, 10, 28, 10);
    TrainSpec spec = new TrainSpec(architecture, null, "relu", 1, null, null, null, null, NETWORK_SEED);
    MultiLayerNetwork network = new MultiLayerNetwork(spec.configuration(shape, NETWORK_SEED));
    network.init();
    return NetworkModel.of(network);
  }

  /** DL4J's own call on a prepared array; the output is copied into a {@code float[]} and freed. */
  static EngineCall dl4j(MultiLayerNetwork network, float[] rows, int batchSize) {
    INDArray features = Nd4j.create(rows, new long[] {batchSize, rows.length / batchSize}, 'c');
    return new EngineCall() {
      @Override
      public float[] run() {
        try (INDArray out = network.output(features, false)) {
          return out.data().asFloat();
        }
      }

      @Override
      public void close() {
        features.close();
      }
    };
  }

  /**
   * ONNX Runtime on {@code model}, one intra-op and one inter-op thread, sequential execution, all
   * graph optimisations; the input tensor is prepared once, the output copied into a {@code float[]}.
   */
  static EngineCall onnxRuntime(OnnxModel model, float[] rows, int batchSize) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = environment.createSession(model.bytes(), options);
    }
    OnnxTensor features = OnnxTensor.createTensor(environment, FloatBuffer.wrap(rows),
        new long[] {batchSize, model.inputSize()});
    Map<String, OnnxTensor> inputs = Map.of(OnnxExporter.INPUT_NAME, features);
    return new EngineCall() {
      @Override
      public float[] run() throws OrtException {
        try (OrtSession.Result result = session.run(inputs)) {
          FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
          float[] probabilities = new float[buffer.remaining()];
          buffer.get(probabilities);
          return probabilities;
        }
      }

      @Override
      public void close() throws OrtException {
        features.close();
        session.close();
      }
    };
  }

  /** The Topiary runtime's own call on the rows as they are. */
  static EngineCall topiary(RuntimeModel model, float[] rows, int batchSize) {
    return new EngineCall() {
      @Override
      public float[] run() {
        return model.predict(rows, batchSize);
      }

      @Override
      public void close() {
        // a runtime model holds no native memory
      }
    };
  }

  /** The first {@code rows} test images of the embedded Fashion-MNIST sample, row-major, scaled to [0, 1]. */
  static float[] sampleRows(int rows) throws Exception {
    dev.topiary.core.data.Dataset test = new dev.topiary.core.data.FashionMnistSampleDataSpec(0.1, null, null)
        .load(null, 42).test();
    int width = test.featureCount();
    float[] values = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(test.features(), r * width, values, r * width, width);
    }
    return values;
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
