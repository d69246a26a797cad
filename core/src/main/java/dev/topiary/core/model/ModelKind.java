package dev.topiary.core.model;

/**
 * What kind of model a {@link ModelHandle} holds, so a recipe can be checked for impossible stage
 * orders (pruning an int8 runtime model, say) before any work is done.
 */
public enum ModelKind {
  /** A trainable DeepLearning4J {@code MultiLayerNetwork}, held by a {@link NetworkModel}. */
  DL4J_NETWORK("a trainable DL4J network"),
  /** A compiled model of the dependency-free Topiary runtime (dense, sparse or int8 kernels). */
  RUNTIME_MODEL("a compiled runtime model");

  private final String description;

  ModelKind(String description) {
    this.description = description;
  }

  /** A phrase for error messages, e.g. "a trainable DL4J network". */
  public String description() {
    return description;
  }
}
