package dev.topiary.core.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A trainable DL4J {@link MultiLayerNetwork} with optional pruning masks.
 *
 * <p>A mask is a 0/1 array of a parameter's shape, keyed by DL4J's parameter key
 * ({@code "<layer index>_<param name>"}, e.g. {@code "0_W"}). Masked entries are zero in the
 * parameters and in the updater state (Adam's moments), and every training loop that goes through
 * Topiary's training loop ({@code NetworkTrainer}) keeps them zero. Stages work on a {@link #copy()}.
 *
 * <p><b>Ownership.</b> A handle always owns its masks; whether it owns the network is chosen by the
 * factory, and its name says which:
 * <ul>
 *   <li>{@link #borrow(MultiLayerNetwork)}: the caller keeps the network; closing the handle frees
 *       only what Topiary allocated (the masks), and the network stays usable;
 *   <li>{@link #copyOf(MultiLayerNetwork)}: the handle works on its own deep copy, which closing
 *       frees; the caller's network is never touched;
 *   <li>{@link #owning(MultiLayerNetwork)}: for a network nobody else holds (one Topiary just built
 *       or loaded); closing the handle frees it.
 * </ul>
 * {@link #copy()} always owns its copy.
 */
public final class NetworkModel implements ModelHandle {

  private final MultiLayerNetwork network;
  private final boolean ownsNetwork;
  private final Map<String, INDArray> masks = new LinkedHashMap<>();
  private boolean closed;

  private NetworkModel(MultiLayerNetwork network, boolean ownsNetwork) {
    this.network = network;
    this.ownsNetwork = ownsNetwork;
  }

  /**
   * Wraps the caller's network without taking it over: masks set through the handle change the
   * network's weights in place, but closing the handle frees only the masks, never the network.
   * An uninitialised network is initialised.
   *
   * @throws IllegalArgumentException if {@code network} is null
   */
  public static NetworkModel borrow(MultiLayerNetwork network) {
    return new NetworkModel(initialised(network), false);
  }

  /**
   * Wraps a deep copy of the caller's network (parameters, updater state and configuration):
   * nothing done through the handle changes {@code network}, and closing the handle frees the copy.
   *
   * @throws IllegalArgumentException if {@code network} is null
   */
  public static NetworkModel copyOf(MultiLayerNetwork network) {
    try (NetworkModel borrowed = borrow(network)) {
      return borrowed.copy();
    }
  }

  /**
   * Wraps a network that nobody else holds (one just built or loaded) and takes it over: closing
   * the handle frees the network. Never pass a network you go on using; use {@link #borrow} or
   * {@link #copyOf} for those.
   *
   * @throws IllegalArgumentException if {@code network} is null
   */
  public static NetworkModel owning(MultiLayerNetwork network) {
    return new NetworkModel(initialised(network), true);
  }

  /**
   * Wraps a network by borrowing it, as {@link #borrow}.
   *
   * @deprecated the name did not say who owns the network (it used to take it over and free it on
   *     close); use {@link #borrow}, {@link #copyOf} or {@link #owning}
   */
  @Deprecated(forRemoval = true)
  public static NetworkModel of(MultiLayerNetwork network) {
    return borrow(network);
  }

  private static MultiLayerNetwork initialised(MultiLayerNetwork network) {
    if (network == null) {
      throw new IllegalArgumentException("network must not be null");
    }
    if (network.params() == null) {
      network.init();
    }
    return network;
  }

  /** True if closing this handle frees the network (see the class comment). */
  public boolean ownsNetwork() {
    return ownsNetwork;
  }

  /** The network itself; callers that own this handle may train or change it in place. */
  public MultiLayerNetwork network() {
    checkOpen();
    return network;
  }

  /** A deep copy: parameters, updater state and masks. */
  public NetworkModel copy() {
    checkOpen();
    MultiLayerNetwork clone = network.clone();
    ownUpdaterConfigurations(clone);
    NetworkModel copy = new NetworkModel(clone, true);
    masks.forEach((key, mask) -> copy.masks.put(key, mask.dup()));
    return copy;
  }

  /**
   * DL4J's {@code clone()} shares every layer's updater configuration ({@code IUpdater}, which
   * holds the learning rate) with the original, so setting the learning rate of the copy would
   * change the original's too. This gives the clone its own configurations and rebuilds its
   * updater around them, keeping its updater state.
   */
  private static void ownUpdaterConfigurations(MultiLayerNetwork clone) {
    for (int i = 0; i < clone.getnLayers(); i++) {
      if (clone.getLayerWiseConfigurations().getConf(i).getLayer() instanceof BaseLayer base) {
        if (base.getIUpdater() != null) {
          base.setIUpdater(base.getIUpdater().clone());
        }
        if (base.getBiasUpdater() != null) {
          base.setBiasUpdater(base.getBiasUpdater().clone());
        }
      }
    }
    Updater shared = clone.getUpdater(false);
    if (shared != null) {
      INDArray state = shared.getStateViewArray();
      clone.setUpdater(null);
      Updater own = clone.getUpdater(true);
      if (state != null) {
        own.setStateViewArray(clone, state, false);
      }
    }
  }

  /**
   * A DL4J listener that keeps this model's masked weights zero while its network trains in any
   * loop (attach it with {@code network.addListeners(…)}); see {@link MaskHoldingListener}.
   */
  public MaskHoldingListener maskHoldingListener() {
    checkOpen();
    return new MaskHoldingListener(this);
  }

  /** The masks by parameter key, read-only. */
  public Map<String, INDArray> masks() {
    return Collections.unmodifiableMap(masks);
  }

  /** True if at least one parameter is masked. */
  public boolean hasMasks() {
    return !masks.isEmpty();
  }

  /**
   * Sets (or replaces) the mask of one parameter and applies it at once: masked parameters and
   * their updater state become zero.
   *
   * @throws IllegalArgumentException if the key is unknown or the shape differs from the parameter's
   */
  public void setMask(String paramKey, INDArray mask) {
    checkOpen();
    INDArray param = parameter(paramKey);
    if (!Arrays.equals(param.shape(), mask.shape())) {
      throw new IllegalArgumentException("mask for parameter '" + paramKey + "' must have shape "
          + Arrays.toString(param.shape()) + ", got " + Arrays.toString(mask.shape()));
    }
    INDArray copy = mask.castTo(param.dataType()).dup(param.ordering());
    INDArray previous = masks.put(paramKey, copy);
    if (previous != null) {
      previous.close();
    }
    param.muli(copy);
    zeroUpdaterState(paramKey, copy);
  }

  /** Multiplies every masked parameter by its mask (keeps pruned weights exactly zero). */
  public void applyMasks() {
    checkOpen();
    masks.forEach((key, mask) -> network.getParam(key).muli(mask));
  }

  /** Multiplies the current gradient of every masked parameter by its mask. */
  public void maskGradients() {
    checkOpen();
    if (masks.isEmpty() || network.gradient() == null) {
      return;
    }
    Map<String, INDArray> gradients = network.gradient().gradientForVariable();
    masks.forEach((key, mask) -> {
      INDArray gradient = gradients.get(key);
      if (gradient != null) {
        gradient.muli(mask);
      }
    });
  }

  /**
   * Drops every mask; the zeros they made stay in the parameters ("strip"). The network is then an
   * ordinary network again: further training may make those weights non-zero.
   */
  public void clearMasks() {
    masks.values().forEach(INDArray::close);
    masks.clear();
  }

  /** The parameter array (a view into the network's parameters) for a DL4J parameter key. */
  public INDArray parameter(String paramKey) {
    checkOpen();
    Map<String, INDArray> table = network.paramTable();
    INDArray param = table.get(paramKey);
    if (param == null) {
      throw new IllegalArgumentException("unknown parameter '" + paramKey + "'; known: " + table.keySet());
    }
    return param;
  }

  @Override
  public ModelKind kind() {
    return ModelKind.DL4J_NETWORK;
  }

  @Override
  public Inference inference() {
    checkOpen();
    return new NetworkInference(network, inputSize(network), classCount(network));
  }

  @Override
  public long parameterCount() {
    checkOpen();
    return network.numParams();
  }

  @Override
  public long nonZeroParameterCount() {
    checkOpen();
    return countNonZero(network.params());
  }

  /** Writes a {@code ModelSerializer} zip without updater state: the form a model is deployed in. */
  @Override
  public void save(Path file) throws IOException {
    checkOpen();
    ModelSerializer.writeModel(network, file.toFile(), false);
    dev.topiary.core.io.DeterministicZip.normalize(file); // fixed entry times: same model, same bytes
  }

  @Override
  public String fileExtension() {
    return "zip";
  }

  @Override
  public String describe() {
    StringJoiner joiner = new StringJoiner(" → ");
    joiner.add("in " + inputSize(network));
    for (int i = 0; i < network.getnLayers(); i++) {
      Layer layer = network.getLayerWiseConfigurations().getConf(i).getLayer();
      joiner.add(describe(layer));
    }
    return joiner.toString();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    clearMasks();
    if (ownsNetwork) {
      network.close();
    }
  }

  /** Number of entries of {@code array} that are not exactly zero. */
  public static long countNonZero(INDArray array) {
    try (INDArray contiguous = array.dup('c')) {
      float[] values = contiguous.data().asFloat();
      long count = 0;
      for (float value : values) {
        if (value != 0f) {
          count++;
        }
      }
      return count;
    }
  }

  /** Number of input features the network takes per row (flat, channel-first for images). */
  public static int inputSize(MultiLayerNetwork network) {
    InputPreProcessor pre = network.getLayerWiseConfigurations().getInputPreProcess(0);
    if (pre instanceof FeedForwardToCnnPreProcessor cnn) {
      return Math.toIntExact(cnn.getInputHeight() * cnn.getInputWidth() * cnn.getNumChannels());
    }
    Layer first = network.getLayerWiseConfigurations().getConf(0).getLayer();
    if (first instanceof FeedForwardLayer ff) {
      return Math.toIntExact(ff.getNIn());
    }
    throw new IllegalArgumentException("cannot tell the input size of a network whose first layer is "
        + first.getClass().getSimpleName());
  }

  /** Number of classes of the network's output layer. */
  public static int classCount(MultiLayerNetwork network) {
    int last = network.getnLayers() - 1;
    Layer output = network.getLayerWiseConfigurations().getConf(last).getLayer();
    if (output instanceof FeedForwardLayer ff) {
      return Math.toIntExact(ff.getNOut());
    }
    throw new IllegalArgumentException("the last layer must be a dense output layer, got "
        + output.getClass().getSimpleName());
  }

  private static String describe(Layer layer) {
    String type = layer.getClass().getSimpleName().replace("Layer", "").toLowerCase();
    if (layer instanceof ConvolutionLayer conv) {
      return type + " " + conv.getNOut() + "@" + conv.getKernelSize()[0] + "x" + conv.getKernelSize()[1];
    }
    if (layer instanceof SubsamplingLayer pool) {
      return pool.getPoolingType().name().toLowerCase() + "pool " + pool.getKernelSize()[0] + "x"
          + pool.getKernelSize()[1];
    }
    if (layer instanceof FeedForwardLayer ff) {
      return type + " " + ff.getNOut();
    }
    return type;
  }

  /**
   * Zeroes the updater state (Adam's m and v, momentum, …) of masked entries. DL4J lays out the
   * state of an updater block as consecutive segments, one per state variable, each holding the
   * block's parameters in their own memory order.
   */
  private void zeroUpdaterState(String paramKey, INDArray mask) {
    Updater updater = network.getUpdater(false);
    if (!(updater instanceof BaseMultiLayerUpdater<?> multi) || multi.getStateViewArray() == null) {
      return;
    }
    INDArray stateView = multi.getStateViewArray();
    INDArray flatState = stateView.reshape(stateView.length());
    int layerIndex = Integer.parseInt(paramKey.substring(0, paramKey.indexOf('_')));
    String paramName = paramKey.substring(paramKey.indexOf('_') + 1);
    org.deeplearning4j.nn.api.Layer layer = network.getLayer(layerIndex);
    INDArray param = network.getParam(paramKey);
    INDArray flatMask = mask.reshape(param.ordering(), new long[] {mask.length()});
    for (UpdaterBlock block : multi.getUpdaterBlocks()) {
      int blockParams = block.getParamOffsetEnd() - block.getParamOffsetStart();
      int blockState = block.getUpdaterViewOffsetEnd() - block.getUpdaterViewOffsetStart();
      if (blockParams == 0 || blockState == 0) {
        continue;
      }
      for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
        if (ps.getLayer() != layer || !ps.getParamName().equals(paramName)) {
          continue;
        }
        int from = ps.getParamOffsetStart() - block.getParamOffsetStart();
        for (int variable = 0; variable < blockState / blockParams; variable++) {
          long start = block.getUpdaterViewOffsetStart() + (long) variable * blockParams + from;
          flatState.get(NDArrayIndex.interval(start, start + mask.length())).muli(flatMask);
        }
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model handle is closed");
    }
  }
}
