package dev.topiary.core.recipe;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.AnnotatedClassResolver;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds one part of a recipe tree to a Java type with Topiary's Jackson, and turns every Jackson
 * failure into a {@link RecipeProblem} a person can act on: the field path, the line, and a plain
 * sentence ({@code expected a number, got 'high'}; {@code unknown key 'sparsty'; valid: [scope,
 * sparsity]}; {@code unknown source 'mnist'; known: [csv, idx]}). A record constructor's
 * {@link IllegalArgumentException} whose message starts with one of the record's keys is reported
 * at that key, without the key repeated.
 */
final class ValueBinder {

  private final ObjectMapper mapper;

  /** A binder reading with {@code mapper}, normally {@link TopiaryJson#json()}. */
  ValueBinder(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Binds {@code node} (found at {@code path}) to {@code type}.
   *
   * @return the value, or null after adding one problem to {@code problems}
   */
  <T> T bind(JsonNode node, Class<T> type, String path, RecipeLocations locations,
      List<RecipeProblem> problems) {
    return bind(node, mapper.constructType(type), path, locations, problems);
  }

  /**
   * Binds {@code node} (found at {@code path}) to {@code type}, a generic type such as a record
   * component's.
   *
   * @return the value, or null after adding one problem to {@code problems}
   */
  <T> T bind(JsonNode node, Type type, String path, RecipeLocations locations,
      List<RecipeProblem> problems) {
    return bind(node, mapper.constructType(type), path, locations, problems);
  }

  private <T> T bind(JsonNode node, JavaType type, String path, RecipeLocations locations,
      List<RecipeProblem> problems) {
    if (NonFiniteNumbers.report(node, path, locations, problems)) {
      return null;
    }
    try {
      return mapper.readerFor(type).readValue(mapper.treeAsTokens(node));
    } catch (JsonMappingException e) {
      problems.add(translate(e, node, path, locations));
      return null;
    } catch (IOException e) {
      problems.add(locations.problem(path, "cannot be read: " + dev.topiary.core.PlainMessage.of(e)));
      return null;
    }
  }

  /** How a recipe writer would name a value of {@code type}: {@code a number}, {@code one of [a, b]}. */
  String expected(Type type) {
    JavaType javaType = mapper.constructType(type);
    Class<?> raw = javaType.getRawClass();
    if (javaType.isEnumType()) {
      return "one of " + TopiaryJson.enumNames(raw);
    }
    if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
        || raw == BigDecimal.class || raw == Number.class) {
      return "a number";
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
        || raw == short.class || raw == Short.class || raw == BigInteger.class) {
      return "an integer";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "true or false";
    }
    if (CharSequence.class.isAssignableFrom(raw)) {
      return "a string";
    }
    if (javaType.isCollectionLikeType() || javaType.isArrayType()) {
      return "a list";
    }
    if (raw == Object.class) {
      return "a value";
    }
    return "a map";
  }

  private RecipeProblem translate(JsonMappingException e, JsonNode root, String basePath,
      RecipeLocations locations) {
    String path = basePath;
    JsonNode node = root;
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path = RecipeLocations.child(path, reference.getFieldName());
        node = node == null ? null : node.get(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path = path + "[" + reference.getIndex() + "]";
        node = node == null ? null : node.get(reference.getIndex());
      }
    }
    if (e instanceof InvalidTypeIdException typeId) {
      return typeIdProblem(typeId, path, locations);
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      Set<String> valid = new TreeSet<>();
      Collection<Object> known = unknown.getKnownPropertyIds();
      if (known != null) {
        known.forEach(id -> valid.add(String.valueOf(id)));
      }
      return locations.problem(path, "unknown key '" + unknown.getPropertyName() + "'; "
          + SpellingSuggestion.hint(unknown.getPropertyName(), valid) + "valid: " + valid);
    }
    if (e instanceof ValueInstantiationException instantiation) {
      Throwable cause = instantiation.getCause() == null ? instantiation : instantiation.getCause();
      return constructorProblem(cause, node, path, locations);
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      if (node == null || node.isMissingNode()) {
        return locations.problem(path, "missing; expected " + expected(mismatch.getTargetType()));
      }
      return locations.problem(path, "expected " + expected(mismatch.getTargetType()) + ", got " + RecipeProblem.describe(node));
    }
    return locations.problem(path, e.getOriginalMessage());
  }

  /** Reports a record constructor's message at the key it starts with, if it starts with one. */
  private static RecipeProblem constructorProblem(Throwable cause, JsonNode node, String path,
      RecipeLocations locations) {
    String message = dev.topiary.core.PlainMessage.of(cause);
    // a message that already names its full path ("model.train.epochs: required") is kept as it is
    int colon = message.indexOf(": ");
    if (colon > 0) {
      String head = message.substring(0, colon);
      if (head.matches("[A-Za-z0-9_.\\[\\]]+")
          && (head.equals(path) || head.startsWith(path + ".") || head.startsWith(path + "["))) {
        return locations.problem(head, message.substring(colon + 2));
      }
      // a value type that names itself by its parameter ("student.hidden: required" at stages[0].student)
      String own = path.substring(path.lastIndexOf('.') + 1);
      if (!own.isEmpty() && head.matches("[A-Za-z0-9_.\\[\\]]+")
          && (head.equals(own) || head.startsWith(own + ".") || head.startsWith(own + "["))) {
        return locations.problem(path + head.substring(own.length()), message.substring(colon + 2));
      }
    }
    int space = message.indexOf(' ');
    if (space > 0 && node != null && node.isObject() && node.has(message.substring(0, space))) {
      return locations.problem(RecipeLocations.child(path, message.substring(0, space)),
          message.substring(space + 1));
    }
    return locations.problem(path, message);
  }

  private RecipeProblem typeIdProblem(InvalidTypeIdException e, String path, RecipeLocations locations) {
    DeserializationConfig config = mapper.getDeserializationConfig();
    AnnotatedClass base = AnnotatedClassResolver.resolveWithoutSuperTypes(config, e.getBaseType(), config);
    JsonTypeInfo.Value info = config.getAnnotationIntrospector().findPolymorphicTypeInfo(config, base);
    String property = info == null || info.getPropertyName() == null ? "type" : info.getPropertyName();
    Set<String> known = new TreeSet<>();
    for (NamedType type : mapper.getSubtypeResolver().collectAndResolveSubtypesByTypeId(config, base)) {
      if (type.hasName()) {
        known.add(type.getName());
      }
    }
    String where = RecipeLocations.child(path, property);
    if (e.getTypeId() == null) {
      return locations.problem(where, "missing; known: " + known);
    }
    return locations.problem(where, "unknown " + property + " '" + e.getTypeId() + "'; "
        + SpellingSuggestion.hint(e.getTypeId(), known) + "known: " + known);
  }

  static JsonNode orMissing(JsonNode node) {
    return node == null ? MissingNode.getInstance() : node;
  }
}
