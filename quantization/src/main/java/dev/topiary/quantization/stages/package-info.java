/** The quantization stage types: {@code quantize.int8} (static, calibrated) and {@code quantize.dynamic} (activations quantized at run time), with their specs. */
package dev.topiary.quantization.stages;
