package dev.topiary.quantization;

/**
 * What quantization did to one dense or convolution layer, for the report.
 *
 * @param index the layer's position in the runtime model
 * @param name the layer's name
 * @param type {@code dense} or {@code conv2d}
 * @param precision {@code int8}, or {@code fp32} for a layer kept in float
 * @param kernel the kernel the layer runs on ({@code int8}, {@code sparse-int8}, {@code dense}, {@code sparse})
 * @param weightScaleMin the smallest weight scale (0 for fp32 layers)
 * @param weightScaleMax the largest weight scale (0 for fp32 layers)
 * @param weightScales the number of weight scales (outputs per channel, 1 per tensor, 0 for fp32)
 * @param inputScale the scale of the layer's 8-bit input (0 for fp32 layers)
 * @param inputZeroPoint the input's zero point: uint8 in [0, 255] (asymmetric) or 0 (symmetric)
 * @param observedMin the smallest input value calibration saw
 * @param observedMax the largest input value calibration saw
 * @param calibratedMin the lower end of the calibrated input range
 * @param calibratedMax the upper end of the calibrated input range
 * @param clippedFraction the share of calibration input values outside the calibrated range
 * @param weightSparsity the share of int8 weight codes that are zero
 * @param biasShiftMax the largest absolute bias correction applied (0 without correction)
 * @param sqnrDb SQNR (dB) of the layer's output against the float layer's, both on the float
 *     model's input to the layer ({@code Infinity} if identical)
 * @param sqnrCumulativeDb SQNR (dB) of the layer's output in the quantized model against the float
 *     model, on the same calibration examples (errors of earlier layers included)
 * @param denseInt8Micros with {@code kernels: auto}, the timed batch-1 microseconds of the dense int8
 *     kernel for this layer; NaN if not timed (fewer than half the weights zero, or another choice)
 * @param sparseInt8Micros the same for the sparse int8 kernel; NaN if not timed
 */
public record LayerQuantization(int index, String name, String type, String precision, String kernel,
    double weightScaleMin, double weightScaleMax, int weightScales, double inputScale, int inputZeroPoint,
    double observedMin, double observedMax, double calibratedMin, double calibratedMax, double clippedFraction,
    double weightSparsity, double biasShiftMax, double sqnrDb, double sqnrCumulativeDb, double denseInt8Micros,
    double sparseInt8Micros) {}
