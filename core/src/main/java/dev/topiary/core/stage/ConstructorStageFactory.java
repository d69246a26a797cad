package dev.topiary.core.stage;

import java.util.Objects;
import java.util.function.Function;

/** The factory {@link StageFactory#of} makes: a record type and the function from a record to its stage. */
final class ConstructorStageFactory<S extends Record> implements StageFactory<S> {

  private final Class<S> specType;
  private final Function<? super S, ? extends Stage> create;

  ConstructorStageFactory(Class<S> specType, Function<? super S, ? extends Stage> create) {
    this.specType = Objects.requireNonNull(specType, "specType");
    this.create = Objects.requireNonNull(create, "create");
  }

  @Override
  public Class<S> specType() {
    return specType;
  }

  @Override
  public Stage create(S spec) {
    return create.apply(spec);
  }

  @Override
  public String toString() {
    return "StageFactory.of(" + specType.getSimpleName() + ")";
  }
}
