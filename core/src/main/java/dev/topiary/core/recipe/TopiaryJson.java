package dev.topiary.core.recipe;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.topiary.core.data.DataSpec;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Topiary's one Jackson configuration (plain {@code com.fasterxml} Jackson, never ND4J's shaded
 * copy): a JSON mapper and a YAML mapper that read and write recipes, parameter records and
 * reports the same way.
 *
 * <p>Both mappers fail on unknown keys, refuse to coerce values between types (a string is not a
 * number, {@code 0.5} is not an integer), omit {@code null} values when writing, and read enum
 * constants case-insensitively with {@code -} for {@code _} ({@code per-channel} is
 * {@code PER_CHANNEL}); they write enum constants in lower case with {@code -} for {@code _}.
 * {@link DataSpec} is polymorphic on the key {@code source} (declared on the interface).
 *
 * <p>An instance is mutable only through {@link #registerSubtypes}, which a caller uses before
 * reading anything (for instance to add a data source in a test). Create one per application.
 */
public final class TopiaryJson {

  private final ObjectMapper json;
  private final ObjectMapper yaml;

  private TopiaryJson(ObjectMapper json, ObjectMapper yaml) {
    this.json = json;
    this.yaml = yaml;
  }

  /** A new pair of mappers with Topiary's configuration. */
  public static TopiaryJson create() {
    JsonMapper json = configure(JsonMapper.builder()).build();
    YAMLFactory yamlFactory = YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
        .build();
    YAMLMapper yaml = configure(YAMLMapper.builder(yamlFactory)).build();
    return new TopiaryJson(json, yaml);
  }

  /** The JSON mapper: reports and {@code .json} recipes. */
  public ObjectMapper json() {
    return json;
  }

  /** The YAML mapper: {@code .yaml} and {@code .yml} recipes and resolved recipes. */
  public ObjectMapper yaml() {
    return yaml;
  }

  /**
   * Registers named subtypes (for instance a {@link DataSpec} implementation under its
   * {@code source} name) with both mappers.
   */
  public void registerSubtypes(NamedType... types) {
    json.registerSubtypes(types);
    yaml.registerSubtypes(types);
  }

  /** Writes an enum constant as a recipe does: {@code PER_CHANNEL} becomes {@code per-channel}. */
  public static String enumName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The recipe spellings of every constant of {@code type}, e.g. {@code [layer, global]}. */
  public static String enumNames(Class<?> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(constant -> enumName((Enum<?>) constant))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
    SimpleModule enums = new SimpleModule("topiary-enums");
    enums.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
          BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
        return new HyphenatedEnumDeserializer(type.getRawClass());
      }
    });
    enums.setSerializerModifier(new BeanSerializerModifier() {
      @Override
      public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType valueType,
          BeanDescription beanDesc, JsonSerializer<?> serializer) {
        return new HyphenatedEnumSerializer();
      }
    });
    return builder
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .addModule(enums);
  }

  /** Reads {@code per-channel}, {@code PER_CHANNEL} or {@code Per-Channel} as {@code PER_CHANNEL}. */
  private static final class HyphenatedEnumDeserializer extends StdScalarDeserializer<Object> {
    private static final long serialVersionUID = 1L;

    HyphenatedEnumDeserializer(Class<?> type) {
      super(type);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      Class<?> type = handledType();
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return context.handleUnexpectedToken(type, parser);
      }
      String text = parser.getText();
      String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Object constant : type.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(wanted)) {
          return constant;
        }
      }
      throw InvalidFormatException.from(parser, "expected one of " + enumNames(type) + ", got '" + text + "'",
          text, type);
    }
  }

  /** Writes {@code PER_CHANNEL} as {@code per-channel}. */
  private static final class HyphenatedEnumSerializer extends StdScalarSerializer<Enum<?>> {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings({"unchecked", "rawtypes"})
    HyphenatedEnumSerializer() {
      super((Class) Enum.class);
    }

    @Override
    public void serialize(Enum<?> value, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeString(enumName(value));
    }
  }
}
