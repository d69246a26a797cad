package dev.topiary.pruning.structured;

import dev.topiary.core.model.NetworkModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the smaller network: a clone of the configuration with the pruned layers' {@code nOut},
 * the consuming layers' {@code nIn}, batch normalisation sizes and flatten preprocessors reduced,
 * then a fresh network of it into which every kept parameter (and mask entry) is copied exactly.
 *
 * <p>Removing unit {@code u} of layer {@code p} deletes column {@code u} of a dense W, filter
 * {@code u} of a conv W and entry {@code u} of its bias (and layer-norm gain); then, following the
 * activation through pass-through layers (pooling, activation, dropout) and batch normalisation
 * (whose per-channel parameters are dropped with the channel), the consuming layer loses the
 * matching inputs: row {@code u} of a dense W, input channel {@code u} of a conv W, or, across a
 * {@code CnnToFeedForwardPreProcessor}, all {@code h·w} rows of channel {@code u}.
 */
final class NetworkRebuilder {

  private final MultiLayerNetwork source;
  private final MultiLayerConfiguration conf;
  private final int layerCount;
  /** Per layer: the kept entries of its input (after its preprocessor), or null if unchanged. */
  private final KeptIndices[] keptInputs;
  /** Per layer: its kept units, or null if none removed. */
  private final KeptIndices[] keptUnits;

  private NetworkRebuilder(MultiLayerNetwork source) {
    this.source = source;
    this.conf = source.getLayerWiseConfigurations().clone();
    this.layerCount = conf.getConfs().size();
    this.keptInputs = new KeptIndices[layerCount];
    this.keptUnits = new KeptIndices[layerCount];
  }

  /**
   * Builds a new model without the given units. The input is only read.
   *
   * @param removed validated removed unit indices (ascending, distinct, not all) per prunable layer
   * @throws IllegalArgumentException if a layer the removal reaches is not supported
   */
  static StructuredPruningResult rebuild(NetworkModel model, Map<Integer, int[]> removed) {
    MultiLayerNetwork source = model.network();
    NetworkRebuilder rebuilder = new NetworkRebuilder(source);
    rebuilder.shrinkConfiguration(removed);
    MultiLayerNetwork target = new MultiLayerNetwork(rebuilder.conf);
    target.init();
    NetworkModel result = NetworkModel.owning(target);
    try {
      rebuilder.copyParameters(target);
      for (Map.Entry<String, INDArray> mask : model.masks().entrySet()) {
        try (INDArray sliced = rebuilder.slice(mask.getKey(), mask.getValue())) {
          result.setMask(mask.getKey(), sliced);
        }
      }
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
    List<PrunedLayer> layers = new ArrayList<>();
    for (Map.Entry<Integer, int[]> entry : removed.entrySet()) {
      int index = entry.getKey();
      Layer layer = source.getLayerWiseConfigurations().getConf(index).getLayer();
      int before = Math.toIntExact(((FeedForwardLayer) layer).getNOut());
      layers.add(new PrunedLayer(index, layer.getLayerName(), layer.getClass().getSimpleName(), before,
          before - entry.getValue().length, Arrays.stream(entry.getValue()).boxed().toList()));
    }
    return new StructuredPruningResult(result, layers, source.numParams(), target.numParams());
  }

  /** Changes the cloned configuration's sizes, walking the layers in order. */
  private void shrinkConfiguration(Map<Integer, int[]> removed) {
    // A fresh network for fine-tuning: zeroed updater state, so Adam's bias correction restarts too.
    conf.setIterationCount(0);
    conf.setEpochCount(0);
    KeptIndices incoming = null;
    int producer = -1;
    for (int i = 0; i < layerCount; i++) {
      Layer layer = conf.getConf(i).getLayer();
      LayerRole role = LayerRole.of(layer);
      if (incoming != null) {
        InputPreProcessor pre = conf.getInputPreProcess(i);
        if (pre != null) {
          incoming = throughPreprocessor(i, producer, pre, incoming);
        }
        keptInputs[i] = incoming;
        switch (role) {
          case DENSE, CONVOLUTION, OUTPUT -> {
            ((FeedForwardLayer) layer).setNIn(incoming.count());
            incoming = null;
          }
          case PER_CHANNEL -> {
            ((FeedForwardLayer) layer).setNIn(incoming.count());
            ((FeedForwardLayer) layer).setNOut(incoming.count());
          }
          case PASS_THROUGH -> {
            if (layer instanceof FeedForwardLayer sized && sized.getNIn() > 0) {
              sized.setNIn(incoming.count());
              sized.setNOut(incoming.count());
            }
          }
          default -> throw LayerRole.unsupported(i, layer);
        }
      }
      int[] gone = removed.get(i);
      if (gone != null && gone.length > 0) {
        FeedForwardLayer pruned = (FeedForwardLayer) layer;
        KeptIndices kept = KeptIndices.complementOf(gone, Math.toIntExact(pruned.getNOut()));
        pruned.setNOut(kept.count());
        keptUnits[i] = kept;
        incoming = kept;
        producer = i;
      }
    }
    if (incoming != null) {
      throw new IllegalArgumentException("removing units of layer " + producer
          + " would change the network's output: no dense, convolution or output layer follows it");
    }
  }

  private KeptIndices throughPreprocessor(int index, int producer, InputPreProcessor pre, KeptIndices incoming) {
    if (pre instanceof CnnToFeedForwardPreProcessor flatten && flatten.getNumChannels() == incoming.total()) {
      KeptIndices features = incoming.flattened(flatten.getInputHeight(), flatten.getInputWidth(), flatten.getFormat());
      flatten.setNumChannels(incoming.count());
      return features;
    }
    throw new IllegalArgumentException("layer " + index + "'s input preprocessor " + pre.getClass().getSimpleName()
        + " is not supported by structured pruning when its input shrinks (units of layer " + producer
        + " removed); only CnnToFeedForwardPreProcessor is");
  }

  private void copyParameters(MultiLayerNetwork target) {
    for (Map.Entry<String, INDArray> entry : source.paramTable().entrySet()) {
      INDArray destination = target.getParam(entry.getKey());
      try (INDArray sliced = slice(entry.getKey(), entry.getValue())) {
        if (!Arrays.equals(destination.shape(), sliced.shape())) {
          throw new IllegalStateException("parameter " + entry.getKey() + " should have shape "
              + Arrays.toString(destination.shape()) + " after pruning, computed " + Arrays.toString(sliced.shape()));
        }
        destination.assign(sliced);
      }
    }
  }

  /**
   * The kept entries of a parameter (or mask) of the source network, shaped like the new
   * network's parameter. Dense and output W are [nIn, nOut]; conv W is [nOut, nIn, kH, kW]; every
   * other parameter of these layers and of batch normalisation is one value per unit/channel.
   */
  private INDArray slice(String paramKey, INDArray array) {
    int layer = Integer.parseInt(paramKey.substring(0, paramKey.indexOf('_')));
    String name = paramKey.substring(paramKey.indexOf('_') + 1);
    LayerRole role = LayerRole.of(conf.getConf(layer).getLayer());
    double[] values;
    try (INDArray contiguous = array.dup('c')) {
      values = contiguous.data().asDouble();
    }
    long[] shape = array.shape().clone();
    boolean weights = "W".equals(name) && (role == LayerRole.DENSE || role == LayerRole.OUTPUT
        || role == LayerRole.CONVOLUTION);
    if (weights) {
      int inputAxis = role == LayerRole.CONVOLUTION ? 1 : 0;
      int unitAxis = role == LayerRole.CONVOLUTION ? 0 : 1;
      if (keptInputs[layer] != null) {
        values = keptInputs[layer].keepAlong(values, shape, inputAxis);
        shape[inputAxis] = keptInputs[layer].count();
      }
      if (keptUnits[layer] != null) {
        values = keptUnits[layer].keepAlong(values, shape, unitAxis);
        shape[unitAxis] = keptUnits[layer].count();
      }
    } else {
      KeptIndices kept = role == LayerRole.PER_CHANNEL ? keptInputs[layer] : keptUnits[layer];
      if (kept != null) {
        values = kept.keepAlong(values, new long[] {values.length}, 0);
        shape[shape.length - 1] = kept.count();
      }
    }
    INDArray created = Nd4j.create(values, shape, 'c');
    if (created.dataType() == array.dataType()) {
      return created;
    }
    INDArray cast = created.castTo(array.dataType());
    created.close();
    return cast;
  }
}
