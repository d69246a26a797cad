package dev.topiary.quantization;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.quantization.calibration.ActivationStatistics;
import dev.topiary.quantization.calibration.Histogram;
import dev.topiary.quantization.calibration.PercentileThreshold;
import dev.topiary.quantization.calibration.ThresholdSearch;
import dev.topiary.runtime.ModelSurgery;
import dev.topiary.runtime.ModelSurgery.Int8Replacement;
import dev.topiary.runtime.ModelSurgery.WeightedLayer;
import dev.topiary.runtime.RuntimeModel;
import dev.topiary.runtime.Window;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Static post-training int8 quantization of a compiled fp32 runtime model: symmetric int8
 * weights (per output channel or per tensor), activations calibrated on example inputs (asymmetric
 * uint8 or symmetric int8; min/max, percentile, entropy or mse ranges), bias correction, layers
 * kept in float by name, and dense or sparse int8 kernels.
 *
 * <pre>{@code
 * Int8Quantizer quantizer = Int8Quantizer.builder()
 *     .calibration(CalibrationMethod.ENTROPY)
 *     .calibrationExamples(512)
 *     .build();
 * QuantizationResult result = quantizer.quantize(fp32Model, trainingSplit);
 * result.model().save(Path.of("model-int8.tpm"));
 * }</pre>
 *
 * <p>Each quantized layer quantizes its input with the calibrated scale and zero point, multiplies
 * int8 codes into int32 accumulators and converts them back to float with the bias (corrected for
 * the weights' rounding, Nagel et al. 2019) and relu folded in. Calibration uses the float model's
 * activations at each layer's input. Immutable: one quantizer can quantize many models.
 */
public final class Int8Quantizer {

  /** The default number of calibration examples. */
  public static final int DEFAULT_CALIBRATION_EXAMPLES = 512;
  /** Layers with at least this share of zero weights are candidates for the sparse kernel. */
  public static final double SPARSE_CANDIDATE = 0.5;
  /** Warm-up of each candidate kernel before it is timed: the JIT needs it, more on a busy machine. */
  private static final long KERNEL_WARMUP_NANOS = 200_000_000L;

  private final WeightGranularity weights;
  private final ActivationScheme activations;
  private final CalibrationMethod calibration;
  private final double percentile;
  private final int calibrationExamples;
  private final long seed;
  private final boolean biasCorrection;
  private final List<String> keepFloat;
  private final KernelChoice kernels;

  private Int8Quantizer(Builder b) {
    this.weights = b.weights;
    this.activations = b.activations;
    this.calibration = b.calibration;
    this.percentile = b.percentile;
    this.calibrationExamples = b.calibrationExamples;
    this.seed = b.seed;
    this.biasCorrection = b.biasCorrection;
    this.keepFloat = List.copyOf(b.keepFloat);
    this.kernels = b.kernels;
  }

  /** A builder with every default: per-channel, asymmetric, entropy, 512 examples, bias correction on. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of calibration examples drawn from a dataset. */
  public int calibrationExamples() {
    return calibrationExamples;
  }

  /** The layers kept in float, by name. */
  public List<String> keepFloat() {
    return keepFloat;
  }

  /**
   * Quantizes {@code fp32} calibrating on {@code calibrationExamples} rows of {@code data} (a
   * seeded random choice; the training split in a recipe).
   *
   * @throws IllegalArgumentException if the data has fewer rows than {@code calibrationExamples}
   *     or rows that do not fit the model, a keepFloat name is unknown, or the model is int8 already
   */
  public QuantizationResult quantize(RuntimeModel fp32, Dataset data) {
    return quantize(fp32, calibrationRows(data, calibrationExamples, seed), calibrationExamples);
  }

  /**
   * Compiles {@code network} (borrowed, not changed; masks applied) to an fp32 runtime model with
   * the runtime compiler (batch norm folded, kernels timed) and quantizes it, calibrating on
   * {@code calibrationExamples} rows of {@code data} (a seeded random choice). {@code keepFloat}
   * may name layers by their DL4J name, their DL4J index or their runtime name.
   *
   * @throws IllegalArgumentException if the network cannot be compiled, the data does not fit, or a
   *     keepFloat name is unknown
   */
  public QuantizationResult quantize(NetworkModel network, Dataset data) {
    float[] rows = calibrationRows(data, calibrationExamples, seed);
    int sample = Math.min(64, calibrationExamples);
    checkFeatures(data.featureCount(), NetworkModel.inputSize(network.network()));
    FloatCompilation compiled = FloatCompilation.of(network, Arrays.copyOf(rows, sample * data.featureCount()),
        sample, data.classNames());
    return withKeepFloat(compiled.runtimeNames(keepFloat)).quantize(compiled.model, rows, calibrationExamples);
  }

  /**
   * As {@link #quantize(NetworkModel, Dataset)}, then the accuracy-aware fallback of {@link
   * #quantize(RuntimeModel, float[], int, Dataset, double)} on {@code validation}.
   */
  public QuantizationResult quantize(NetworkModel network, Dataset data, Dataset validation, double maxAccuracyDrop) {
    float[] rows = calibrationRows(data, calibrationExamples, seed);
    int sample = Math.min(64, calibrationExamples);
    checkFeatures(data.featureCount(), NetworkModel.inputSize(network.network()));
    FloatCompilation compiled = FloatCompilation.of(network, Arrays.copyOf(rows, sample * data.featureCount()),
        sample, data.classNames());
    return withKeepFloat(compiled.runtimeNames(keepFloat)).quantize(compiled.model, rows, calibrationExamples,
        validation, maxAccuracyDrop);
  }

  /** As {@link #quantize(NetworkModel, Dataset)} for a bare DL4J network (borrowed, not changed). */
  public QuantizationResult quantize(MultiLayerNetwork network, Dataset data) {
    float[] rows = calibrationRows(data, calibrationExamples, seed);
    int sample = Math.min(64, calibrationExamples);
    checkFeatures(data.featureCount(), NetworkModel.inputSize(network));
    FloatCompilation compiled = FloatCompilation.of(network, Arrays.copyOf(rows, sample * data.featureCount()),
        sample, data.classNames());
    return withKeepFloat(compiled.runtimeNames(keepFloat)).quantize(compiled.model, rows, calibrationExamples);
  }

  /**
   * As {@link #quantize(NetworkModel, Dataset)} calibrating on the first {@code
   * calibrationExamples} examples of a DL4J iterator (in its order; reset first, not after).
   *
   * @throws IllegalArgumentException if the iterator has fewer examples or they do not fit the network
   */
  public QuantizationResult quantize(MultiLayerNetwork network, DataSetIterator data) {
    int inputSize = NetworkModel.inputSize(network);
    float[] rows = new float[Math.multiplyExact(calibrationExamples, inputSize)];
    int filled = 0;
    if (data.resetSupported()) {
      data.reset();
    }
    while (filled < calibrationExamples && data.hasNext()) {
      DataSet batch = data.next();
      INDArray features = batch.getFeatures();
      long n = features.size(0);
      long perRow = features.length() / Math.max(1, n);
      checkFeatures(perRow, inputSize);
      float[] values = features.dup('c').data().asFloat();
      int take = (int) Math.min(n, calibrationExamples - filled);
      System.arraycopy(values, 0, rows, filled * inputSize, take * inputSize);
      filled += take;
    }
    if (filled < calibrationExamples) {
      throw new IllegalArgumentException("calibrationExamples is " + calibrationExamples
          + ", but the calibration data has only " + filled + " rows");
    }
    int sample = Math.min(64, calibrationExamples);
    FloatCompilation compiled = FloatCompilation.of(network, Arrays.copyOf(rows, sample * inputSize), sample,
        List.of());
    return withKeepFloat(compiled.runtimeNames(keepFloat)).quantize(compiled.model, rows, calibrationExamples);
  }

  private static void checkFeatures(long dataFeatures, int modelFeatures) {
    if (dataFeatures != modelFeatures) {
      throw new IllegalArgumentException("calibration data has " + dataFeatures
          + " features per row, but the model takes " + modelFeatures);
    }
  }

  private Int8Quantizer withKeepFloat(List<String> names) {
    return builder().weights(weights).activations(activations).calibration(calibration).percentile(percentile)
        .calibrationExamples(calibrationExamples).seed(seed).biasCorrection(biasCorrection).keepFloat(names)
        .kernels(kernels).build();
  }

  /**
   * The seeded choice of {@code examples} calibration rows of {@code data}, row-major.
   *
   * @throws IllegalArgumentException if {@code data} has fewer rows
   */
  public static float[] calibrationRows(Dataset data, int examples, long seed) {
    if (examples > data.rows()) {
      throw new IllegalArgumentException("calibrationExamples is " + examples + ", but the calibration data has only "
          + data.rows() + " rows");
    }
    int[] order = Dataset.permutation(data.rows(), new Random(seed));
    int[] chosen = Arrays.copyOf(order, examples);
    Arrays.sort(chosen);
    return data.subset(chosen).features();
  }

  /**
   * Quantizes {@code fp32} calibrating on all {@code rows} given feature rows (raw features, as
   * {@link RuntimeModel#predict} takes them).
   *
   * @throws IllegalArgumentException if the rows do not fit the model, a keepFloat name is unknown,
   *     or the model has an int8 layer already
   */
  public QuantizationResult quantize(RuntimeModel fp32, float[] features, int rows) {
    Plan plan = plan(fp32, features, rows);
    return finish(plan, plan.replacements, Double.NaN, Double.NaN, List.of());
  }

  /**
   * Quantizes {@code fp32} as {@link #quantize(RuntimeModel, float[], int)} does, then, while the
   * int8 model's accuracy on {@code validation} is more than {@code maxAccuracyDrop} below the
   * fp32 model's, returns to fp32 the one layer whose fallback helps most, one at a time.
   *
   * @param maxAccuracyDrop the accuracy budget, a fraction in [0, 1) (0.001 is a tenth of a point)
   * @throws IllegalArgumentException as the plain call, or if the budget is out of range or the
   *     validation data is empty
   */
  public QuantizationResult quantize(RuntimeModel fp32, float[] features, int rows, Dataset validation,
      double maxAccuracyDrop) {
    if (!(maxAccuracyDrop >= 0 && maxAccuracyDrop < 1)) {
      throw new IllegalArgumentException("maxAccuracyDrop must be in [0, 1), got " + maxAccuracyDrop);
    }
    if (validation.rows() == 0) {
      throw new IllegalArgumentException("maxAccuracyDrop needs validation data, but the validation split is empty");
    }
    Plan plan = plan(fp32, features, rows);
    double floatAccuracy = accuracy(fp32, validation);
    Map<Integer, Int8Replacement> current = new LinkedHashMap<>(plan.replacements);
    double accuracy = accuracy(ModelSurgery.replace(fp32, current), validation);
    double initial = accuracy;
    List<FallbackStep> steps = new ArrayList<>();
    while (exceedsBudget(floatAccuracy, accuracy, maxAccuracyDrop) && !current.isEmpty()) {
      int bestIndex = -1;
      double bestAccuracy = Double.NEGATIVE_INFINITY;
      for (int index : current.keySet()) {
        Map<Integer, Int8Replacement> candidate = new LinkedHashMap<>(current);
        candidate.remove(index);
        double a = accuracy(ModelSurgery.replace(fp32, candidate), validation);
        if (a > bestAccuracy) {
          bestAccuracy = a;
          bestIndex = index;
        }
      }
      current.remove(bestIndex);
      accuracy = bestAccuracy;
      plan.partials.remove(bestIndex);
      steps.add(new FallbackStep(plan.name(bestIndex), accuracy, floatAccuracy - accuracy));
    }
    return finish(plan, current, floatAccuracy, initial, steps);
  }

  /**
   * Whether {@code int8Accuracy} is more than {@code maxAccuracyDrop} below {@code floatAccuracy}.
   * Accuracies are counts over the validation rows, so a drop exactly at the budget (6 of 6,000
   * rows against 0.001) must not count as more because of the doubles' rounding: 0.9025 − 0.9015
   * is 0.0010000000000000009 in double arithmetic.
   */
  static boolean exceedsBudget(double floatAccuracy, double int8Accuracy, double maxAccuracyDrop) {
    return floatAccuracy - int8Accuracy > maxAccuracyDrop + 1e-9;
  }

  /** Top-1 accuracy of {@code model} on {@code data}, in [0, 1]. */
  public static double accuracy(RuntimeModel model, Dataset data) {
    int classes = model.classCount();
    int correct = 0;
    for (int from = 0; from < data.rows(); from += 500) {
      int to = Math.min(data.rows(), from + 500);
      float[] p = model.predict(data.featureRows(from, to), to - from);
      for (int r = 0; r < to - from; r++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (p[r * classes + c] > p[r * classes + best]) {
            best = c;
          }
        }
        if (best == data.label(from + r)) {
          correct++;
        }
      }
    }
    return data.rows() == 0 ? Double.NaN : (double) correct / data.rows();
  }

  /** Everything quantization decided before the model is assembled. */
  private static final class Plan {
    RuntimeModel fp32;
    float[] features;
    int rows;
    List<WeightedLayer> layers;
    List<float[]> trace;
    Map<Integer, Int8Replacement> replacements;
    Map<Integer, Partial> partials;
    Map<String, ActivationStatistics> statistics;

    String name(int index) {
      return layers.stream().filter(l -> l.index() == index).findFirst().orElseThrow().name();
    }
  }

  private Plan plan(RuntimeModel fp32, float[] features, int rows) {
    if (rows <= 0) {
      throw new IllegalArgumentException("calibration needs at least one example, got " + rows);
    }
    if (features.length % rows != 0 || features.length / rows != fp32.inputSize()) {
      throw new IllegalArgumentException("calibration data has " + (features.length / rows)
          + " features per row, but the model takes " + fp32.inputSize());
    }
    List<WeightedLayer> layers = ModelSurgery.weightedLayers(fp32);
    checkLayers(layers);
    List<float[]> trace = ModelSurgery.trace(fp32, features, rows);
    ThresholdSearch search = calibration.search(percentile);
    Map<Integer, Int8Replacement> replacements = new LinkedHashMap<>();
    Map<String, ActivationStatistics> statistics = new LinkedHashMap<>();
    Map<Integer, Partial> partials = new LinkedHashMap<>();
    for (WeightedLayer layer : layers) {
      if (keepFloat.contains(layer.name())) {
        continue;
      }
      float[] input = layer.index() == 0 ? features : trace.get(layer.index() - 1);
      ActivationStatistics stats = ActivationStatistics.of(input, Histogram.DEFAULT_BINS);
      statistics.put(layer.name(), stats);
      QuantParams in = stats.params(activations, search);
      QuantizedWeights q = QuantizedWeights.quantize(layer.weights(), layer.outputs(), weights);
      float[] bias = layer.bias();
      float shiftMax = 0f;
      if (biasCorrection) {
        float[] mean = layer.isConvolution() ? meanPatch(layer, input, rows) : BiasCorrection.mean(input, rows,
            layer.fanIn());
        float[] shift = BiasCorrection.expectedShift(layer.weights(), q.dequantize(), layer.outputs(), mean);
        bias = BiasCorrection.correct(bias, shift);
        for (float s : shift) {
          shiftMax = Math.max(shiftMax, Math.abs(s));
        }
      }
      double sparsity = 1 - (double) q.nonZeros() / Math.max(1, layer.weights().length);
      boolean sparse = kernels == KernelChoice.SPARSE;
      replacements.put(layer.index(), new Int8Replacement(in.scale(), in.runtimeZeroPoint(), q.scales(), q.codes(),
          bias, sparse));
      partials.put(layer.index(), new Partial(in, q, stats, clipped(input, in), sparsity, shiftMax));
    }
    Plan plan = new Plan();
    plan.fp32 = fp32;
    plan.features = features;
    plan.rows = rows;
    plan.layers = layers;
    plan.trace = trace;
    plan.partials = partials;
    plan.statistics = statistics;
    plan.replacements = kernels == KernelChoice.AUTO ? chooseKernels(fp32, replacements, partials, trace, features)
        : replacements;
    return plan;
  }

  private QuantizationResult finish(Plan plan, Map<Integer, Int8Replacement> replacements, double floatAccuracy,
      double initialAccuracy, List<FallbackStep> steps) {
    RuntimeModel model = ModelSurgery.replace(plan.fp32, replacements);
    List<LayerQuantization> report = report(model, plan.layers, plan.partials, plan.trace, plan.features, plan.rows);
    Map<String, ActivationStatistics> statistics = new LinkedHashMap<>();
    for (WeightedLayer layer : plan.layers) {
      if (replacements.containsKey(layer.index())) {
        statistics.put(layer.name(), plan.statistics.get(layer.name()));
      }
    }
    return new QuantizationResult(model, plan.fp32, report, statistics, plan.rows, floatAccuracy, initialAccuracy,
        steps);
  }

  private void checkLayers(List<WeightedLayer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("the model has no dense or convolution layer to quantize");
    }
    for (WeightedLayer layer : layers) {
      if (layer.isInt8()) {
        throw new IllegalArgumentException("layer " + layer.index() + " (" + layer.name() + ") is int8 already; "
            + "quantize the fp32 model");
      }
    }
    Set<String> known = new LinkedHashSet<>();
    layers.forEach(l -> known.add(l.name()));
    for (String name : keepFloat) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("keepFloat names unknown layer '" + name + "'; known: " + known);
      }
    }
  }

  /** The sparse kernel replaces the dense one where it is faster at batch 1 on a calibration input. */
  private static Map<Integer, Int8Replacement> chooseKernels(RuntimeModel fp32, Map<Integer, Int8Replacement> chosen,
      Map<Integer, Partial> partials, List<float[]> trace, float[] features) {
    Map<Integer, Int8Replacement> sparse = new LinkedHashMap<>();
    chosen.forEach((index, r) -> {
      if (partials.get(index).sparsity >= SPARSE_CANDIDATE) {
        sparse.put(index, new Int8Replacement(r.inputScale(), r.inputZeroPoint(), r.weightScales(), r.codes(),
            r.bias(), true));
      }
    });
    if (sparse.isEmpty()) {
      return chosen;
    }
    RuntimeModel dense = ModelSurgery.replace(fp32, chosen);
    RuntimeModel allSparse = ModelSurgery.replace(fp32, sparse);
    Map<Integer, Int8Replacement> result = new LinkedHashMap<>(chosen);
    for (int index : sparse.keySet()) {
      float[] input = index == 0 ? features : trace.get(index - 1);
      // dense, sparse, dense again: the first kernel timed also pays for the JIT's first compilations
      long denseNanos = ModelSurgery.layerNanos(dense, index, input, 1, KERNEL_WARMUP_NANOS, 101);
      long sparseNanos = ModelSurgery.layerNanos(allSparse, index, input, 1, KERNEL_WARMUP_NANOS, 101);
      denseNanos = Math.min(denseNanos, ModelSurgery.layerNanos(dense, index, input, 1, KERNEL_WARMUP_NANOS / 2,
          101));
      partials.get(index).kernelNanos = new long[] {denseNanos, sparseNanos};
      if (sparseNanos < denseNanos) {
        result.put(index, sparse.get(index));
      }
    }
    return result;
  }

  private static List<LayerQuantization> report(RuntimeModel model, List<WeightedLayer> layers,
      Map<Integer, Partial> partials, List<float[]> trace, float[] features, int rows) {
    List<float[]> quantizedTrace = ModelSurgery.trace(model, features, rows);
    List<WeightedLayer> quantizedLayers = ModelSurgery.weightedLayers(model);
    List<LayerQuantization> out = new ArrayList<>();
    for (int k = 0; k < layers.size(); k++) {
      WeightedLayer layer = layers.get(k);
      WeightedLayer now = quantizedLayers.get(k);
      float[] input = layer.index() == 0 ? features : trace.get(layer.index() - 1);
      float[] reference = trace.get(layer.index());
      double cumulative = SignalToQuantizationNoise.decibels(reference, quantizedTrace.get(layer.index()));
      Partial p = partials.get(layer.index());
      if (p == null) {
        out.add(new LayerQuantization(layer.index(), layer.name(), layer.type(), "fp32", now.kernel().label(), 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, Double.POSITIVE_INFINITY, cumulative, Double.NaN, Double.NaN));
        continue;
      }
      double isolated = SignalToQuantizationNoise.decibels(reference,
          ModelSurgery.forwardLayer(model, layer.index(), input, rows));
      float[] scales = p.weights.scales();
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      for (float s : scales) {
        min = Math.min(min, s);
        max = Math.max(max, s);
      }
      out.add(new LayerQuantization(layer.index(), layer.name(), layer.type(), "int8", now.kernel().label(), min, max,
          scales.length, p.input.scale(), p.input.zeroPoint(), p.stats.min(), p.stats.max(), p.input.realMin(),
          p.input.realMax(), p.clipped, p.sparsity, p.shiftMax, isolated, cumulative,
          p.kernelNanos == null ? Double.NaN : p.kernelNanos[0] / 1e3,
          p.kernelNanos == null ? Double.NaN : p.kernelNanos[1] / 1e3));
    }
    return out;
  }

  /** The mean im2col patch of a convolution's input over examples and positions (padding included as 0). */
  static float[] meanPatch(WeightedLayer layer, float[] input, int rows) {
    List<Integer> in = layer.inputShape();
    int channels = in.get(0);
    int height = in.get(1);
    int width = in.get(2);
    Window w = layer.window();
    int outH = layer.outputShape().get(1);
    int outW = layer.outputShape().get(2);
    int kh = w.kernelHeight();
    int kw = w.kernelWidth();
    double[] sum = new double[channels * kh * kw];
    int size = channels * height * width;
    for (int r = 0; r < rows; r++) {
      int base = r * size;
      for (int c = 0; c < channels; c++) {
        for (int i = 0; i < kh; i++) {
          for (int j = 0; j < kw; j++) {
            double s = 0;
            for (int oy = 0; oy < outH; oy++) {
              int iy = oy * w.strideHeight() - w.padTop() + i;
              if (iy < 0 || iy >= height) {
                continue;
              }
              int row = base + c * height * width + iy * width;
              for (int ox = 0; ox < outW; ox++) {
                int ix = ox * w.strideWidth() - w.padLeft() + j;
                if (ix >= 0 && ix < width) {
                  s += input[row + ix];
                }
              }
            }
            sum[(c * kh + i) * kw + j] += s;
          }
        }
      }
    }
    float[] mean = new float[sum.length];
    double count = (double) rows * outH * outW;
    for (int k = 0; k < sum.length; k++) {
      mean[k] = (float) (sum[k] / count);
    }
    return mean;
  }

  private static double clipped(float[] input, QuantParams params) {
    float lo = params.realMin();
    float hi = params.realMax();
    long count = 0;
    for (float x : input) {
      if (x < lo - params.scale() / 2 || x > hi + params.scale() / 2) {
        count++;
      }
    }
    return input.length == 0 ? 0 : (double) count / input.length;
  }

  /** What one quantized layer needs for its report line. */
  private static final class Partial {
    final QuantParams input;
    final QuantizedWeights weights;
    final ActivationStatistics stats;
    final double clipped;
    final double sparsity;
    final float shiftMax;
    long[] kernelNanos;

    Partial(QuantParams input, QuantizedWeights weights, ActivationStatistics stats, double clipped, double sparsity,
        float shiftMax) {
      this.input = input;
      this.weights = weights;
      this.stats = stats;
      this.clipped = clipped;
      this.sparsity = sparsity;
      this.shiftMax = shiftMax;
    }
  }

  /** Named options of an {@link Int8Quantizer}; {@link #build} validates them. */
  public static final class Builder {
    private WeightGranularity weights = WeightGranularity.PER_CHANNEL;
    private ActivationScheme activations = ActivationScheme.ASYMMETRIC;
    private CalibrationMethod calibration = CalibrationMethod.ENTROPY;
    private double percentile = PercentileThreshold.DEFAULT_PERCENTILE;
    private int calibrationExamples = DEFAULT_CALIBRATION_EXAMPLES;
    private long seed = 42;
    private boolean biasCorrection = true;
    private List<String> keepFloat = List.of();
    private KernelChoice kernels = KernelChoice.AUTO;

    private Builder() {}

    /** Per-channel (default) or per-tensor weight scales. */
    public Builder weights(WeightGranularity value) {
      this.weights = value;
      return this;
    }

    /** Asymmetric uint8 (default) or symmetric int8 activations. */
    public Builder activations(ActivationScheme value) {
      this.activations = value;
      return this;
    }

    /** The calibration method (default entropy). */
    public Builder calibration(CalibrationMethod value) {
      this.calibration = value;
      return this;
    }

    /** The percentile of the percentile method, in (50, 100] (default 99.99). */
    public Builder percentile(double value) {
      this.percentile = value;
      return this;
    }

    /** The number of calibration examples drawn from a dataset (default 512). */
    public Builder calibrationExamples(int value) {
      this.calibrationExamples = value;
      return this;
    }

    /** The seed of the choice of calibration examples (default 42). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Whether bias correction is applied (default true). */
    public Builder biasCorrection(boolean value) {
      this.biasCorrection = value;
      return this;
    }

    /** Names of layers to keep in fp32 (default none). */
    public Builder keepFloat(List<String> names) {
      this.keepFloat = names == null ? List.of() : List.copyOf(names);
      return this;
    }

    /** The int8 kernels: auto (default), dense or sparse. */
    public Builder kernels(KernelChoice value) {
      this.kernels = value;
      return this;
    }

    /**
     * The quantizer.
     *
     * @throws IllegalArgumentException naming the first option that is wrong
     */
    public Int8Quantizer build() {
      if (weights == null || activations == null || calibration == null || kernels == null) {
        throw new IllegalArgumentException("weights, activations, calibration and kernels must not be null");
      }
      if (!(percentile > 50 && percentile <= 100)) {
        throw new IllegalArgumentException("percentile must be in (50, 100], got " + percentile);
      }
      if (calibrationExamples <= 0) {
        throw new IllegalArgumentException("calibrationExamples must be positive, got " + calibrationExamples);
      }
      return new Int8Quantizer(this);
    }
  }
}
