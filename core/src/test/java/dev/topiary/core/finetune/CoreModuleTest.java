package dev.topiary.core.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageBindings;
import dev.topiary.core.stage.StageFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreModuleTest {

  /** A second factory claiming the name {@code finetune}. */
  static final class OtherFinetuneFactory implements StageFactory<FinetuneSpec> {
    @Override
    public Class<FinetuneSpec> specType() {
      return FinetuneSpec.class;
    }

    @Override
    public Stage create(FinetuneSpec spec) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void registersFinetune() {
    Injector injector = Guice.createInjector(new CoreModule());
    Map<String, StageFactory<?>> registry = injector.getInstance(Key.get(StageBindings.REGISTRY_TYPE));
    assertThat(registry).containsOnlyKeys(FinetuneSpec.TYPE);
        assertThat(registry.get("finetune").specType()).isEqualTo(FinetuneSpec.class);
    // registered through StageFactory.of: the factory only calls the stage's constructor
    assertThat(create(registry.get("finetune"), new FinetuneSpec(1, null, 8))).isInstanceOf(FinetuneStage.class);
    assertThat(registry.get("finetune").describe("finetune"))
        .isEqualTo(dev.topiary.core.stage.StageTypeDescriptor.of("finetune", FinetuneSpec.class));
    assertThat(registry.get("finetune").impliedParameters()).isEmpty();
  }

  @Test
  void aNameRegisteredTwiceFailsWhenTheInjectorIsBuilt() {
    assertThatThrownBy(() -> Guice.createInjector(new CoreModule(),
        binder -> StageBindings.add(binder, FinetuneSpec.TYPE, OtherFinetuneFactory.class)))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("\"finetune\"");
  }

  @SuppressWarnings("unchecked")
  private static <S extends Record> Stage create(StageFactory<?> factory, S spec) {
    return ((StageFactory<S>) factory).create(spec);
  }

  @Test
  void aConstructorOnlyFactoryNeedsBothItsParts() {
    assertThatThrownBy(() -> StageFactory.of(null, spec -> null)).isInstanceOf(NullPointerException.class)
        .hasMessage("specType");
    assertThatThrownBy(() -> StageBindings.add(null, "Not A Type", FinetuneSpec.class, FinetuneStage::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage type must be lower-case words joined by dots, got 'Not A Type'");
  }
}
