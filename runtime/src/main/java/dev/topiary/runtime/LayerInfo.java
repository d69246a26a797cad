package dev.topiary.runtime;

import java.util.List;

/**
 * A description of one layer of a {@link RuntimeModel}.
 *
 * @param name the layer's name, e.g. {@code dense_3}
 * @param type the layer kind, e.g. {@code dense}, {@code conv2d}, {@code maxpool}
 * @param kernel the kernel that runs it
 * @param inputShape the shape of one input example, e.g. {@code [1, 28, 28]} or {@code [784]}
 * @param outputShape the shape of one output example
 * @param parameterCount weights and biases the layer holds
 * @param nonZeroCount those of them that are not exactly zero
 */
public record LayerInfo(String name, String type, KernelKind kernel, List<Integer> inputShape,
    List<Integer> outputShape, long parameterCount, long nonZeroCount) {

  /** Copies the shapes. */
  public LayerInfo {
    inputShape = List.copyOf(inputShape);
    outputShape = List.copyOf(outputShape);
  }
}
