package dev.topiary.pruning.structured;

import java.util.List;

/**
 * What structured pruning did to one layer.
 *
 * @param index the layer's index in the network (unchanged by pruning)
 * @param name the layer's DL4J name, e.g. {@code layer0}
 * @param type the layer's configuration class, e.g. {@code DenseLayer}
 * @param unitsBefore neurons or filters before
 * @param unitsAfter neurons or filters after
 * @param removed the original indices of the removed units, ascending
 */
public record PrunedLayer(int index, String name, String type, int unitsBefore, int unitsAfter,
    List<Integer> removed) {

  /** Copies the removed indices. */
  public PrunedLayer {
    removed = List.copyOf(removed);
  }
}
