package dev.topiary.quantization;

import dev.topiary.quantization.calibration.ActivationStatistics;
import dev.topiary.runtime.RuntimeModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The int8 model and what quantization did per layer.
 *
 * @param model the quantized runtime model
 * @param floatModel the fp32 runtime model it was quantized from
 * @param layers one entry per dense or convolution layer, in order
 * @param statistics what calibration saw at each quantized layer's input, by layer name (the
 *     histograms users can inspect to choose ranges themselves)
 * @param calibrationExamples the number of calibration examples used
 * @param floatAccuracy the fp32 model's validation accuracy, or NaN if not measured (no fallback)
 * @param initialAccuracy the all-int8 model's validation accuracy before any fallback, or NaN
 * @param fallback the layers returned to fp32 by the accuracy-aware fallback, in order
 */
public record QuantizationResult(RuntimeModel model, RuntimeModel floatModel, List<LayerQuantization> layers,
    Map<String, ActivationStatistics> statistics, int calibrationExamples, double floatAccuracy,
    double initialAccuracy, List<FallbackStep> fallback) {

  /** Copies the lists. */
  public QuantizationResult {
    layers = List.copyOf(layers);
    fallback = List.copyOf(fallback);
    statistics = Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
  }

  /** The file size of the int8 model, in bytes. */
  public long fileBytes() {
    return model.toBytes().length;
  }

  /** The file size of the fp32 model, in bytes. */
  public long floatFileBytes() {
    return floatModel.toBytes().length;
  }
}
