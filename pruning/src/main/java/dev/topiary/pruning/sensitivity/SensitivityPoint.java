package dev.topiary.pruning.sensitivity;

/**
 * The accuracy left after pruning one layer alone by magnitude to one sparsity: one row of the
 * sensitivity table and of {@code sensitivity.csv}.
 *
 * @param layer the layer's index in the network
 * @param layerName the layer's DL4J name
 * @param sparsity the fraction of the layer's weights pruned, in [0, 1)
 * @param accuracy top-1 accuracy on the evaluation data, in [0, 1]
 * @param loss mean cross-entropy on the evaluation data
 */
public record SensitivityPoint(int layer, String layerName, double sparsity, double accuracy, double loss) {}
