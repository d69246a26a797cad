/**
 * Calibration of activation ranges: histograms of the values each quantized layer receives on
 * calibration data, and the four ways of choosing a clipping threshold from them (min/max,
 * percentile, entropy as TensorRT describes it, minimum quantization error).
 */
package dev.topiary.quantization.calibration;
