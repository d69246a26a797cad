package dev.topiary.core.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeterSettingsTest {

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void fillsDefaults() {
    assertThat(MeterSettings.defaults()).isEqualTo(new MeterSettings(List.of(1, 64), 20, 1000, 200, 1));
  }

  @Test
  void readsTheMeasureSectionWithJackson() throws Exception {
    MeterSettings settings = yaml.readValue("{batchSizes: [1, 8], threads: 2}", MeterSettings.class);
    assertThat(settings).isEqualTo(new MeterSettings(List.of(1, 8), 20, 1000, 200, 2));
    assertThat(yaml.readValue("warmup: 0\niterations: 5", MeterSettings.class))
        .isEqualTo(new MeterSettings(List.of(1, 64), 0, 1000, 5, 1));
    assertThat(yaml.readValue(yaml.writeValueAsString(settings), MeterSettings.class)).isEqualTo(settings);
  }

  @Test
  void validationMessagesNameTheFieldAndValue() {
    assertThatThrownBy(() -> new MeterSettings(List.of(), null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("measure.batchSizes: must list at least one batch size");
    assertThatThrownBy(() -> new MeterSettings(List.of(1, 0), null, null, null, null))
        .hasMessage("measure.batchSizes: every batch size must be at least 1, got [1, 0]");
    assertThatThrownBy(() -> new MeterSettings(Arrays.asList(1, null), null, null, null, null))
        .hasMessage("measure.batchSizes: every batch size must be at least 1, got [1, null]");
    assertThatThrownBy(() -> new MeterSettings(List.of(8, 1, 8), null, null, null, null))
        .hasMessage("measure.batchSizes: batch sizes must be distinct, got [8, 1, 8]");
    assertThatThrownBy(() -> new MeterSettings(null, -1, null, null, null))
        .hasMessage("measure.warmup: must be at least 0, got -1");
    assertThatThrownBy(() -> new MeterSettings(null, null, -5, null, null))
        .hasMessage("measure.warmupMillis: must be at least 0, got -5");
    assertThatThrownBy(() -> new MeterSettings(null, null, null, 0, null))
        .hasMessage("measure.iterations: must be at least 1, got 0");
    assertThatThrownBy(() -> new MeterSettings(null, null, null, null, 0))
        .hasMessage("measure.threads: must be at least 1, got 0");
  }
}
