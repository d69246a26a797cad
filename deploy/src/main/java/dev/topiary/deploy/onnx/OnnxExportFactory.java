package dev.topiary.deploy.onnx;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;

/** Creates {@value OnnxExportSpec#TYPE} stages; {@link dev.topiary.deploy.DeployModule} registers it. */
public final class OnnxExportFactory implements StageFactory<OnnxExportSpec> {

  /** A factory; it holds no state. */
  public OnnxExportFactory() {}

  /** {@link OnnxExportSpec}. */
  @Override
  public Class<OnnxExportSpec> specType() {
    return OnnxExportSpec.class;
  }

  /** A stage that exports its input with {@code spec}. */
  @Override
  public Stage create(OnnxExportSpec spec) {
    return new OnnxExportStage(spec);
  }
}
