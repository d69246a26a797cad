package dev.topiary.distillation;

import dev.topiary.core.data.DataException;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.UnlabeledImages;
import dev.topiary.core.data.UnlabeledRows;
import dev.topiary.core.model.Inference;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.ModelReference;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Distils the referenced teachers into a new student: a copy of the input (or of another referenced
 * network), or a network built from an architecture. Teachers are borrowed from the context.
 */
final class DistillStage implements Stage {

  private static final int EVALUATION_BATCH = 512;

  /** Keeps the subset's draw apart from the minibatch order, which uses the stage seed itself. */
  private static final long TRANSFER_LIMIT_SALT = 0x7452414e53464552L;

  private final DistillSpec spec;

  DistillStage(DistillSpec spec) {
    this.spec = spec;
  }

  @Override
  public Set<ModelKind> acceptedKinds() {
    // only an @input student needs the input to be a trainable network
    return spec.student().isInput() ? EnumSet.of(ModelKind.DL4J_NETWORK) : EnumSet.allOf(ModelKind.class);
  }

  @Override
  public ModelKind producedKind(ModelKind input) {
    return ModelKind.DL4J_NETWORK;
  }

  @Override
  public List<ModelReference> modelReferences() {
    List<ModelReference> references = new ArrayList<>();
    List<String> teachers = spec.teacher().references();
    for (int i = 0; i < teachers.size(); i++) {
      references.add(ModelReference.anyKind(teachers.size() == 1 ? "teacher" : "teacher[" + i + "]", teachers.get(i)));
    }
    if (spec.student().reference() != null && !spec.student().isInput()) {
      references.add(new ModelReference("student", spec.student().reference(), EnumSet.of(ModelKind.DL4J_NETWORK)));
    }
    return references;
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    List<ModelHandle> teachers = new ArrayList<>();
    for (String reference : spec.teacher().references()) {
      teachers.add(context.model(reference));
    }
    Dataset train = context.data().train();
    NetworkModel student = student(input, context);
    try {
      DistillationTrainer.Builder builder = DistillationTrainer.builder()
          .temperature(spec.temperature()).alpha(spec.alpha()).epochs(spec.epochs()).batchSize(spec.batchSize())
          .seed(context.seed()).averaging(spec.averaging()).progress(context.progress());
      teachers.forEach(builder::teacher);
      if (spec.student().architecture() == null) {
        if (spec.learningRate() != null) {
          builder.learningRate(spec.learningRate());
        }
        if (spec.updater() != null) {
          builder.updater(spec.updater());
        }
      }
      Dataset kept = limited(withoutOmittedClasses(train), context.seed());
      TransferSet transfer = spec.transferImages() != null ? transferImages(context)
          : spec.transferCsv() != null ? transferCsv(context)
          : spec.labels() ? TransferSet.labelled(kept) : TransferSet.unlabeled(kept);
      DistillationHistory history = builder.build().fit(student, transfer);
      Map<String, Object> diagnostics = diagnostics(history, teachers, student, context.data().test());
      putValidationAccuracy(diagnostics, teachers, student, context.data().validation());
      if (spec.transferImages() != null) {
        diagnostics.put("transferImages", spec.transferImages());
        diagnostics.put("transferRows", transfer.rows());
      }
      if (spec.transferCsv() != null) {
        diagnostics.put("transferCsv", spec.transferCsv());
        diagnostics.put("transferRows", transfer.rows());
      }
      if (spec.transferLimit() != null) {
        diagnostics.put("transferRows", kept.rows());
      }
      if (!spec.omitClasses().isEmpty()) {
        diagnostics.put("transferRows", kept.rows());
        diagnostics.put("omittedClassAccuracy", classAccuracy(student, context.data().test()));
        if (spec.omittedClassBias() != 0) {
          shiftOmittedBiases(student);
          diagnostics.put("omittedClassAccuracyAfterBias", classAccuracy(student, context.data().test()));
        }
      }
      return new StageResult(student, diagnostics);
    } catch (IllegalArgumentException e) {
      student.close();
      throw new StageException(context.stageName(), e.getMessage(), e);
    } catch (RuntimeException e) {
      student.close();
      throw e;
    }
  }

  private TransferSet transferImages(StageContext context) {
    Path file = context.baseDirectory().resolve(spec.transferImages());
    try {
      UnlabeledImages images = UnlabeledImages.read(file);
      if (images.count() == 0) {
        throw new IllegalArgumentException("transferImages: " + spec.transferImages() + " holds no images");
      }
      return TransferSet.unlabeled(images.pixels(), images.featureCount());
    } catch (DataException e) {
      throw new IllegalArgumentException("transferImages: " + e.getMessage(), e);
    }
  }

  /** The rows of the {@code transferCsv} file, scaled as the training split was. */
  private TransferSet transferCsv(StageContext context) {
    Path file = context.baseDirectory().resolve(spec.transferCsv());
    try {
      UnlabeledRows rows = UnlabeledRows.read(file, null, context.data());
      return TransferSet.unlabeled(rows.features(), rows.featureCount());
    } catch (DataException e) {
      throw new IllegalArgumentException("transferCsv: " + e.getMessage(), e);
    }
  }

  /** {@code transferLimit} rows of {@code train}, class-stratified and seeded, or all of it. */
  private Dataset limited(Dataset train, long seed) {
    Integer limit = spec.transferLimit();
    if (limit == null) {
      return train;
    }
    if (limit > train.rows()) {
      throw new IllegalArgumentException("transferLimit: " + limit + " examples asked for, but the training split"
          + (spec.omitClasses().isEmpty() ? "" : " without classes " + spec.omitClasses()) + " has " + train.rows());
    }
    return train.stratifiedSubset(limit, seed ^ TRANSFER_LIMIT_SALT);
  }

  /** The training split without the examples of the omitted classes. */
  private Dataset withoutOmittedClasses(Dataset train) {
    if (spec.omitClasses().isEmpty()) {
      return train;
    }
    for (int omitted : spec.omitClasses()) {
      if (omitted >= train.classCount()) {
        throw new IllegalArgumentException("omitClasses: class " + omitted + " is not one of the data's classes [0, "
            + train.classCount() + ")");
      }
    }
    int[] keep = java.util.stream.IntStream.range(0, train.rows())
        .filter(row -> !spec.omitClasses().contains(train.label(row))).toArray();
    if (keep.length == 0) {
      throw new IllegalArgumentException("omitClasses: " + spec.omitClasses() + " leaves no training example");
    }
    return train.subset(keep);
  }

  /** Test accuracy of the student on each omitted class, by class. */
  private Map<String, Double> classAccuracy(NetworkModel student, Dataset test) {
    Map<String, Double> byClass = new LinkedHashMap<>();
    if (test.rows() == 0) {
      return byClass;
    }
    int[] predictions = argMax(probabilities(student.inference(), test), test.rows());
    for (int omitted : spec.omitClasses()) {
      int total = 0;
      int correct = 0;
      for (int i = 0; i < predictions.length; i++) {
        if (test.label(i) == omitted) {
          total++;
          if (predictions[i] == omitted) {
            correct++;
          }
        }
      }
      byClass.put(String.valueOf(omitted), total == 0 ? Double.NaN : (double) correct / total);
    }
    return byClass;
  }

  private void shiftOmittedBiases(NetworkModel student) {
    String key = (student.network().getnLayers() - 1) + "_b";
    org.nd4j.linalg.api.ndarray.INDArray bias = student.parameter(key);
    for (int omitted : spec.omitClasses()) {
      bias.putScalar(omitted, bias.getDouble(omitted) + spec.omittedClassBias());
    }
    student.applyMasks();
  }

  private NetworkModel student(ModelHandle input, StageContext context) throws StageException {
    StudentSource source = spec.student();
    if (source.isInput()) {
      return requireNetwork(input, context).copy();
    }
    if (source.reference() != null) {
      ModelHandle referenced = context.model(source.reference());
      if (!(referenced instanceof NetworkModel network)) {
        throw new StageException(context.stageName(), "student " + source.reference() + " must be "
            + ModelKind.DL4J_NETWORK.description() + ", got " + referenced.kind().description());
      }
      return network.copy();
    }
    Dataset train = context.data().train();
    try {
      MultiLayerNetwork network = new MultiLayerNetwork(source.trainSpec(spec.epochs(), spec.batchSize(),
          spec.learningRate(), spec.updater()).configuration(train, context.seed()));
      network.init();
      return NetworkModel.owning(network);
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), "student: " + e.getMessage(), e);
    }
  }

  private Map<String, Object> diagnostics(DistillationHistory history, List<ModelHandle> teachers,
      NetworkModel student, Dataset test) {
    Map<String, Object> diagnostics = new LinkedHashMap<>();
    diagnostics.put("teachers", spec.teacher().references());
    diagnostics.put("student", student.describe());
    diagnostics.put("temperature", spec.temperature());
    diagnostics.put("alpha", spec.alpha());
    diagnostics.put("labels", spec.labels());
    diagnostics.put("softLoss", history.softLoss());
    diagnostics.put("hardLoss", history.hardLoss());
    diagnostics.put("totalLoss", history.totalLoss());
    diagnostics.put("iterations", history.iterations());
    if (test.rows() > 0) {
      List<float[]> teacherProbabilities = new ArrayList<>();
      Map<String, Double> teacherAccuracy = new LinkedHashMap<>();
      for (int i = 0; i < teachers.size(); i++) {
        float[] p = probabilities(teachers.get(i).inference(), test);
        teacherProbabilities.add(p);
        teacherAccuracy.put(spec.teacher().references().get(i), accuracy(argMax(p, test.rows()), test));
      }
      int[] ensemble = argMax(SoftTargets.combine(teacherProbabilities, test.rows(), test.classCount(), 1,
          spec.averaging()), test.rows());
      int[] studentPredictions = argMax(probabilities(student.inference(), test), test.rows());
      diagnostics.put("teacherAccuracy", teacherAccuracy);
      if (teachers.size() > 1) {
        diagnostics.put("ensembleAccuracy", accuracy(ensemble, test));
      }
      int agree = 0;
      for (int i = 0; i < ensemble.length; i++) {
        if (ensemble[i] == studentPredictions[i]) {
          agree++;
        }
      }
      diagnostics.put("teacherAgreement", (double) agree / ensemble.length);
    }
    return diagnostics;
  }

  /**
   * The student's and each teacher's top-1 accuracy on the validation split, the figures to choose
   * the temperature and alpha by (the test split's are for reporting).
   */
  private void putValidationAccuracy(Map<String, Object> diagnostics, List<ModelHandle> teachers,
      NetworkModel student, Dataset validation) {
    if (validation.rows() == 0) {
      return;
    }
    diagnostics.put("validationAccuracy", accuracy(argMax(probabilities(student.inference(), validation),
        validation.rows()), validation));
    Map<String, Double> teacherAccuracy = new LinkedHashMap<>();
    for (int i = 0; i < teachers.size(); i++) {
      teacherAccuracy.put(spec.teacher().references().get(i), accuracy(argMax(probabilities(
          teachers.get(i).inference(), validation), validation.rows()), validation));
    }
    diagnostics.put("teacherValidationAccuracy", teacherAccuracy);
  }

  private static float[] probabilities(Inference inference, Dataset test) {
    float[] out = new float[test.rows() * inference.classCount()];
    for (int from = 0; from < test.rows(); from += EVALUATION_BATCH) {
      int to = Math.min(test.rows(), from + EVALUATION_BATCH);
      try (Inference.Batch batch = inference.prepare(test.featureRows(from, to), to - from)) {
        float[] part = inference.probabilities(batch);
        System.arraycopy(part, 0, out, from * inference.classCount(), part.length);
      }
    }
    return out;
  }

  private static int[] argMax(float[] probabilities, int rows) {
    double[] values = new double[probabilities.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = probabilities[i];
    }
    return argMax(values, rows);
  }

  private static int[] argMax(double[] probabilities, int rows) {
    int classes = probabilities.length / rows;
    int[] out = new int[rows];
    for (int r = 0; r < rows; r++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (probabilities[r * classes + c] > probabilities[r * classes + best]) {
          best = c;
        }
      }
      out[r] = best;
    }
    return out;
  }

  private static double accuracy(int[] predictions, Dataset test) {
    int correct = 0;
    for (int i = 0; i < predictions.length; i++) {
      if (predictions[i] == test.label(i)) {
        correct++;
      }
    }
    return (double) correct / predictions.length;
  }
}
