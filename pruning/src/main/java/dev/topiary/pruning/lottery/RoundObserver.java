package dev.topiary.pruning.lottery;

import dev.topiary.core.model.NetworkModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Sees the network at the start of every training run of a search, after rewinding: a test hook. */
interface RoundObserver {

  /** Observes nothing. */
  RoundObserver NONE = (round, model, rewindPoint) -> { };

  /**
   * Called before round {@code round} trains. The arrays belong to the search: read them, do not
   * keep them.
   *
   * @param model the network about to train (rewound and masked for rounds after the first)
   * @param rewindPoint the flat parameters rounds rewind to (the initial weights during round 1)
   */
  void roundStarting(int round, NetworkModel model, INDArray rewindPoint);
}
