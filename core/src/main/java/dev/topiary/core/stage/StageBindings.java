package dev.topiary.core.stage;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;

/**
 * The one way to register a stage type: {@code StageBindings.add(binder(), Spec.TYPE,
 * Factory.class)} in a Guice module. A name registered twice fails when the injector is built.
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
    if (type == null || !type.matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)*")) {
      throw new IllegalArgumentException("stage type must be lower-case words joined by dots, got '" + type + "'");
    }
    registry(binder).addBinding(type).to(factory);
  }
}
