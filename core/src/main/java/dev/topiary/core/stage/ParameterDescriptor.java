package dev.topiary.core.stage;

/**
 * One documented parameter of a stage type, read from its record by {@link StageTypeDescriptor}.
 *
 * @param name the recipe key
 * @param type the value's type as a recipe writes it: {@code number}, {@code integer},
 *     {@code boolean}, {@code string}, {@code list of …}, {@code one of [a, b]} or {@code object}
 * @param defaultValue the default as a recipe writes it; empty when required or unset
 * @param required true if a recipe must give it
 * @param description what it means
 */
public record ParameterDescriptor(
    String name, String type, String defaultValue, boolean required, String description) {}
