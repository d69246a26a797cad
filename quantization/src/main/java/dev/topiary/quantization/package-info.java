/** Topiary's int8 post-training quantization (calibration, int8 PTQ, int8 kernels), usable as a plain library or through {@link dev.topiary.quantization.QuantizationModule}. */
package dev.topiary.quantization;
