package dev.topiary.core.stage;

import java.util.Map;
import java.util.function.Function;

/**
 * Turns a stage type's validated parameter record into a {@link Stage}. Registered by the type's
 * name with {@link StageBindings#add}; the recipe compiler reads the parameters into
 * {@link #specType()} with Jackson.
 *
 * <p>A stage type whose factory only calls a constructor needs no class of its own:
 * {@code StageBindings.add(binder(), FinetuneSpec.TYPE, FinetuneSpec.class, FinetuneStage::new)}
 * (see {@link #of}). Several stage types may share one record (the {@code prune.*} mask stages
 * share one, the criterion being a parameter): each type's factory then names, through
 * {@link #impliedParameters()}, the parameters its type name stands for, and documents its own
 * parameters through {@link #describe(String)}.
 *
 * @param <S> the parameter record, annotated with {@link StageDescription} and {@link Param}
 */
public interface StageFactory<S extends Record> {

  /** The parameter record this stage type reads from a recipe. */
  Class<S> specType();

  /** Creates the stage for validated parameters. */
  Stage create(S spec);

  /**
   * The documentation of the stage type {@code type}: its meaning and the parameters a recipe may
   * give, with their defaults. This is what {@code topiary stages} prints and what the recipe
   * compiler checks keys against (a key it does not list is an unknown key). By default read from
   * {@link #specType()}'s annotations, every record component a parameter.
   */
  default StageTypeDescriptor describe(String type) {
    return StageTypeDescriptor.of(type, specType());
  }

  /**
   * Record components whose values the stage type's name stands for, as a recipe would write them
   * ({@code criterion: obd} for {@code prune.obd}): the compiler adds them before binding and
   * leaves them out of the resolved recipe, and a recipe may not give them. None by default.
   */
  default Map<String, String> impliedParameters() {
    return Map.of();
  }

  /**
   * The factory of a stage type whose stage is made from its parameters alone:
   * {@code StageFactory.of(FinetuneSpec.class, FinetuneStage::new)}.
   *
   * @param specType the parameter record
   * @param create makes the stage for validated parameters
   */
  static <S extends Record> StageFactory<S> of(Class<S> specType, Function<? super S, ? extends Stage> create) {
    return new ConstructorStageFactory<>(specType, create);
  }
}
