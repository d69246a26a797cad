package dev.topiary.core.recipe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recipe document read into a Jackson tree in one pass over the streaming parser, recording the
 * line of every field and array element as it goes, and reporting duplicate keys (which a plain
 * tree read would silently collapse).
 */
final class LocatedTree {

  private final JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(false);
  private final Map<String, Integer> lines = new LinkedHashMap<>();
  private final List<String[]> duplicates = new ArrayList<>();
  private final List<String[]> tags = new ArrayList<>();
  private final JsonNode root;
  private final int nextDocumentLine;

  private LocatedTree(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      root = null;
      nextDocumentLine = 0;
      return;
    }
    lines.put("", line(parser));
    root = value(parser, "");
    nextDocumentLine = parser.nextToken() == null ? 0 : line(parser);
  }

  /** Reads the first document of {@code parser}; the root is null for an empty document. */
  static LocatedTree read(JsonParser parser) throws IOException {
    return new LocatedTree(parser);
  }

  /** The document, or null if it was empty. */
  JsonNode root() {
    return root;
  }

  /** Field path to 1-based line. */
  Map<String, Integer> lines() {
    return lines;
  }

  /** Each YAML tag ({@code !!str}, {@code !foo}) as {path, line, tag as written}; the tag is ignored. */
  List<String[]> tags() {
    return tags;
  }

  /** The line where a second document (YAML) or value (JSON) starts, or 0 if the file holds one. */
  int nextDocumentLine() {
    return nextDocumentLine;
  }

  /** Each repeated key as {path, first line, repeated line}; the first value is kept. */
  List<String[]> duplicates() {
    return duplicates;
  }

  private JsonNode value(JsonParser parser, String path) throws IOException {
    JsonToken token = parser.currentToken();
    String tag = tagOf(parser);
    if (tag != null) {
      tags.add(new String[] {path, String.valueOf(line(parser)), written(tag)});
    }
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = nodes.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          String childPath = RecipeLocations.child(path, field);
          int line = line(parser);
          parser.nextToken();
          if (object.has(field)) {
            // the first value counts; the repeat is read (under a path no field has) and reported
            duplicates.add(new String[] {childPath, String.valueOf(lines.get(childPath)), String.valueOf(line)});
            value(parser, "\u0000" + childPath);
            continue;
          }
          lines.put(childPath, line);
          object.set(field, value(parser, childPath));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = nodes.arrayNode();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          String childPath = path + "[" + index++ + "]";
          lines.put(childPath, line(parser));
          array.add(value(parser, childPath));
        }
        return array;
      }
      case VALUE_STRING -> {
        return nodes.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> nodes.numberNode(parser.getIntValue());
          case LONG -> nodes.numberNode(parser.getLongValue());
          default -> nodes.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        Double special = nonFinite(parser.getText());
        return nodes.numberNode(special != null ? special : parser.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return nodes.booleanNode(parser.getBooleanValue());
      }
      case VALUE_NULL -> {
        return nodes.nullNode();
      }
      default -> {
        return nodes.textNode(parser.getText());
      }
    }
  }

  /** YAML's {@code .nan}, {@code .inf} and {@code -.inf} (any of their spellings), else null. */
  static Double nonFinite(String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    return switch (lower) {
      case ".nan" -> Double.NaN;
      case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
      case "-.inf" -> Double.NEGATIVE_INFINITY;
      default -> null;
    };
  }

  private static String tagOf(JsonParser parser) throws IOException {
    Object id = parser.canReadTypeId() ? parser.getTypeId() : null;
    return id == null ? null : id.toString();
  }

  /** A tag as a recipe writer wrote it: {@code !!str} for YAML's own, {@code !foo} for others. */
  private static String written(String tag) {
    String core = "tag:yaml.org,2002:";
    return tag.startsWith(core) ? "!!" + tag.substring(core.length()) : "!" + tag;
  }

  private static int line(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }
}
