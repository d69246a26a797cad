package dev.topiary.pruning.lottery;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies the network's parameters after its {@code k}-th minibatch update of the call it is
 * attached to (after the mask enforcer, so masked weights are zero in the copy).
 */
final class RewindSnapshot extends BaseTrainingListener {

  private final int iteration;
  private int seen;
  private INDArray parameters;

  RewindSnapshot(int iteration) {
    this.iteration = iteration;
  }

  @Override
  public void iterationDone(Model model, int ignoredIteration, int epoch) {
    seen++;
    if (seen == iteration) {
      parameters = model.params().dup();
    }
  }

  /** The copied parameters, which the caller now owns. */
  INDArray take() {
    if (parameters == null) {
      throw new IllegalStateException("training made " + seen + " iterations, fewer than the rewind point "
          + iteration);
    }
    INDArray taken = parameters;
    parameters = null;
    return taken;
  }
}
