package dev.topiary.quantization.stages;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.quantization.ActivationScheme;
import dev.topiary.quantization.CalibrationMethod;
import dev.topiary.quantization.KernelChoice;
import dev.topiary.quantization.WeightGranularity;
import dev.topiary.quantization.calibration.PercentileThreshold;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parameters of {@value #TYPE}: static post-training int8 quantization of a trainable network into
 * a runtime model with int8 weights and int8 arithmetic (batch norm folded first).
 *
 * @param weights per-channel or per-tensor symmetric int8 weight scales
 * @param activations asymmetric (uint8 with a zero point) or symmetric (int8) activations
 * @param calibration how activation ranges are chosen: minmax, percentile, entropy or mse
 * @param percentile the percentile of the percentile method, in (50, 100]
 * @param calibrationExamples training examples (a seeded random choice) to calibrate on, positive
 * @param biasCorrection subtract the expected output shift of the weights' rounding from the bias
 * @param keepFloat layers kept in fp32, by DL4J layer name (layer0, …), DL4J index or runtime name
 * @param kernels int8 kernels: auto (dense or sparse, whichever is faster here), dense or sparse
 * @param maxAccuracyDrop optional accuracy budget on the validation split, a fraction in [0, 1)
 * @param timingMillis milliseconds per int8-vs-fp32 timing measurement in the diagnostics, at least 1
 */
@StageDescription("Quantizes the network to int8 weights and int8 arithmetic in the Topiary runtime, calibrating activation ranges on training examples.")
public record Int8QuantizationSpec(
    @Param(value = "per-channel or per-tensor symmetric int8 weight scales", defaultValue = "per-channel")
    WeightGranularity weights,
    @Param(value = "asymmetric (uint8 with a zero point) or symmetric (int8, zero point 0) activations",
        defaultValue = "asymmetric")
    ActivationScheme activations,
    @Param(value = "activation range calibration: minmax, percentile, entropy (TensorRT's KL search) or mse",
        defaultValue = "entropy")
    CalibrationMethod calibration,
    @Param(value = "percentile of the percentile calibration, in (50, 100]", defaultValue = "99.99")
    Double percentile,
    @Param(value = "training examples to calibrate on (a seeded random choice), at most the training split",
        defaultValue = "512")
    Integer calibrationExamples,
    @Param(value = "fold the expected output shift of the weights' rounding into the bias (Nagel et al. 2019)",
        defaultValue = "true")
    Boolean biasCorrection,
    @Param(value = "layers kept in fp32: DL4J layer names (layer0, …), DL4J indices or runtime names (dense_3)",
        defaultValue = "[]")
    List<String> keepFloat,
    @Param(value = "int8 kernels: auto (dense or sparse, whichever is faster on this machine), dense or sparse",
        defaultValue = "auto")
    KernelChoice kernels,
    @Param(value = "accuracy budget on the validation split, a fraction in [0, 1): layers return to fp32 one at a "
        + "time while the drop is larger", optional = true)
    Double maxAccuracyDrop,
    @Param(value = "milliseconds per int8-vs-fp32 timing measurement in the diagnostics, at least 1",
        defaultValue = "200")
    Integer timingMillis) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "quantize.int8";

  /** Fills the defaults and validates every value. */
  public Int8QuantizationSpec {
    weights = weights == null ? WeightGranularity.PER_CHANNEL : weights;
    activations = activations == null ? ActivationScheme.ASYMMETRIC : activations;
    calibration = calibration == null ? CalibrationMethod.ENTROPY : calibration;
    percentile = percentile == null ? PercentileThreshold.DEFAULT_PERCENTILE : percentile;
    calibrationExamples = calibrationExamples == null ? 512 : calibrationExamples;
    biasCorrection = biasCorrection == null || biasCorrection;
    keepFloat = keepFloat == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(keepFloat));
    kernels = kernels == null ? KernelChoice.AUTO : kernels;
    timingMillis = timingMillis == null ? 200 : timingMillis;
    if (!(percentile > 50 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (50, 100], got " + percentile);
    }
    if (calibrationExamples <= 0) {
      throw new IllegalArgumentException("calibrationExamples must be positive, got " + calibrationExamples);
    }
    if (maxAccuracyDrop != null && !(maxAccuracyDrop >= 0 && maxAccuracyDrop < 1)) {
      throw new IllegalArgumentException("maxAccuracyDrop must be in [0, 1), got " + maxAccuracyDrop);
    }
    if (timingMillis < 1) {
      throw new IllegalArgumentException("timingMillis must be at least 1, got " + timingMillis);
    }
    for (String name : keepFloat) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("keepFloat entries must be layer names, got an empty one");
      }
    }
  }
}
