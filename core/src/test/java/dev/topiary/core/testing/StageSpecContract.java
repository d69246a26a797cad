package dev.topiary.core.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.topiary.core.stage.ParameterDescriptor;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.stage.StageTypeDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that a stage's parameter record keeps the documentation contract every stage type
 * follows, for use in each module's tests:
 * <ul>
 *   <li>it declares {@code public static final String TYPE}, a valid stage type name;
 *   <li>{@link StageTypeDescriptor#of} succeeds: a {@link StageDescription} on the record and a
 *       {@link dev.topiary.core.stage.Param} with a description on every component (for a record
 *       several stage types share, the type's factory's {@link StageFactory#describe} instead);
 *   <li>the record builds from JSON holding exactly the required parameters, and fails without any
 *       one of them (a documented-required parameter the constructor fills in is a lie);
 *   <li>every documented default is what the constructor fills in when the parameter is left out:
 *       the default text is parsed as a recipe would write it (YAML), read into the record, and
 *       compared with the record built without it;
 *   <li>an optional parameter without a default is null when left out.
 * </ul>
 * Every problem is reported at once in one {@link AssertionError}.
 */
public final class StageSpecContract {

  private static final YAMLMapper YAML = new YAMLMapper();

  private StageSpecContract() {}

  /**
   * Checks {@code specType} with a plain Jackson mapper: records, case-insensitive enums, and a
   * left-out primitive is an error rather than zero.
   *
   * @param requiredJson a JSON object giving a valid value to each required parameter and, where the record needs one of several alternatives (sparsity or count), to one optional parameter without a default
   * @return the descriptor, for further checks
   */
  public static StageTypeDescriptor check(Class<? extends Record> specType, String requiredJson) {
    return check(specType, requiredJson, plainMapper());
  }

  /**
   * Checks {@code specType}, reading the record with {@code mapper} (the recipe's configured mapper,
   * for specs whose values need its conventions).
   *
   * @param requiredJson a JSON object giving a valid value to each required parameter and, where the record needs one of several alternatives (sparsity or count), to one optional parameter without a default
   * @return the descriptor, for further checks
   */
  public static StageTypeDescriptor check(Class<? extends Record> specType, String requiredJson, ObjectMapper mapper) {
    String type = typeConstant(specType);
    StageTypeDescriptor descriptor;
    try {
      descriptor = StageTypeDescriptor.of(type, specType);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(e.getMessage(), e);
    }
    return check(specType.getSimpleName(), specType, descriptor, Map.of(), requiredJson, mapper);
  }

  /**
   * Checks the stage type {@code type} as {@code factory} registers it: the documentation is
   * {@link StageFactory#describe}'s (a record shared by several types documents each type's own
   * parameters), the {@link StageFactory#impliedParameters() implied parameters} are added to
   * every record built, and a record component the type does not document must stay null when left
   * out (so the resolved recipe does not show it).
   *
   * @param requiredJson as for {@link #check(Class, String)}, without the implied parameters
   * @return the descriptor, for further checks
   */
  public static StageTypeDescriptor check(StageFactory<?> factory, String type, String requiredJson,
      ObjectMapper mapper) {
    if (type == null || !type.matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)*")) {
      throw new AssertionError("stage type must be lower-case words joined by dots, got '" + type + "'");
    }
    StageTypeDescriptor descriptor;
    try {
      descriptor = factory.describe(type);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(e.getMessage(), e);
    }
    return check(type, factory.specType(), descriptor, factory.impliedParameters(), requiredJson, mapper);
  }

  /** {@link #check(StageFactory, String, String, ObjectMapper)} with the plain mapper of {@link #check(Class, String)}. */
  public static StageTypeDescriptor check(StageFactory<?> factory, String type, String requiredJson) {
    return check(factory, type, requiredJson, plainMapper());
  }

  private static ObjectMapper plainMapper() {
    return JsonMapper.builder()
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();
  }

  private static StageTypeDescriptor check(String name, Class<? extends Record> specType,
      StageTypeDescriptor descriptor, Map<String, String> implied, String requiredJson, ObjectMapper mapper) {
    List<String> problems = new ArrayList<>();
    if (descriptor.description().isBlank()) {
      problems.add(name + ": @StageDescription is blank");
    }
    Map<String, RecordComponent> components = new LinkedHashMap<>();
    for (RecordComponent component : specType.getRecordComponents()) {
      components.put(component.getName(), component);
    }
    for (ParameterDescriptor parameter : descriptor.parameters()) {
      if (parameter.description().isBlank()) {
        problems.add(name + "." + parameter.name() + ": @Param description is blank");
      }
      if (!components.containsKey(parameter.name())) {
        problems.add(name + "." + parameter.name() + ": documented, but " + specType.getSimpleName()
            + " has no such component");
      }
      if (implied.containsKey(parameter.name())) {
        problems.add(name + "." + parameter.name() + ": implied by the type name, but documented as a parameter");
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
    ObjectNode required = readObject(requiredJson, mapper);
    Set<String> given = new TreeSet<>();
    required.fieldNames().forEachRemaining(given::add);
    // besides the required parameters, requiredJson may give optional parameters without a default:
    // alternatives such as "sparsity or count", of which a valid record needs one
    Set<String> alternatives = new TreeSet<>();
    descriptor.parameters().stream()
        .filter(parameter -> !parameter.required() && parameter.defaultValue().isEmpty())
        .forEach(parameter -> alternatives.add(parameter.name()));
    Set<String> extra = new TreeSet<>(given);
    extra.removeAll(descriptor.requiredParameters());
    extra.removeAll(alternatives);
    if (!given.containsAll(descriptor.requiredParameters()) || !extra.isEmpty()) {
      throw new AssertionError(name + ": requiredJson must give the required parameters "
          + new TreeSet<>(descriptor.requiredParameters()) + " and optionally some of " + alternatives
          + ", got " + given);
    }
    implied.forEach(required::put);
    Record base;
    try {
      base = mapper.treeToValue(required, specType);
    } catch (Exception e) {
      throw new AssertionError(name + ": cannot be built from its required parameters " + required + ": "
          + e.getMessage(), e);
    }
    for (String parameter : descriptor.requiredParameters()) {
      ObjectNode without = required.deepCopy();
      without.remove(parameter);
      if (builds(without, specType, mapper)) {
        problems.add(name + "." + parameter + ": documented as required, but the record builds without it");
      }
    }
    for (ParameterDescriptor parameter : descriptor.parameters()) {
      RecordComponent component = components.get(parameter.name());
      Object filled = value(component, base);
      if (!parameter.defaultValue().isEmpty()) {
        checkDefault(name, component, parameter.defaultValue(), required, filled, specType, mapper, problems);
      } else if (!parameter.required() && filled != null && !given.contains(component.getName())) {
        problems.add(name + "." + component.getName() + ": documented as optional without a default, but the "
            + "constructor fills in " + filled);
      }
    }
    for (RecordComponent component : components.values()) {
      boolean documented = descriptor.parameterNames().contains(component.getName());
      if (!documented && !implied.containsKey(component.getName()) && value(component, base) != null) {
        problems.add(name + "." + component.getName() + ": not a parameter of the type, but the constructor fills in "
            + value(component, base));
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
    return descriptor;
  }

  private static void checkDefault(String name, RecordComponent component, String defaultValue, ObjectNode required,
      Object filled, Class<? extends Record> specType, ObjectMapper mapper, List<String> problems) {
    String where = name + "." + component.getName();
    ObjectNode withDefault = required.deepCopy();
    try {
      withDefault.set(component.getName(), YAML.readTree(defaultValue));
    } catch (Exception e) {
      problems.add(where + ": documented default '" + defaultValue + "' is not a YAML value: " + e.getMessage());
      return;
    }
    Object documented;
    try {
      documented = value(component, mapper.treeToValue(withDefault, specType));
    } catch (Exception e) {
      problems.add(where + ": documented default '" + defaultValue + "' is not a valid value: " + e.getMessage());
      return;
    }
    if (!Objects.equals(documented, filled)) {
      problems.add(where + ": documented default '" + defaultValue + "' reads as " + documented
          + ", but the constructor fills in " + filled);
    }
  }

  private static String typeConstant(Class<? extends Record> specType) {
    try {
      Field field = specType.getField("TYPE");
      int modifiers = field.getModifiers();
      if (field.getType() != String.class || !Modifier.isStatic(modifiers) || !Modifier.isFinal(modifiers)) {
        throw new AssertionError(specType.getName() + ".TYPE must be a public static final String");
      }
      String type = (String) field.get(null);
      if (type == null || !type.matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)*")) {
        throw new AssertionError(specType.getName() + ".TYPE must be lower-case words joined by dots, got '"
            + type + "'");
      }
      return type;
    } catch (NoSuchFieldException | IllegalAccessException e) {
      throw new AssertionError(specType.getName() + " needs a public static final String TYPE, its stage type name", e);
    }
  }

  private static ObjectNode readObject(String json, ObjectMapper mapper) {
    try {
      JsonNode node = mapper.readTree(json);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (Exception e) {
      throw new AssertionError("requiredJson is not JSON: " + json, e);
    }
    throw new AssertionError("requiredJson must be a JSON object, got " + json);
  }

  private static boolean builds(ObjectNode json, Class<? extends Record> specType, ObjectMapper mapper) {
    try {
      mapper.treeToValue(json, specType);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static Object value(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot read " + component.getName() + " of " + record, e);
    }
  }
}
