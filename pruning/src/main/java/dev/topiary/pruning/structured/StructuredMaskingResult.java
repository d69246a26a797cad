package dev.topiary.pruning.structured;

import dev.topiary.core.model.MaskHoldingListener;
import dev.topiary.core.model.NetworkModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A masked copy of a network from {@link StructuredPruner#mask}: same shape, whole units (or
 * inputs) zeroed by masks that hold through training. The result owns the copy: closing it frees it.
 *
 * @param model the masked copy
 * @param dimension the axis that was masked
 * @param maskedUnits per layer index, the masked unit (or input) indices, ascending; earlier masks included
 */
public record StructuredMaskingResult(NetworkModel model, PruningDimension dimension, Map<Integer, int[]> maskedUnits)
    implements AutoCloseable {

  /** Copies the map. */
  public StructuredMaskingResult {
    maskedUnits = Collections.unmodifiableMap(new LinkedHashMap<>(maskedUnits));
  }

  /** The masked network (owned by this result). */
  public MultiLayerNetwork network() {
    return model.network();
  }

  /** A DL4J listener that keeps the masked units zero in any {@code fit} loop of {@link #network()}. */
  public MaskHoldingListener maskHoldingListener() {
    return model.maskHoldingListener();
  }

  /** Closes the masked copy. */
  @Override
  public void close() {
    model.close();
  }
}
