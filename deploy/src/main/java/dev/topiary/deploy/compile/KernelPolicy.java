package dev.topiary.deploy.compile;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the compiler picks the kernel of each dense and convolution layer. */
public enum KernelPolicy {
  /**
   * Times the dense and the sparse kernel of each layer whose weights are at least
   * {@code sparsityThreshold} zeros on this machine and keeps the faster; denser layers get the
   * dense kernel.
   */
  @JsonProperty("auto")
  AUTO,
  /** Every layer gets the dense fp32 kernel. */
  @JsonProperty("dense")
  DENSE,
  /** Every layer gets the sparse fp32 kernel. */
  @JsonProperty("sparse")
  SPARSE
}
