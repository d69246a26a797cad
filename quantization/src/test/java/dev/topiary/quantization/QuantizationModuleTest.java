package dev.topiary.quantization;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import dev.topiary.core.stage.StageBindings;
import dev.topiary.quantization.stages.DynamicQuantizationSpec;
import dev.topiary.quantization.stages.Int8QuantizationSpec;
import org.junit.jupiter.api.Test;

class QuantizationModuleTest {

  @Test
  void injectorListsTheQuantizationStageTypes() {
    Injector injector = Guice.createInjector(new QuantizationModule());

    assertThat(injector.getInstance(Key.get(StageBindings.REGISTRY_TYPE))).containsOnlyKeys(Int8QuantizationSpec.TYPE,
        DynamicQuantizationSpec.TYPE);
  }
}
