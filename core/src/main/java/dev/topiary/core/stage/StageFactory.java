package dev.topiary.core.stage;

/**
 * Turns a stage type's validated parameter record into a {@link Stage}. Registered by the type's
 * name with {@link StageBindings#add}; the recipe compiler reads the parameters into
 * {@link #specType()} with Jackson.
 *
 * @param <S> the parameter record, annotated with {@link StageDescription} and {@link Param}
 */
public interface StageFactory<S extends Record> {

  /** The parameter record this stage type reads from a recipe. */
  Class<S> specType();

  /** Creates the stage for validated parameters. */
  Stage create(S spec);
}
