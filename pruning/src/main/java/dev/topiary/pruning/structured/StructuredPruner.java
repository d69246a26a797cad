package dev.topiary.pruning.structured;

import dev.topiary.core.model.NetworkModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Structured pruning of DL4J networks: removes whole dense neurons and convolution filters and
 * returns a new, smaller ordinary {@link MultiLayerNetwork}, so inference really does less work.
 *
 * <p>Units are ranked by the norm of their incoming weights (a dense neuron's column of W
 * [nIn, nOut], a filter's slice of W [nOut, nIn, kH, kW]), optionally with their bias appended;
 * the smallest go first, ties by lower index (Li et al., "Pruning Filters for Efficient
 * ConvNets", ICLR 2017). Removing a unit also removes the matching inputs of the next layer that
 * has weights, through pooling, activation, dropout and batch normalisation layers and through
 * the conv→dense flatten. Each layer keeps its activation; the network keeps its seed, updater
 * configuration, data type, input type and preprocessors (resized where channels change).
 *
 * <p>What is exact: every kept weight, bias, batch-normalisation statistic and mask entry is
 * copied bit for bit. Removing a unit whose output is identically zero (a ReLU neuron or filter
 * with all-zero weights and zero bias) leaves the outputs unchanged. A unit with zero weights but
 * a non-zero bias outputs the constant {@code activation(bias)}, which the next layer still
 * received: removing it changes the outputs (fine-tuning recovers it).
 *
 * <p>The new network is fresh for fine-tuning: its updater state (Adam's moments, momentum) is
 * zero and its iteration and epoch counters restart at 0, because the old state belongs to
 * parameters that moved or disappeared. Masks of the input model are carried over, sliced to the
 * kept units, so masked weights stay pruned. The input model is never changed.
 */
public final class StructuredPruner {

  private StructuredPruner() {}

  /**
   * Masks whole units instead of removing them ({@code torch.nn.utils.prune.ln_structured}): on a
   * copy of {@code model}, the units of every layer in {@code plan} with the smallest norm (by the
   * plan's L1 or L2 norm, ties by lower index) are zeroed by masks that hold through training; the
   * network keeps its shape. Along {@link PruningDimension#OUTPUT} a unit is a dense neuron or a
   * convolution filter (its weights and bias are masked; the bias too, unlike torch, so that the
   * unit's output is exactly {@code activation(0)}); along {@link PruningDimension#INPUT} it is one
   * input feature or input channel of the layer (its weights only), and the output layer and the
   * first layer may be listed. Counts round half to even ({@link UnitBudget}); units masked before
   * have norm 0 and count again; each layer keeps at least {@code plan.minUnits()} unmasked units.
   *
   * @throws IllegalArgumentException if a layer does not exist or cannot be masked along that dimension
   */
  public static StructuredMaskingResult mask(NetworkModel model, StructuredPruningPlan plan, PruningDimension dimension) {
    return StructuredMasker.mask(model, plan, dimension);
  }

  /**
   * As {@link #mask(NetworkModel, StructuredPruningPlan, PruningDimension)} for the caller's DL4J
   * network, which is not changed.
   *
   * @throws IllegalArgumentException as the other overload
   */
  public static StructuredMaskingResult mask(MultiLayerNetwork network, StructuredPruningPlan plan,
      PruningDimension dimension) {
    try (NetworkModel borrowed = NetworkModel.borrow(network)) {
      return mask(borrowed, plan, dimension);
    }
  }

  /**
   * Ranks the units of every layer in {@code plan} of the caller's DL4J network and removes the
   * smallest, in a new network; {@code network} itself is not changed.
   *
   * @return the new model (the caller owns it, {@code result.model().network()} is the smaller
   *     network) and what was removed
   * @throws IllegalArgumentException as {@link #prune(NetworkModel, StructuredPruningPlan)}
   */
  public static StructuredPruningResult prune(MultiLayerNetwork network, StructuredPruningPlan plan) {
    try (NetworkModel borrowed = NetworkModel.borrow(network)) {
      return prune(borrowed, plan);
    }
  }

  /**
   * Ranks the units of every layer in {@code plan} and removes the smallest.
   *
   * @return the new model (the caller owns it) and what was removed; the input is untouched
   * @throws IllegalArgumentException if a layer does not exist, is the output layer, has no units
   *     to remove, is not supported, or a count is not less than its layer's units
   */
  public static StructuredPruningResult prune(NetworkModel model, StructuredPruningPlan plan) {
    MultiLayerNetwork network = model.network();
    Map<Integer, int[]> removed = new TreeMap<>();
    for (Map.Entry<Integer, UnitBudget> entry : plan.layers().entrySet()) {
      int index = entry.getKey();
      FeedForwardLayer layer = prunableLayer(network, index);
      int units = Math.toIntExact(layer.getNOut());
      int wanted = entry.getValue().unitsToRemove(index, units);
      int allowed = Math.max(0, Math.min(wanted, units - plan.minUnits()));
      double[] norms = unitNorms(model, index, plan.norm(), plan.includeBias());
      removed.put(index, smallest(norms, allowed));
    }
    return NetworkRebuilder.rebuild(model, removed);
  }

  /**
   * Removes exactly the given units (by their original index), for callers with their own
   * criterion (activations, gradients, …).
   *
   * @param unitsByLayer unit indices to remove per layer index; empty collections are allowed
   * @return the new model (the caller owns it) and what was removed; the input is untouched
   * @throws IllegalArgumentException if a layer is not prunable, an index is out of range, or all
   *     units of a layer would go
   */
  public static StructuredPruningResult removeUnits(NetworkModel model,
      Map<Integer, ? extends Collection<Integer>> unitsByLayer) {
    MultiLayerNetwork network = model.network();
    Map<Integer, int[]> removed = new TreeMap<>();
    for (Map.Entry<Integer, ? extends Collection<Integer>> entry : unitsByLayer.entrySet()) {
      int index = entry.getKey();
      int units = Math.toIntExact(prunableLayer(network, index).getNOut());
      TreeSet<Integer> sorted = new TreeSet<>();
      for (Integer unit : entry.getValue()) {
        if (unit == null || unit < 0 || unit >= units) {
          throw new IllegalArgumentException("unit " + unit + " of layer " + index + " is out of range [0, "
              + units + ")");
        }
        sorted.add(unit);
      }
      if (sorted.size() >= units) {
        throw new IllegalArgumentException("removing " + sorted.size() + " units would leave layer " + index
            + " with none of its " + units + " units");
      }
      removed.put(index, sorted.stream().mapToInt(Integer::intValue).toArray());
    }
    return NetworkRebuilder.rebuild(model, removed);
  }

  /**
   * The norm of each unit's incoming weights (and bias, if asked and the layer has one).
   *
   * @throws IllegalArgumentException if the layer is not a hidden dense or convolution layer
   */
  public static double[] unitNorms(NetworkModel model, int layerIndex, UnitNorm norm, boolean includeBias) {
    MultiLayerNetwork network = model.network();
    FeedForwardLayer layer = prunableLayer(network, layerIndex);
    boolean convolution = LayerRole.of(layer) == LayerRole.CONVOLUTION;
    int units = Math.toIntExact(layer.getNOut());
    double[] weights = values(network.getParam(layerIndex + "_W"));
    double[] sums = new double[units];
    int perUnit = weights.length / units;
    for (int unit = 0; unit < units; unit++) {
      for (int k = 0; k < perUnit; k++) {
        // conv W [nOut, nIn, kH, kW]: a filter is a contiguous block; dense W [nIn, nOut]: a column
        double w = convolution ? weights[unit * perUnit + k] : weights[k * units + unit];
        sums[unit] += norm.term(w);
      }
    }
    if (includeBias && network.paramTable().containsKey(layerIndex + "_b")) {
      double[] bias = values(network.getParam(layerIndex + "_b"));
      for (int unit = 0; unit < units; unit++) {
        sums[unit] += norm.term(bias[unit]);
      }
    }
    for (int unit = 0; unit < units; unit++) {
      sums[unit] = norm.finish(sums[unit]);
    }
    return sums;
  }

  /** The {@code count} indices with the smallest values, ties by lower index, returned ascending. */
  static int[] smallest(double[] norms, int count) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < norms.length; i++) {
      order.add(i);
    }
    order.sort(Comparator.<Integer>comparingDouble(i -> norms[i]).thenComparingInt(i -> i));
    return order.subList(0, count).stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** The layer at {@code index} if its units can be removed, else a precise error. */
  static FeedForwardLayer prunableLayer(MultiLayerNetwork network, int index) {
    MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
    int layers = conf.getConfs().size();
    if (index < 0 || index >= layers) {
      throw new IllegalArgumentException("layer " + index + " does not exist: the network has layers 0 to "
          + (layers - 1));
    }
    Layer layer = conf.getConf(index).getLayer();
    if (index == layers - 1) {
      String units = layer instanceof FeedForwardLayer ff ? "its " + ff.getNOut() + " units" : "its units";
      throw new IllegalArgumentException("layer " + index + " is the output layer: " + units
          + " are the classes and cannot be removed");
    }
    LayerRole role = LayerRole.of(layer);
    if (role == LayerRole.UNSUPPORTED) {
      throw LayerRole.unsupported(index, layer);
    }
    if (!role.prunable()) {
      throw new IllegalArgumentException("layer " + index + " (" + layer.getClass().getSimpleName()
          + ") has no units of its own to remove: only DenseLayer neurons and ConvolutionLayer filters can be removed");
    }
    return (FeedForwardLayer) layer;
  }

  private static double[] values(INDArray array) {
    try (INDArray contiguous = array.dup('c')) {
      return contiguous.data().asDouble();
    }
  }
}
