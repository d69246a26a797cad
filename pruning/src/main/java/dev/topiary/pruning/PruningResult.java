package dev.topiary.pruning;

import dev.topiary.core.model.MaskHoldingListener;
import dev.topiary.core.model.NetworkModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A pruned copy of a model and what was done to it. The result owns the copy: closing the result
 * closes it (a stage hands the model on instead). The network that was pruned is never changed.
 *
 * <p>For plain DL4J code, {@link #network()} is the pruned copy, {@link #maskHoldingListener()}
 * keeps its pruned weights zero in your own {@code fit} loop, and {@link #strip()} drops the masks
 * before saving.
 *
 * @param model the pruned copy, with masks set on the pruned parameters
 * @param report the diagnostics
 */
public record PruningResult(NetworkModel model, PruningReport report) implements AutoCloseable {

  /** The pruned network (the copy this result owns; it is freed when the result is closed). */
  public MultiLayerNetwork network() {
    return model.network();
  }

  /**
   * A DL4J listener that keeps the pruned weights zero while {@link #network()} trains in any loop:
   * {@code result.network().addListeners(result.maskHoldingListener())}.
   */
  public MaskHoldingListener maskHoldingListener() {
    return model.maskHoldingListener();
  }

  /** Drops the masks ("strip"); the zeros stay in {@link #network()}'s weights. */
  public void strip() {
    model.clearMasks();
  }

  /** Closes the model. */
  @Override
  public void close() {
    model.close();
  }
}
