package dev.topiary.pruning.structured;

import dev.topiary.core.model.NetworkModel;
import java.util.List;

/**
 * The smaller network structured pruning built, and what it removed. The caller owns
 * {@link #model()}: closing the result closes it; a caller that keeps the model (a stage handing it
 * on) simply does not close the result.
 *
 * @param model the new network; the input model is untouched
 * @param layers one entry per pruned layer, by index
 * @param parametersBefore parameters of the input network
 * @param parametersAfter parameters of the new network
 */
public record StructuredPruningResult(NetworkModel model, List<PrunedLayer> layers, long parametersBefore,
    long parametersAfter) implements AutoCloseable {

  /** Copies the layer list. */
  public StructuredPruningResult {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    layers = List.copyOf(layers);
  }

  /** Closes the new model. */
  @Override
  public void close() {
    model.close();
  }
}
