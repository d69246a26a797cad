package dev.topiary.core.stage;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.function.Function;

/**
 * The one way to register a stage type in a Guice module:
 * {@code StageBindings.add(binder(), Spec.TYPE, Factory.class)} for a factory class that does more
 * than call a constructor (a {@link PreflightCheck}, for example), and
 * {@code StageBindings.add(binder(), Spec.TYPE, Spec.class, SpecStage::new)} for one that does not.
 * A name registered twice fails when the injector is built.
 */
public final class StageBindings {

  /** The type of the registry map: stage type name to factory. */
  public static final TypeLiteral<java.util.Map<String, StageFactory<?>>> REGISTRY_TYPE =
      new TypeLiteral<>() {};

  private StageBindings() {}

  /** The stage registry's map binder, for modules that only need it to exist (it may be empty). */
  public static MapBinder<String, StageFactory<?>> registry(Binder binder) {
    return MapBinder.newMapBinder(binder, new TypeLiteral<String>() {}, new TypeLiteral<StageFactory<?>>() {});
  }

  /** Registers {@code factory} under the stage type name {@code type}. */
  public static void add(Binder binder, String type, Class<? extends StageFactory<?>> factory) {
    String name = checkType(type);
    registry(binder).addBinding(name).to(factory);
  }

  /** Registers a factory object under the stage type name {@code type} (for one factory class serving several types). */
  public static void add(Binder binder, String type, StageFactory<?> factory) {
    String name = checkType(type);
    registry(binder).addBinding(name).toInstance(factory);
  }

  /**
   * Registers the stage type {@code type} whose stage is made from its parameters alone, with
   * {@link StageFactory#of}.
   */
  public static <S extends Record> void add(Binder binder, String type, Class<S> specType,
      Function<? super S, ? extends Stage> create) {
    add(binder, type, StageFactory.of(specType, create));
  }

  private static String checkType(String type) {
    if (type == null || !type.matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)*")) {
      throw new IllegalArgumentException("stage type must be lower-case words joined by dots, got '" + type + "'");
    }
    return type;
  }
}
