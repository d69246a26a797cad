package dev.topiary.core.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.junit.jupiter.api.Test;

class TopiaryJsonTest {

  enum Scope { LAYER, PER_CHANNEL }

  record Spec(Scope scope, int count) {}

  private final TopiaryJson json = TopiaryJson.create();

  @Test
  void enumsAreReadCaseInsensitivelyAndWrittenLowerHyphenated() throws Exception {
    assertThat(json.yaml().readValue("scope: Per-Channel\ncount: 2\n", Spec.class))
        .isEqualTo(new Spec(Scope.PER_CHANNEL, 2));
    assertThat(json.json().readValue("{\"scope\": \"PER_CHANNEL\", \"count\": 2}", Spec.class).scope())
        .isEqualTo(Scope.PER_CHANNEL);
    assertThat(json.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(new Spec(Scope.PER_CHANNEL, 2))).isEqualTo("{\"scope\":\"per-channel\",\"count\":2}");
    assertThat(TopiaryJson.enumNames(Scope.class)).isEqualTo("[layer, per-channel]");
  }

  @Test
  void isStrict() {
    assertThatThrownBy(() -> json.json().readValue("{\"scope\": \"wide\"}", Spec.class))
        .isInstanceOf(InvalidFormatException.class).hasMessageStartingWith("expected one of [layer, per-channel], got 'wide'");
    assertThatThrownBy(() -> json.json().readValue("{\"count\": \"3\"}", Spec.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> json.json().readValue("{\"count\": 1.5}", Spec.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> json.json().readValue("{\"count\": 1, \"other\": 1}", Spec.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
  }
}
