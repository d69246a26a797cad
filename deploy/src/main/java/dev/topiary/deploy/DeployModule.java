package dev.topiary.deploy;

import com.google.inject.AbstractModule;
import dev.topiary.core.stage.StageBindings;
import dev.topiary.deploy.compile.RuntimeCompileSpec;
import dev.topiary.deploy.onnx.OnnxExportSpec;

/**
 * Registers the deployment stage types (compiling to the Topiary runtime, exporting to ONNX) with
 * the stage registry. It declares bindings only: no I/O, no models.
 */
public final class DeployModule extends AbstractModule {

  /** Declares the registry and this module's stage types. */
  @Override
  protected void configure() {
    StageBindings.registry(binder());
    StageBindings.add(binder(), RuntimeCompileSpec.TYPE, RuntimeCompileSpec.stageFactory());
    StageBindings.add(binder(), OnnxExportSpec.TYPE, OnnxExportSpec.stageFactory());
  }
}
