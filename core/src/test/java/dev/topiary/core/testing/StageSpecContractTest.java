package dev.topiary.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topiary.core.finetune.FinetuneSpec;
import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.ParameterDescriptor;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.stage.StageTypeDescriptor;
import java.util.List;
import java.util.Map;
import dev.topiary.core.stage.StageDescription;
import org.junit.jupiter.api.Test;

class StageSpecContractTest {

  @StageDescription("Good.")
  record GoodSpec(@Param("Required.") double level, @Param(value = "Size.", defaultValue = "8") Integer size,
      @Param(value = "Mode.", defaultValue = "fast") Mode mode, @Param(value = "Off.", optional = true) Long off) {
    public static final String TYPE = "test.good";

    GoodSpec {
      size = size == null ? 8 : size;
      mode = mode == null ? Mode.FAST : mode;
    }
  }

  enum Mode { FAST, SLOW }

  @StageDescription("Lies about its defaults.")
  record LyingSpec(@Param(value = "Size.", defaultValue = "32") Integer size,
      @Param("Documented required, filled in.") Integer count,
      @Param(value = "Documented unset, filled in.", optional = true) Double rate) {
    public static final String TYPE = "test.lying";

    LyingSpec {
      size = size == null ? 64 : size;
      count = count == null ? 1 : count;
      rate = rate == null ? 0.5 : rate;
    }
  }

  @StageDescription("Undocumented parameter.")
  record UndocumentedSpec(int size) {
    public static final String TYPE = "test.undocumented";
  }

  @StageDescription("No type constant.")
  record UntypedSpec(@Param("Size.") int size) {}

  @Test
  void finetuneSpecKeepsTheContract() {
    assertThat(StageSpecContract.check(FinetuneSpec.class, "{\"epochs\": 2}").requiredParameters())
        .containsExactly("epochs");
  }

  @Test
  void acceptsDefaultsOfEveryKind() {
    assertThat(StageSpecContract.check(GoodSpec.class, "{\"level\": 0.5}").type()).isEqualTo("test.good");
  }

  @Test
  void reportsEveryLieAtOnce() {
    assertThatThrownBy(() -> StageSpecContract.check(LyingSpec.class, "{\"count\": 3}"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("LyingSpec.count: documented as required, but the record builds without it\n"
            + "LyingSpec.size: documented default '32' reads as 32, but the constructor fills in 64\n"
            + "LyingSpec.rate: documented as optional without a default, but the constructor fills in 0.5");
  }

  @Test
  void requiredJsonMustGiveTheRequiredParametersAndMayGiveAnAlternative() {
    assertThatThrownBy(() -> StageSpecContract.check(GoodSpec.class, "{\"level\": 0.5, \"size\": 3}"))
        .hasMessage("GoodSpec: requiredJson must give the required parameters [level] and optionally some of [off],"
            + " got [level, size]");
    assertThatThrownBy(() -> StageSpecContract.check(GoodSpec.class, "{\"off\": 3}"))
        .hasMessage("GoodSpec: requiredJson must give the required parameters [level] and optionally some of [off],"
            + " got [off]");
    // an optional parameter without a default may be given, for records that need one of several
    StageSpecContract.check(GoodSpec.class, "{\"level\": 0.5, \"off\": 3}");
  }

  @Test
  void undocumentedComponentsAndMissingTypeFail() {
    assertThatThrownBy(() -> StageSpecContract.check(UndocumentedSpec.class, "{}"))
        .hasMessage(UndocumentedSpec.class.getName() + ".size (stage type 'test.undocumented') needs a @Param");
    assertThatThrownBy(() -> StageSpecContract.check(UntypedSpec.class, "{\"size\": 1}"))
        .hasMessage(UntypedSpec.class.getName() + " needs a public static final String TYPE, its stage type name");
  }

  /** One record for two stage types: {@code kind} comes from the type name, {@code extra} is only test.wide's. */
  @StageDescription("Shared.")
  record SharedSpec(@Param("Implied by the type.") Kind kind, @Param(value = "Size.", defaultValue = "8") Integer size,
      @Param(value = "Wide only.", defaultValue = "2") Integer extra) {
    SharedSpec {
      size = size == null ? 8 : size;
      // the narrow type's constructor fills in a value it does not document: the contract must see it
      extra = extra == null ? 2 : extra;
    }
  }

  enum Kind { NARROW, WIDE }

  private static StageFactory<SharedSpec> shared(Kind kind) {
    return new StageFactory<>() {
      @Override
      public Class<SharedSpec> specType() {
        return SharedSpec.class;
      }

      @Override
      public Stage create(SharedSpec spec) {
        throw new UnsupportedOperationException();
      }

      @Override
      public StageTypeDescriptor describe(String type) {
        StageTypeDescriptor all = StageTypeDescriptor.of(type, SharedSpec.class);
        List<ParameterDescriptor> own = all.parameters().stream()
            .filter(p -> p.name().equals("size") || (kind == Kind.WIDE && p.name().equals("extra"))).toList();
        return new StageTypeDescriptor(type, "A " + kind + " type.", own);
      }

      @Override
      public Map<String, String> impliedParameters() {
        return Map.of("kind", kind.name());
      }
    };
  }

  @Test
  void aSharedRecordIsCheckedAsEachTypeDocumentsIt() {
    assertThat(StageSpecContract.check(shared(Kind.WIDE), "test.wide", "{}").parameterNames())
        .containsExactly("size", "extra");
    assertThatThrownBy(() -> StageSpecContract.check(shared(Kind.NARROW), "test.narrow", "{}"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("test.narrow.extra: not a parameter of the type, but the constructor fills in 2");
  }
}
