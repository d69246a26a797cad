/** The quantization stage types: {@code quantize.int8} (static, calibrated) and their specs. */
package dev.topiary.quantization.stages;
