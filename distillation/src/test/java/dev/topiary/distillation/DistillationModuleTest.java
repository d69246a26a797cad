package dev.topiary.distillation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import dev.topiary.core.stage.StageBindings;
import org.junit.jupiter.api.Test;

class DistillationModuleTest {

  @Test
  void registersDistill() {
    Injector injector = Guice.createInjector(new DistillationModule());

    assertThat(injector.getInstance(Key.get(StageBindings.REGISTRY_TYPE))).containsOnlyKeys(DistillSpec.TYPE);
  }
}
