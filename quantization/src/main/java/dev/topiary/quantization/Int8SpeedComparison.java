package dev.topiary.quantization;

import dev.topiary.runtime.ModelSurgery;
import dev.topiary.runtime.ModelSurgery.WeightedLayer;
import dev.topiary.runtime.RuntimeModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The measured speed of the int8 runtime kernels against the fp32 runtime kernels on this machine:
 * per dense or convolution layer at batch 1 (each on the float model's input to it), and for the
 * whole model at batch 1 and 64. Times are medians of single calls after a warm-up, in
 * microseconds; the verdict says plainly which is faster.
 *
 * @param layers one entry per quantized layer
 * @param batch1Fp32Micros the fp32 model's median {@code predict} time for one row
 * @param batch1Int8Micros the int8 model's median {@code predict} time for one row
 * @param batch64Fp32Micros the fp32 model's median {@code predict} time for 64 rows
 * @param batch64Int8Micros the int8 model's median {@code predict} time for 64 rows
 * @param verdict one sentence: which is faster, by how much, with both figures
 */
public record Int8SpeedComparison(List<LayerSpeed> layers, double batch1Fp32Micros, double batch1Int8Micros,
    double batch64Fp32Micros, double batch64Int8Micros, String verdict) {

  /** Copies the list. */
  public Int8SpeedComparison {
    layers = List.copyOf(layers);
  }

  /**
   * The time of one layer at batch 1.
   *
   * @param name the layer's name
   * @param fp32Kernel the fp32 model's kernel for it
   * @param int8Kernel the int8 model's kernel for it
   * @param fp32Micros the fp32 layer's median time
   * @param int8Micros the int8 layer's median time
   */
  public record LayerSpeed(String name, String fp32Kernel, String int8Kernel, double fp32Micros, double int8Micros) {}

  /**
   * Measures {@code result}'s int8 model against its fp32 model on {@code rows} feature rows ({@code
   * count ≥ 1}; batch 64 repeats them as needed), spending about {@code millis} per measurement.
   *
   * @throws IllegalArgumentException if the rows do not fit the model
   */
  public static Int8SpeedComparison measure(QuantizationResult result, float[] rows, int count, int millis) {
    RuntimeModel fp32 = result.floatModel();
    RuntimeModel int8 = result.model();
    int inputSize = fp32.inputSize();
    if (count < 1 || rows.length < (long) count * inputSize) {
      throw new IllegalArgumentException("timing needs at least one row of " + inputSize + " features");
    }
    long warmup = millis * 500_000L;
    float[] one = Arrays.copyOf(rows, inputSize);
    // warm both models' code first: the first layer timed would otherwise pay for the JIT
    predictMicros(fp32, one, 1, warmup);
    predictMicros(int8, one, 1, warmup);
    List<float[]> trace = ModelSurgery.trace(fp32, one, 1);
    List<WeightedLayer> floatLayers = ModelSurgery.weightedLayers(fp32);
    List<WeightedLayer> int8Layers = ModelSurgery.weightedLayers(int8);
    List<LayerSpeed> layers = new ArrayList<>();
    for (int k = 0; k < floatLayers.size(); k++) {
      WeightedLayer f = floatLayers.get(k);
      WeightedLayer q = int8Layers.get(k);
      float[] input = f.index() == 0 ? one : trace.get(f.index() - 1);
      double fp = ModelSurgery.layerNanos(fp32, f.index(), input, 1, warmup, 201) / 1e3;
      double iq = ModelSurgery.layerNanos(int8, q.index(), input, 1, warmup, 201) / 1e3;
      layers.add(new LayerSpeed(f.name(), f.kernel().label(), q.kernel().label(), fp, iq));
    }
    float[] batch = new float[64 * inputSize];
    for (int r = 0; r < 64; r++) {
      System.arraycopy(rows, (r % count) * inputSize, batch, r * inputSize, inputSize);
    }
    double f1 = predictMicros(fp32, one, 1, warmup);
    double q1 = predictMicros(int8, one, 1, warmup);
    double f64 = predictMicros(fp32, batch, 64, warmup);
    double q64 = predictMicros(int8, batch, 64, warmup);
    return new Int8SpeedComparison(layers, f1, q1, f64, q64, verdict(f1, q1, f64, q64));
  }

  private static double predictMicros(RuntimeModel model, float[] rows, int count, long warmupNanos) {
    long end = System.nanoTime() + warmupNanos;
    do {
      model.predict(rows, count);
    } while (System.nanoTime() < end);
    int samples = count == 1 ? 401 : 101;
    long[] times = new long[samples];
    for (int s = 0; s < samples; s++) {
      long start = System.nanoTime();
      model.predict(rows, count);
      times[s] = System.nanoTime() - start;
    }
    Arrays.sort(times);
    return times[samples / 2] / 1e3;
  }

  static String verdict(double f1, double q1, double f64, double q64) {
    return String.format(Locale.ROOT, "batch 1: int8 is %s than fp32 on this machine (%.1f µs vs %.1f µs); "
        + "batch 64: int8 is %s (%.1f µs vs %.1f µs)", compare(q1, f1), q1, f1, compare(q64, f64), q64, f64);
  }

  private static String compare(double int8, double fp32) {
    if (int8 < fp32) {
      return String.format(Locale.ROOT, "%.2f× faster", fp32 / int8);
    }
    return String.format(Locale.ROOT, "%.2f× slower", int8 / fp32);
  }
}
