package dev.topiary.pruning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which parameters of a network may be pruned, and the one rule by which every pruning stage and
 * library call reads a layer selector ({@code layers}, {@code overrides} keys; unstructured,
 * gradual, lottery, sensitivity and structured pruning alike).
 *
 * <p><b>Selectors.</b> A selector (surrounding blanks ignored) is, in this order:
 * <ol>
 *   <li>a layer index ({@code "0"}, digits only): that layer; an index past the last layer is an
 *       error;
 *   <li>a layer type, in any case: {@code dense} (DL4J {@code DenseLayer}s), {@code conv} (plain
 *       2-D/1-D {@code ConvolutionLayer}s) or {@code output} (output layers): every layer of the
 *       type that the technique can prune — for structured pruning the hidden dense layers and
 *       2-D convolutions, never the output layer, whose units are the classes. A type wins over a
 *       layer of the same name;
 *   <li>a DL4J layer name: every layer of that name; a name no layer has is an error listing the
 *       layer names.
 * </ol>
 * An index or name that picks a layer the technique cannot prune is an error naming it (here: a
 * layer without prunable weights; in structured pruning: the output layer or an unsupported type).
 *
 * <p><b>This record</b> selects weights for unstructured pruning: prunable layers are dense,
 * output and plain convolution layers; their weights {@code W} are selected, their biases
 * {@code b} only with {@code includeBias}; an empty {@code layers} means every prunable layer.
 * {@code skipFirst}/{@code skipLast} leave the network's first/last prunable layer alone (the
 * input layer and the classifier are the most sensitive), whatever {@code layers} says.
 *
 * @param layers layer selectors; empty for all prunable layers
 * @param includeBias also prune the biases of the selected layers
 * @param skipFirst leave the network's first prunable layer alone
 * @param skipLast leave the network's last prunable layer alone
 */
public record LayerSelection(List<String> layers, boolean includeBias, boolean skipFirst, boolean skipLast) {

  /** The type name of dense layers. */
  public static final String DENSE = "dense";
  /** The type name of convolution layers. */
  public static final String CONV = "conv";
  /** The type name of output layers. */
  public static final String OUTPUT = "output";

  /** The type selectors, as error messages list them. */
  static final List<String> TYPES = List.of(DENSE, CONV, OUTPUT);

  /** Every prunable layer's weights, no biases. */
  public static final LayerSelection ALL_WEIGHTS = new LayerSelection(List.of(), false, false, false);

  /** Copies the list and rejects blank selectors. */
  public LayerSelection {
    layers = layers == null ? List.of() : layers;
    for (String selector : layers) {
      if (selector == null || selector.isBlank()) {
        throw new IllegalArgumentException("layers must not contain blank entries, got " + layers);
      }
    }
    layers = List.copyOf(layers);
  }

  /**
   * The selected parameters of {@code network}, in layer order, weights before biases.
   *
   * @throws IllegalArgumentException if a selector names no layer, or a layer without prunable
   *     weights; the message lists the network's layers
   */
  public List<PrunableParameter> resolve(MultiLayerNetwork network) {
    List<PrunableParameter> selected = new ArrayList<>();
    for (int index : selectedLayers(network)) {
      selected.add(parameter(network, index, false));
      if (includeBias && network.getLayer(index).paramTable().containsKey("b")) {
        selected.add(parameter(network, index, true));
      }
    }
    return List.copyOf(selected);
  }

  /** The indices of the selected layers, ascending. */
  public List<Integer> selectedLayers(MultiLayerNetwork network) {
    List<Integer> prunable = prunableLayers(network);
    TreeSet<Integer> chosen = new TreeSet<>();
    if (layers.isEmpty()) {
      chosen.addAll(prunable);
    } else {
      for (String selector : layers) {
        for (int index : layersMatching(network, selector, "layers")) {
          if (!prunable.contains(index)) {
            throw new IllegalArgumentException("layers: layer " + index + " (" + layerName(network, index)
                + ", " + typeName(network, index) + ") has no prunable weights; prunable layers: "
                + describeLayers(network, prunable));
          }
          chosen.add(index);
        }
      }
    }
    if (skipFirst && !prunable.isEmpty()) {
      chosen.remove(prunable.get(0));
    }
    if (skipLast && !prunable.isEmpty()) {
      chosen.remove(prunable.get(prunable.size() - 1));
    }
    return List.copyOf(chosen);
  }

  /** The indices of the layers whose weights may be pruned, ascending. */
  public static List<Integer> prunableLayers(MultiLayerNetwork network) {
    List<Integer> prunable = new ArrayList<>();
    for (int i = 0; i < network.getnLayers(); i++) {
      if (prunableType(layerConf(network, i)) != null) {
        prunable.add(i);
      }
    }
    return prunable;
  }

  /**
   * The layers one selector stands for, by the rule of this class's documentation, with every
   * layer of a type eligible; {@code field} names the recipe field in error messages.
   *
   * @throws IllegalArgumentException if an index is past the last layer or no layer has the name
   */
  public static List<Integer> layersMatching(MultiLayerNetwork network, String selector, String field) {
    return layersMatching(network, selector, field, index -> true);
  }

  /**
   * The layers one selector stands for, by the rule of this class's documentation: a type selects
   * the layers of that type for which {@code eligible} holds (those the technique can prune); an
   * index or a name is returned whatever {@code eligible} says, for the technique to reject with
   * its own reason.
   *
   * @param field the recipe field, for error messages: {@code layers} or {@code overrides}
   * @throws IllegalArgumentException if an index is past the last layer or no layer has the name
   */
  public static List<Integer> layersMatching(MultiLayerNetwork network, String selector, String field,
      IntPredicate eligible) {
    int count = network.getnLayers();
    String trimmed = selector.trim();
    if (trimmed.matches("\\d+")) {
      int index = Integer.parseInt(trimmed);
      if (index >= count) {
        throw new IllegalArgumentException(field + ": no layer " + index + "; the network has layers 0.."
            + (count - 1));
      }
      return List.of(index);
    }
    List<Integer> matches = new ArrayList<>();
    String type = trimmed.toLowerCase(Locale.ROOT);
    if (type.equals(DENSE) || type.equals(CONV) || type.equals(OUTPUT)) {
      for (int i = 0; i < count; i++) {
        if (type.equals(prunableType(layerConf(network, i))) && eligible.test(i)) {
          matches.add(i);
        }
      }
      return matches;
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(layerName(network, i));
      if (trimmed.equals(layerName(network, i))) {
        matches.add(i);
      }
    }
    if (matches.isEmpty()) {
      throw new IllegalArgumentException(field + ": no layer named '" + trimmed + "'; layer names: " + names
          + "; layer types: " + TYPES);
    }
    return matches;
  }

  /** The layer's DL4J name, or its index if it has none. */
  static String layerName(MultiLayerNetwork network, int index) {
    String name = layerConf(network, index).getLayerName();
    return name == null ? String.valueOf(index) : name;
  }

  /** {@code dense}, {@code conv} or {@code output} for a prunable layer, else a lower-case class name. */
  static String typeName(MultiLayerNetwork network, int index) {
    Layer layer = layerConf(network, index);
    String type = prunableType(layer);
    return type != null ? type : layer.getClass().getSimpleName().replace("Layer", "").toLowerCase(Locale.ROOT);
  }

  /** E.g. {@code [0 layer0 (dense), 1 layer1 (output)]}. */
  static String describeLayers(MultiLayerNetwork network, List<Integer> indices) {
    List<String> parts = new ArrayList<>();
    for (int index : indices) {
      parts.add(index + " " + layerName(network, index) + " (" + typeName(network, index) + ")");
    }
    return parts.toString();
  }

  private static PrunableParameter parameter(MultiLayerNetwork network, int index, boolean bias) {
    String key = index + (bias ? "_b" : "_W");
    INDArray param = network.getParam(key);
    String type = typeName(network, index);
    long[] shape = param.shape();
    long outputs = bias ? param.length() : type.equals(CONV) ? shape[0] : shape[shape.length - 1];
    long fanIn = bias ? 1 : param.length() / outputs;
    return new PrunableParameter(key, index, layerName(network, index), type, bias, param.length(), fanIn, outputs);
  }

  private static Layer layerConf(MultiLayerNetwork network, int index) {
    return network.getLayerWiseConfigurations().getConf(index).getLayer();
  }

  private static String prunableType(Layer layer) {
    if (layer instanceof BaseOutputLayer) {
      return OUTPUT;
    }
    if (layer instanceof DenseLayer) {
      return DENSE;
    }
    if (layer.getClass() == ConvolutionLayer.class || layer.getClass() == Convolution1DLayer.class) {
      return CONV;
    }
    return null;
  }
}
