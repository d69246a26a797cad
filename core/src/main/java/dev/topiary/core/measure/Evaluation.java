package dev.topiary.core.measure;

/**
 * Top-1 accuracy and mean cross-entropy of a model on a dataset.
 *
 * @param accuracy fraction of examples whose most probable class is the label, in [0, 1]
 * @param loss mean of {@code -ln p(label)}, with p clipped below at 1e-7
 * @param examples number of examples evaluated
 */
public record Evaluation(double accuracy, double loss, int examples) {}
