package dev.topiary.deploy.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.deploy.RuntimeModelHandle;
import dev.topiary.runtime.ModelSurgery;
import dev.topiary.runtime.RuntimeModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@value OnnxExportSpec#TYPE} stage: writes its input as an ONNX file into the stage's work
 * folder, reads the file back and checks it, and returns an unchanged copy of the input (the runner
 * needs a new handle), like the analysis stages.
 */
final class OnnxExportStage implements Stage {

  /** The largest difference from DL4J's probabilities the self-check accepts. */
  static final double TOLERANCE = 1e-5;

  /** The smallest share of test rows on which the file must give a runtime model's top-1 class. */
  static final double MIN_INT8_TOP1 = 0.99;

  private final OnnxExportSpec spec;

  OnnxExportStage(OnnxExportSpec spec) {
    this.spec = spec;
  }

  /** A trainable DL4J network or a compiled runtime model (float or int8 layers). */
  @Override
  public Set<ModelKind> acceptedKinds() {
    return EnumSet.of(ModelKind.DL4J_NETWORK, ModelKind.RUNTIME_MODEL);
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    if (input instanceof RuntimeModelHandle runtime) {
      OnnxModel model;
      try {
        model = OnnxExporter.export(runtime.model());
      } catch (IllegalArgumentException e) {
        throw new StageException(context.stageName(), e.getMessage(), e);
      }
      ModelProto written = write(model, context);
      Map<String, Object> diagnostics = diagnostics(model, written);
      diagnostics.put("selfCheck", runtimeSelfCheck(written, runtime, context));
      return new StageResult(runtime.copy(), diagnostics);
    }
    NetworkModel network = requireNetwork(input, context);
    OnnxModel model;
    try {
      model = OnnxExporter.export(network, context.data().test().classNames());
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), e.getMessage(), e);
    }
    ModelProto written = write(model, context);
    Map<String, Object> diagnostics = diagnostics(model, written);
    diagnostics.put("selfCheck", selfCheck(written, network, context));
    return new StageResult(network.copy(), diagnostics);
  }

  private ModelProto write(OnnxModel model, StageContext context) throws StageException {
    Path file = context.workDirectory().resolve(spec.fileName());
    try {
      model.writeTo(file);
      return ModelProto.parseFrom(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new StageException(context.stageName(), "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private Map<String, Object> diagnostics(OnnxModel model, ModelProto written) {
    Map<String, Object> diagnostics = new LinkedHashMap<>();
    diagnostics.put("file", spec.fileName());
    diagnostics.put("fileBytes", model.sizeBytes());
    diagnostics.put("opset", written.getOpsetImport(0).getVersion());
    diagnostics.put("input", OnnxExporter.INPUT_NAME + " [N, " + model.inputSize() + "]"
        + (model.imageShape().length == 0 ? "" : " reshaped to " + Arrays.toString(model.imageShape())));
    diagnostics.put("output", OnnxExporter.OUTPUT_NAME + " [N, " + model.classCount() + "]");
    diagnostics.put("classNames", model.classNames());
    diagnostics.put("operators", model.operators());
    diagnostics.put("parameterValues", model.parameterValues());
    return diagnostics;
  }

  /**
   * The written file against the runtime model on the first test rows (both take the same rows).
   * Int8 layers round the bias to int32 codes and quantize with a division where the runtime
   * multiplies by the reciprocal, so a value on a rounding boundary may move by one code: the check
   * asks for the same top-1 class on at least {@value #MIN_INT8_TOP1} of the rows.
   */
  private Map<String, Object> runtimeSelfCheck(ModelProto written, RuntimeModelHandle handle, StageContext context)
      throws StageException {
    RuntimeModel runtime = handle.model();
    Map<String, Object> check = new LinkedHashMap<>();
    Dataset test = context.data().test();
    int rows = Math.min(spec.checkExamples(), test.rows());
    if (rows == 0) {
      check.put("skipped", spec.checkExamples() == 0 ? "checkExamples is 0" : "the test split is empty");
      return check;
    }
    OnnxSelfCheck result = OnnxSelfCheck.run(written, runtime, rawRows(handle, test.featureRows(0, rows)), rows);
    check.put("examples", result.examples());
    check.put("maxAbsDifference", result.maxAbsDifference());
    check.put("top1Agreement", result.top1Agreement());
    if (!(result.top1Agreement() >= MIN_INT8_TOP1)) {
      throw new StageException(context.stageName(), "the written ONNX file gives the runtime model's top-1 class on "
          + result.top1Agreement() + " of the first " + rows + " test examples (less than " + MIN_INT8_TOP1
          + "); please report this model");
    }
    return check;
  }

  /**
   * The pipeline's scaled features as the saved model takes them: if the saved model scales raw
   * rows first ({@code (x − offset)·scale}, a layer the model on features lacks), the features are
   * turned back into raw rows, so the check runs both models on the inputs they were calibrated for.
   */
  private static float[] rawRows(RuntimeModelHandle handle, float[] features) {
    List<ModelSurgery.LayerView> saved = ModelSurgery.layerViews(handle.model());
    boolean scales = saved.size() == handle.modelOnFeatures().layers().size() + 1 && !saved.isEmpty()
        && saved.get(0).type().equals("scale");
    if (!scales) {
      return features;
    }
    float[] offset = saved.get(0).offset();
    float[] scale = saved.get(0).scale();
    float[] raw = new float[features.length];
    for (int k = 0; k < raw.length; k++) {
      int i = k % offset.length;
      raw[k] = scale[i] == 0f ? offset[i] : features[k] / scale[i] + offset[i];
    }
    return raw;
  }

  private Map<String, Object> selfCheck(ModelProto written, NetworkModel network, StageContext context)
      throws StageException {
    Map<String, Object> check = new LinkedHashMap<>();
    Dataset test = context.data().test();
    int rows = Math.min(spec.checkExamples(), test.rows());
    if (rows == 0) {
      check.put("skipped", spec.checkExamples() == 0 ? "checkExamples is 0" : "the test split is empty");
      return check;
    }
    OnnxSelfCheck result = OnnxSelfCheck.run(written, network.inference(), test.featureRows(0, rows), rows);
    check.put("examples", result.examples());
    check.put("maxAbsDifference", result.maxAbsDifference());
    check.put("top1Agreement", result.top1Agreement());
    if (!(result.maxAbsDifference() <= TOLERANCE)) {
      throw new StageException(context.stageName(), "the written ONNX file's probabilities differ from DL4J's by "
          + result.maxAbsDifference() + " (more than " + TOLERANCE + ") on the first " + rows
          + " test examples; please report this network's configuration");
    }
    return check;
  }
}
