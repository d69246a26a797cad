package dev.topiary.quantization;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.runtime.ModelSurgery;
import dev.topiary.runtime.ModelSurgery.Int8Replacement;
import dev.topiary.runtime.ModelSurgery.WeightedLayer;
import dev.topiary.runtime.RuntimeModel;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dynamic int8 quantization, as {@code torch.ao.quantization.quantize_dynamic} and ONNX Runtime's
 * {@code quantize_dynamic} do it: weights become symmetric int8 ahead of time, activations are
 * quantized at run time with a range measured on the input itself, so no calibration data is
 * needed. Topiary measures the range per example (each row's minimum and maximum, 0 included,
 * asymmetric uint8), which keeps every row's result independent of which rows share a batch.
 */
public final class DynamicQuantizer {

  private final WeightGranularity weights;
  private final List<String> keepFloat;

  /**
   * A quantizer.
   *
   * @param weights per-channel or per-tensor weight scales
   * @param keepFloat runtime names of layers to keep in fp32
   */
  public DynamicQuantizer(WeightGranularity weights, List<String> keepFloat) {
    if (weights == null) {
      throw new IllegalArgumentException("weights must be per-channel or per-tensor, got null");
    }
    this.weights = weights;
    this.keepFloat = keepFloat == null ? List.of() : List.copyOf(keepFloat);
  }

  /**
   * The dynamically quantized copy of an fp32 runtime model.
   *
   * @throws IllegalArgumentException if a keepFloat name is unknown or the model is int8 already
   */
  public RuntimeModel quantize(RuntimeModel fp32) {
    List<WeightedLayer> layers = ModelSurgery.weightedLayers(fp32);
    Set<String> known = new LinkedHashSet<>();
    for (WeightedLayer layer : layers) {
      if (layer.isInt8()) {
        throw new IllegalArgumentException("layer " + layer.index() + " (" + layer.name() + ") is int8 already; "
            + "quantize the fp32 model");
      }
      known.add(layer.name());
    }
    for (String name : keepFloat) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("keepFloat names unknown layer '" + name + "'; known: " + known);
      }
    }
    Map<Integer, Int8Replacement> replacements = new LinkedHashMap<>();
    for (WeightedLayer layer : layers) {
      if (keepFloat.contains(layer.name())) {
        continue;
      }
      QuantizedWeights q = QuantizedWeights.quantize(layer.weights(), layer.outputs(), weights);
      replacements.put(layer.index(), Int8Replacement.dynamic(q.scales(), q.codes(), layer.bias()));
    }
    return ModelSurgery.replace(fp32, replacements);
  }

  /**
   * Compiles {@code network} (borrowed; masks applied, batch norm folded, dense fp32 kernels) and
   * quantizes it dynamically; {@code keepFloat} may use DL4J layer names or indices.
   *
   * @return the fp32 model (element 0) and the dynamically quantized model (element 1)
   */
  public RuntimeModel[] quantize(NetworkModel network) {
    FloatCompilation compiled = FloatCompilation.dense(network);
    RuntimeModel quantized = new DynamicQuantizer(weights, compiled.runtimeNames(keepFloat)).quantize(compiled.model);
    return new RuntimeModel[] {compiled.model, quantized};
  }
}
