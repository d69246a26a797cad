package dev.topiary.pruning.structured;

import dev.topiary.core.model.NetworkModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Masks whole units or inputs, for {@link StructuredPruner#mask}. */
final class StructuredMasker {

  private StructuredMasker() {}

  static StructuredMaskingResult mask(NetworkModel input, StructuredPruningPlan plan, PruningDimension dimension) {
    if (dimension == null) {
      throw new IllegalArgumentException("dimension must not be null");
    }
    MultiLayerNetwork network = input.network();
    Map<Integer, FeedForwardLayer> layers = new LinkedHashMap<>();
    for (int index : plan.layers().keySet()) {
      layers.put(index, dimension == PruningDimension.OUTPUT
          ? StructuredPruner.prunableLayer(network, index) : inputMaskableLayer(network, index));
    }
    NetworkModel copy = input.copy();
    try {
      Map<Integer, int[]> masked = new LinkedHashMap<>();
      for (Map.Entry<Integer, FeedForwardLayer> entry : layers.entrySet()) {
        int index = entry.getKey();
        boolean convolution = LayerRole.of(entry.getValue()) == LayerRole.CONVOLUTION;
        double[] norms = dimension == PruningDimension.OUTPUT
            ? StructuredPruner.unitNorms(copy, index, plan.norm(), plan.includeBias())
            : inputNorms(copy.network().getParam(index + "_W"), convolution, plan.norm());
        int units = norms.length;
        int wanted = plan.layers().get(index).unitsToRemove(index, units);
        int allowed = Math.max(0, Math.min(wanted, units - plan.minUnits()));
        int[] chosen = StructuredPruner.smallest(norms, allowed);
        applyMask(copy, index, chosen, convolution, dimension);
        masked.put(index, maskedSlices(copy, index, convolution, dimension, units));
      }
      return new StructuredMaskingResult(copy, dimension, masked);
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
  }

  /** Dense, convolution and output layers take input masks. */
  private static FeedForwardLayer inputMaskableLayer(MultiLayerNetwork network, int index) {
    int count = network.getnLayers();
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("layer " + index + " does not exist: the network has layers 0 to " + (count - 1));
    }
    Layer layer = network.getLayerWiseConfigurations().getConf(index).getLayer();
    LayerRole role = LayerRole.of(layer);
    if (role == LayerRole.UNSUPPORTED) {
      throw LayerRole.unsupported(index, layer);
    }
    if (!role.prunable() && role != LayerRole.OUTPUT) {
      throw new IllegalArgumentException("layer " + index + " (" + layer.getClass().getSimpleName()
          + ") has no weights to mask: only DenseLayer, ConvolutionLayer and OutputLayer inputs can be masked");
    }
    return (FeedForwardLayer) layer;
  }

  /** Norm of each input's weights: a row of dense W [nIn, nOut], or W[:, c, :, :] of a convolution. */
  private static double[] inputNorms(INDArray weights, boolean convolution, UnitNorm norm) {
    int inputs = Math.toIntExact(weights.size(convolution ? 1 : 0));
    double[] sums = new double[inputs];
    for (int i = 0; i < inputs; i++) {
      try (INDArray slice = slice(weights, i, convolution, PruningDimension.INPUT).dup('c')) {
        for (double w : slice.data().asDouble()) {
          sums[i] += norm.term(w);
        }
      }
      sums[i] = norm.finish(sums[i]);
    }
    return sums;
  }

  private static void applyMask(NetworkModel model, int index, int[] chosen, boolean convolution,
      PruningDimension dimension) {
    String weightKey = index + "_W";
    INDArray weights = model.parameter(weightKey);
    INDArray mask = Nd4j.ones(weights.dataType(), weights.shape());
    for (int unit : chosen) {
      slice(mask, unit, convolution, dimension).assign(0);
    }
    INDArray previous = model.masks().get(weightKey);
    if (previous != null) {
      mask.muli(previous);
    }
    model.setMask(weightKey, mask);
    String biasKey = index + "_b";
    if (dimension == PruningDimension.OUTPUT && chosen.length > 0 && model.network().paramTable().containsKey(biasKey)) {
      INDArray bias = model.parameter(biasKey);
      INDArray biasMask = Nd4j.ones(bias.dataType(), bias.shape());
      for (int unit : chosen) {
        biasMask.putScalar(unit, 0);
      }
      INDArray previousBias = model.masks().get(biasKey);
      if (previousBias != null) {
        biasMask.muli(previousBias);
      }
      model.setMask(biasKey, biasMask);
    }
  }

  /** Indices whose whole slice of the weight mask is zero (new and earlier masks). */
  private static int[] maskedSlices(NetworkModel model, int index, boolean convolution, PruningDimension dimension,
      int units) {
    INDArray mask = model.masks().get(index + "_W");
    if (mask == null) {
      return new int[0];
    }
    return java.util.stream.IntStream.range(0, units)
        .filter(unit -> slice(mask, unit, convolution, dimension).sumNumber().doubleValue() == 0)
        .toArray();
  }

  private static INDArray slice(INDArray weights, int unit, boolean convolution, PruningDimension dimension) {
    if (convolution) {
      INDArrayIndex[] at = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
      at[dimension == PruningDimension.OUTPUT ? 0 : 1] = NDArrayIndex.point(unit);
      return weights.get(at);
    }
    return dimension == PruningDimension.OUTPUT
        ? weights.get(NDArrayIndex.all(), NDArrayIndex.point(unit))
        : weights.get(NDArrayIndex.point(unit), NDArrayIndex.all());
  }
}
