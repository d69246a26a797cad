package dev.topiary.quantization.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.source.TrainSpec;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.deploy.compile.RuntimeCompiler;
import dev.topiary.deploy.onnx.OnnxExporter;
import dev.topiary.deploy.onnx.OnnxModel;
import dev.topiary.quantization.Int8Quantizer;
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.RuntimeModel;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
 * The int8 rows of the engines benchmark (the int8 companion of deploy's
 * {@code InferenceEnginesBenchmark}, which cannot see the quantizer: quantization depends on deploy):
 * forward-pass latency, one thread each, of the Topiary runtime with the int8 model
 * {@link Int8Quantizer} makes, ONNX Runtime Java running that model's QDQ export
 * ({@link OnnxExporter#export(RuntimeModel)}), and beside them the same weights in fp32 in both
 * engines, for the 784-300-150-10 MLP and LeNet-5 at batch sizes 1 and 64.
 *
 * <p>Networks: built exactly as deploy's benchmark builds them (untrained, seed
 * {@value #NETWORK_SEED}: {@link TinyNetworks#mlp} and {@code lenet5} as {@link TrainSpec} configures
 * it), compiled to the fp32 runtime with dense kernels, and quantized with the quantizer's defaults
 * (per-channel weights, asymmetric activations, entropy calibration, bias correction, kernels chosen
 * by measurement) on {@value #CALIBRATION_ROWS} rows of uniform [0, 1) values drawn with seed
 * {@value #CALIBRATION_SEED}. The timed input is {@code batchSize} such rows drawn with seed
 * {@value #INPUT_SEED} (the same rows as deploy's benchmark), prepared once per trial; every call
 * returns the probabilities as a Java {@code float[]}.
 *
 * <p>Threads: ONNX Runtime with one intra-op and one inter-op thread, sequential execution and all
 * graph optimisations (which fuse the QDQ pattern into integer kernels); the Topiary runtime on the
 * calling thread with its Vector API kernels. Run through {@code benchmarks/engines-int8-jmh.sh}.
 *
 * <p>The class is not final because JMH generates subclasses of it.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g", "--add-modules", "jdk.incubator.vector"})
public class Int8EnginesBenchmark {

  /** Seed of the networks' initial weights (as in deploy's benchmark). */
  public static final long NETWORK_SEED = 42L;

  /** Seed of the timed input values (as in deploy's benchmark). */
  public static final long INPUT_SEED = 7L;

  /** Seed of the calibration rows. */
  public static final long CALIBRATION_SEED = 11L;

  /** Number of calibration rows. */
  public static final int CALIBRATION_ROWS = 512;

  /** The networks. */
  public enum Network {
    /** The dense 784-300-150-10 MLP. */
    MLP,
    /** LeNet-5 for 28×28 grey images. */
    LENET5
  }

  /** The engines. */
  public enum Engine {
    /** The Topiary runtime, fp32 dense kernels. */
    TOPIARY_FP32,
    /** The Topiary runtime, the int8 model. */
    TOPIARY_INT8,
    /** ONNX Runtime Java on the fp32 runtime model's export. */
    ONNX_RUNTIME_FP32,
    /** ONNX Runtime Java on the int8 model's QDQ export. */
    ONNX_RUNTIME_INT8
  }

  /** The network timed. */
  @Param({"MLP", "LENET5"})
  public Network network;

  /** The engine timed. */
  @Param({"TOPIARY_FP32", "TOPIARY_INT8", "ONNX_RUNTIME_FP32", "ONNX_RUNTIME_INT8"})
  public Engine engine;

  /** Rows per call. */
  @Param({"1", "64"})
  public int batchSize;

  /** One prepared forward call of an engine. */
  interface EngineCall extends AutoCloseable {
    float[] run() throws OrtException;

    @Override
    void close() throws OrtException;
  }

  private EngineCall call;

  /** Builds, compiles and quantizes {@link #network}, prepares one batch and {@link #engine}'s call. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    RuntimeModel fp32;
    try (NetworkModel model = network(network)) {
      fp32 = RuntimeCompiler.compile(model.network(), KernelKind.DENSE);
    }
    float[] rows = randomRows(batchSize, fp32.inputSize(), INPUT_SEED);
    call = switch (engine) {
      case TOPIARY_FP32 -> topiary(fp32, rows, batchSize);
      case TOPIARY_INT8 -> topiary(int8(fp32), rows, batchSize);
      case ONNX_RUNTIME_FP32 -> onnxRuntime(OnnxExporter.export(fp32), rows, batchSize);
      case ONNX_RUNTIME_INT8 -> onnxRuntime(OnnxExporter.export(int8(fp32)), rows, batchSize);
    };
    // one call before timing, so a broken set-up fails here and not in the measurement
    call.run();
  }

  /** Frees the engine's call. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    call.close();
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

  /** The int8 model of {@code fp32}, calibrated on the seeded uniform rows. */
  static RuntimeModel int8(RuntimeModel fp32) {
    float[] calibration = randomRows(CALIBRATION_ROWS, fp32.inputSize(), CALIBRATION_SEED);
    return Int8Quantizer.builder().build().quantize(fp32, calibration, CALIBRATION_ROWS).model();
  }

  /** The network, built with {@link #NETWORK_SEED}; the caller owns it. */
  static NetworkModel network(Network network) {
    return switch (network) {
      case MLP -> TinyNetworks.mlp(NETWORK_SEED, 784, 300, 150, 10);
      case LENET5 -> {
        Dataset shape = TinyNetworks.imageBlobs(NETWORK_SEED, 10, 28, 10);
        TrainSpec spec = new TrainSpec("lenet5", null, "relu", 1, null, null, null, null, NETWORK_SEED);
        MultiLayerNetwork net = new MultiLayerNetwork(spec.configuration(shape, NETWORK_SEED));
        net.init();
        yield NetworkModel.of(net);
      }
    };
  }

  /** ONNX Runtime on {@code model}: one intra-op and one inter-op thread, all graph optimisations. */
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

  /** {@code rows × width} uniform [0, 1) values drawn with {@code seed}. */
  static float[] randomRows(int rows, int width, long seed) {
    Random random = new Random(seed);
    float[] values = new float[rows * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat();
    }
    return values;
  }
}
