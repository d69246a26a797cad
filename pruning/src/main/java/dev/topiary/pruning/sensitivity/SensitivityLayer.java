package dev.topiary.pruning.sensitivity;

/**
 * A layer the sensitivity analysis pruned.
 *
 * @param index the layer's index in the network
 * @param name the layer's DL4J name
 * @param type {@code dense}, {@code conv} or {@code output}
 * @param selector how a recipe names exactly this layer: its name when that is unambiguous (not a
 *     number, not a layer type, no other layer of that name), else its index
 */
public record SensitivityLayer(int index, String name, String type, String selector) {}
