package dev.topiary.deploy.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@value OnnxExportSpec#TYPE} stage: writes its input as an ONNX file into the stage's work
 * folder, reads the file back and checks it, and returns an unchanged copy of the input (the runner
 * needs a new handle), like the analysis stages.
 */
final class OnnxExportStage implements Stage {

  /** The largest difference from DL4J's probabilities the self-check accepts. */
  static final double TOLERANCE = 1e-5;

  private final OnnxExportSpec spec;

  OnnxExportStage(OnnxExportSpec spec) {
    this.spec = spec;
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel network = requireNetwork(input, context);
    OnnxModel model;
    try {
      model = OnnxExporter.export(network, context.data().test().classNames());
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), e.getMessage(), e);
    }
    Path file = context.workDirectory().resolve(spec.fileName());
    ModelProto written;
    try {
      model.writeTo(file);
      written = ModelProto.parseFrom(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new StageException(context.stageName(), "cannot write " + file + ": " + e.getMessage(), e);
    }
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
    diagnostics.put("selfCheck", selfCheck(written, network, context));
    return new StageResult(network.copy(), diagnostics);
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
