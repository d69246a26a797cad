package dev.topiary.quantization;

/**
 * One step of the accuracy-aware fallback: the layer returned to fp32 and the validation accuracy
 * after it.
 *
 * @param layer the layer's name
 * @param accuracy validation accuracy of the model after this step, in [0, 1]
 * @param drop the float model's validation accuracy minus {@code accuracy}
 */
public record FallbackStep(String layer, double accuracy, double drop) {}
