package dev.topiary.runtime;

/**
 * How a layer's weights are stored and multiplied. A layer kind (dense, conv2d) may have several
 * kernels; the compiler picks one per layer, e.g. by timing them on the target machine.
 */
public enum KernelKind {
  /** Dense fp32 weights, register-tiled loops the JIT vectorises. */
  DENSE("dense"),
  /** fp32 weights that skip zeros: compressed sparse columns for dense layers, non-zero lists for convolutions. */
  SPARSE("sparse"),
  /**
   * Int8 weights and 8-bit activations multiplied into int32 accumulators (symmetric per-channel
   * or per-tensor weight scales, calibrated activation scale and zero point).
   */
  INT8("int8"),
  /** Int8 weights that skip zeros (CSR): a pruned layer stores and multiplies only its non-zeros. */
  SPARSE_INT8("sparse-int8"),
  /**
   * Int8 weights with activations quantized at run time: each example's input gets its own
   * asymmetric uint8 scale and zero point from its minimum and maximum (no calibration).
   */
  DYNAMIC_INT8("dynamic-int8"),
  /** A layer without weights (pooling, flatten, activation, input scaling). */
  NONE("none");

  private final String label;

  KernelKind(String label) {
    this.label = label;
  }

  /** The lower-case name used in reports and recipes, e.g. {@code sparse}. */
  public String label() {
    return label;
  }
}
