package dev.topiary.core.stage;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A stage type's documentation, read from its parameter record's {@link StageDescription} and
 * {@link Param} annotations: what {@code topiary stages} prints and what the recipe compiler uses
 * to report missing parameters.
 *
 * @param type the registered stage type name
 * @param description the one-line meaning
 * @param parameters the parameters in record order
 */
public record StageTypeDescriptor(String type, String description, List<ParameterDescriptor> parameters) {

  /** Copies the parameter list. */
  public StageTypeDescriptor {
    parameters = List.copyOf(parameters);
  }

  /**
   * Reads the descriptor of {@code specType}.
   *
   * @throws IllegalArgumentException if the record or one of its components is not documented
   */
  public static StageTypeDescriptor of(String type, Class<? extends Record> specType) {
    StageDescription description = specType.getAnnotation(StageDescription.class);
    if (description == null) {
      throw new IllegalArgumentException(specType.getName() + " (stage type '" + type
          + "') needs a @StageDescription");
    }
    List<ParameterDescriptor> parameters = new ArrayList<>();
    for (RecordComponent component : specType.getRecordComponents()) {
      Param param = component.getAnnotation(Param.class);
      if (param == null) {
        throw new IllegalArgumentException(specType.getName() + "." + component.getName()
            + " (stage type '" + type + "') needs a @Param");
      }
      boolean required = param.defaultValue().isEmpty() && !param.optional();
      parameters.add(new ParameterDescriptor(component.getName(), typeName(component.getGenericType()),
          param.defaultValue(), required, param.value()));
    }
    return new StageTypeDescriptor(type, description.value(), parameters);
  }

  /** The names of the required parameters. */
  public List<String> requiredParameters() {
    return parameters.stream().filter(ParameterDescriptor::required).map(ParameterDescriptor::name).toList();
  }

  /** The names of all parameters. */
  public List<String> parameterNames() {
    return parameters.stream().map(ParameterDescriptor::name).toList();
  }

  static String typeName(Type type) {
    if (type instanceof ParameterizedType parameterized) {
      Type raw = parameterized.getRawType();
      Type[] args = parameterized.getActualTypeArguments();
      if (raw == List.class || raw == java.util.Set.class) {
        return "list of " + typeName(args[0]);
      }
      if (raw == Map.class) {
        return "map of " + typeName(args[0]) + " to " + typeName(args[1]);
      }
      return typeName(raw);
    }
    if (type instanceof Class<?> cls) {
      if (cls == double.class || cls == Double.class || cls == float.class || cls == Float.class) {
        return "number";
      }
      if (cls == int.class || cls == Integer.class || cls == long.class || cls == Long.class) {
        return "integer";
      }
      if (cls == boolean.class || cls == Boolean.class) {
        return "boolean";
      }
      if (cls == String.class) {
        return "string";
      }
      if (cls.isEnum()) {
        return "one of " + Arrays.stream(cls.getEnumConstants())
            .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(Collectors.joining(", ", "[", "]"));
      }
      if (cls.isRecord()) {
        return "object";
      }
      return cls.getSimpleName().toLowerCase(Locale.ROOT);
    }
    return type.getTypeName();
  }
}
