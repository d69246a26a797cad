package dev.topiary.deploy.compile;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;

/** Creates {@code runtime.compile} stages; registered under {@link RuntimeCompileSpec#TYPE} by the deploy module. */
public final class RuntimeCompileFactory implements StageFactory<RuntimeCompileSpec> {

  /** A factory; it holds no state. */
  public RuntimeCompileFactory() {}

  /** {@link RuntimeCompileSpec}. */
  @Override
  public Class<RuntimeCompileSpec> specType() {
    return RuntimeCompileSpec.class;
  }

  /** A stage that compiles its input network with {@code spec}'s options. */
  @Override
  public Stage create(RuntimeCompileSpec spec) {
    return new RuntimeCompileStage(spec.options());
  }
}
