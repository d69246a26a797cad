package dev.topiary.deploy.onnx;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.core.stage.StageFactory;

/**
 * Parameters of {@value #TYPE}, e.g. {@code {type: export.onnx}} or
 * {@code {type: export.onnx, fileName: mlp.onnx, checkExamples: 0}}.
 *
 * @param fileName name of the ONNX file written into the stage's work folder; a plain name ending in {@code .onnx}
 * @param checkExamples test examples on which the written file is evaluated (by a plain Java interpreter of its operators) and compared with DL4J; 0 skips the check
 */
@StageDescription("Writes the network, or a compiled runtime model (int8 layers in QDQ form), as an ONNX model "
    + "(opset 13; input: flat feature rows, output: class probabilities) into the stage's folder, checks the file "
    + "against DL4J or the runtime model on test examples, and returns the model unchanged.")
public record OnnxExportSpec(
    @Param(value = "name of the ONNX file written into the stage's work folder: a plain file name ending in .onnx",
        defaultValue = "model.onnx")
    String fileName,
    @Param(value = "first examples of the test split on which the written file is evaluated and compared with "
        + "DL4J's probabilities (largest difference, top-1 agreement); at least 0, 0 skips the check",
        defaultValue = "256")
    Integer checkExamples) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "export.onnx";

  /** The default file name. */
  public static final String DEFAULT_FILE_NAME = "model.onnx";

  /** The default number of test examples of the self-check. */
  public static final int DEFAULT_CHECK_EXAMPLES = 256;

  /**
   * Fills the defaults and validates every value.
   *
   * @throws IllegalArgumentException naming the parameter and the bad value
   */
  public OnnxExportSpec {
    fileName = fileName == null ? DEFAULT_FILE_NAME : fileName;
    if (!fileName.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.onnx")) {
      throw new IllegalArgumentException("fileName must be a plain file name ending in .onnx (letters, digits, "
          + "'.', '_', '-'), got '" + fileName + "'");
    }
    checkExamples = checkExamples == null ? DEFAULT_CHECK_EXAMPLES : checkExamples;
    if (checkExamples < 0) {
      throw new IllegalArgumentException("checkExamples must be at least 0, got " + checkExamples);
    }
  }

  /** The defaults: {@value #DEFAULT_FILE_NAME}, checked on {@value #DEFAULT_CHECK_EXAMPLES} examples. */
  public OnnxExportSpec() {
    this(null, null);
  }

  /** The stage type's factory: a stage that exports its input with these parameters. */
  public static StageFactory<OnnxExportSpec> stageFactory() {
    return StageFactory.of(OnnxExportSpec.class, OnnxExportStage::new);
  }
}
