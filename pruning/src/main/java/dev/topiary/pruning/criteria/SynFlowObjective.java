package dev.topiary.pruning.criteria;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * SynFlow's objective as a DL4J loss: {@code R = Σ} of the output layer's activations (labels are
 * ignored). Used with an identity activation, so R is the sum of the pre-softmax outputs. Lives only
 * on a probe copy; it is never serialised.
 */
final class SynFlowObjective implements ILossFunction {

  private static final long serialVersionUID = 1L;

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
    return average ? sum / preOutput.size(0) : sum;
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return activationFn.getActivation(preOutput.dup(), true).sum(true, 1);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray ones = preOutput.ulike().assign(1.0);
    return activationFn.backprop(preOutput.dup(), ones).getFirst();
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask, boolean average) {
    return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  @Override
  public String name() {
    return "synflow";
  }
}
