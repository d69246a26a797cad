package dev.topiary.deploy.compile;

/**
 * The kernel the compiler chose for one runtime layer with weights, and why.
 *
 * @param layer the runtime layer's index
 * @param source the DL4J layer(s) it was compiled from, e.g. {@code layer 0 (ConvolutionLayer) + layer 1 (BatchNormalization)}
 * @param type the runtime layer type, {@code dense} or {@code conv2d}
 * @param weightSparsity the share of the layer's weights that are zero
 * @param kernel the kernel chosen
 * @param denseMicros with timing, microseconds per batch-1 call of the dense kernel; else null
 * @param sparseMicros with timing, microseconds per batch-1 call of the sparse kernel; else null
 * @param reason why this kernel, e.g. {@code timed: sparse 2.41x faster}
 */
public record LayerChoice(int layer, String source, String type, double weightSparsity, String kernel,
    Double denseMicros, Double sparseMicros, String reason) {}
