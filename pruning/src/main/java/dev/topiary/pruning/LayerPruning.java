package dev.topiary.pruning;

import java.util.List;

/**
 * What pruning did to one layer.
 *
 * @param index the layer's index
 * @param name the layer's DL4J name
 * @param type {@code dense}, {@code conv} or {@code output}
 * @param parameters the pruned parameter keys, e.g. {@code [0_W, 0_b]}
 * @param weights entries of those parameters
 * @param pruned entries masked (including ones masked before)
 * @param sparsity {@code pruned / weights}
 * @param threshold the largest pruned score of the layer's ranking (the global one with global
 *     scope); null when nothing was ranked out (N:M, nothing pruned)
 */
public record LayerPruning(int index, String name, String type, List<String> parameters, long weights,
    long pruned, double sparsity, Double threshold) {

  /** Copies the parameter list. */
  public LayerPruning {
    parameters = List.copyOf(parameters);
  }
}
