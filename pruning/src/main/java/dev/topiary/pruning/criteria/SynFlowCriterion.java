package dev.topiary.pruning.criteria;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.pruning.ImportanceCriterion;
import dev.topiary.pruning.PrunableParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * SynFlow (Tanaka, Kunin, Yamins and Ganguli 2020), data-free: the synaptic saliency
 * {@code |θ·∂R/∂θ|} with {@code R = 1ᵀ f(1; |θ|)}, the sum of the outputs of the network whose
 * parameters are replaced by their absolute values, fed one all-ones input.
 *
 * <p>The computation runs on a double-precision probe copy (R is a product of layer sums and
 * overflows float quickly): its parameters are made absolute, dropout is off, and the output
 * layer's softmax is replaced by the identity with the loss replaced by R itself. Replacing the
 * softmax is required, not cosmetic: the softmax outputs always sum to one, so their sum has zero
 * gradient; the paper's R is taken on the linear (logit) outputs. Pruned weights are zero on the
 * copy and so score zero. Use it with {@code iterations} (default 100 in the stage) and global scope:
 * scoring again after each small pruning step is what lets SynFlow avoid layer collapse.
 */
public final class SynFlowCriterion implements ImportanceCriterion {

  /** Creates the criterion; it needs no data. */
  public SynFlowCriterion() {}

  @Override
  public String name() {
    return "synflow";
  }

  @Override
  public Map<String, double[]> scores(NetworkModel model, List<PrunableParameter> parameters) {
    MultiLayerNetwork source = model.network();
    int last = source.getnLayers() - 1;
    Layer output = source.getLayerWiseConfigurations().getConf(last).getLayer();
    if (!(output instanceof BaseOutputLayer)) {
      throw new IllegalArgumentException("synflow needs a network ending in an output layer, got "
          + output.getClass().getSimpleName());
    }
    Map<String, double[]> scores = new LinkedHashMap<>();
    try (GradientProbe probe = new GradientProbe(source, DataType.DOUBLE, conf -> {
      BaseOutputLayer outputConf = (BaseOutputLayer) conf.getConf(last).getLayer();
      outputConf.setActivationFn(new ActivationIdentity());
      outputConf.setLossFn(new SynFlowObjective());
    }, params -> Transforms.abs(params, false))) {
      MultiLayerNetwork network = probe.network();
      int inputs = NetworkModel.inputSize(source);
      int outputs = NetworkModel.classCount(source);
      try (INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, inputs);
          INDArray labels = Nd4j.zeros(DataType.DOUBLE, 1, outputs)) {
        Map<String, double[]> gradients = probe.gradientSum(ones, labels, parameters);
        for (PrunableParameter param : parameters) {
          double[] theta = GradientProbe.flat(network.getParam(param.key()));
          double[] g = gradients.get(param.key());
          for (int i = 0; i < g.length; i++) {
            g[i] = Math.abs(theta[i] * g[i]);
          }
          scores.put(param.key(), g);
        }
      }
    }
    return scores;
  }
}
