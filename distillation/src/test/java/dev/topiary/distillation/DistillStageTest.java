package dev.topiary.distillation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.measure.Evaluator;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.ModelReference;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.testing.StageSpecContract;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DistillStageTest {

  @org.junit.jupiter.api.io.TempDir
  static Path folder;

  private static StageContext context(Dataset data, Map<String, ModelHandle> models, ModelHandle input) {
    return context(data, Dataset.emptyLike(data), models, input);
  }

  private static StageContext context(Dataset data, Dataset validation, Map<String, ModelHandle> models,
      ModelHandle input) {
    DataSplits splits = new DataSplits(data, validation, data);
    return new StageContext() {
      @Override
      public String stageName() {
        return "distill";
      }

      @Override
      public long seed() {
        return 11;
      }

      @Override
      public DataSplits data() {
        return splits;
      }

      @Override
      public Path workDirectory() {
        return Path.of("unused");
      }

      @Override
      public ProgressReporter progress() {
        return ProgressReporter.NONE;
      }

      @Override
      public Path baseDirectory() {
        return folder;
      }

      @Override
      public ModelHandle model(String reference) {
        return reference.equals("@input") ? input : models.get(reference);
      }
    };
  }

  private static StageContext context(DataSplits splits, Map<String, ModelHandle> models, ModelHandle input) {
    return new StageContext() {
      @Override
      public String stageName() {
        return "distill";
      }

      @Override
      public long seed() {
        return 11;
      }

      @Override
      public DataSplits data() {
        return splits;
      }

      @Override
      public Path workDirectory() {
        return Path.of("unused");
      }

      @Override
      public ProgressReporter progress() {
        return ProgressReporter.NONE;
      }

      @Override
      public Path baseDirectory() {
        return folder;
      }

      @Override
      public ModelHandle model(String reference) {
        return reference.equals("@input") ? input : models.get(reference);
      }
    };
  }

  private static DistillSpec spec(String json) throws Exception {
    return TopiaryJson.create().json().readValue(json, DistillSpec.class);
  }

  @Test
  void specKeepsTheStageContract() {
    StageSpecContract.check(DistillSpec.class, "{\"epochs\": 1}");
  }

  @Test
  void specDefaultsAndRoundTrip() throws Exception {
    DistillSpec spec = spec("{\"epochs\": 2}");
    assertThat(spec.teacher().references()).containsExactly("@baseline");
    assertThat(spec.student().isInput()).isTrue();
    assertThat(spec.temperature()).isEqualTo(4.0);
    assertThat(spec.alpha()).isEqualTo(0.9);
    assertThat(spec.labels()).isTrue();
    assertThat(spec.averaging()).isEqualTo(EnsembleAveraging.PROBABILITIES);

    DistillSpec ensemble = spec("{\"epochs\": 1, \"teacher\": [\"@a\", \"@b\"], \"averaging\": \"log-probabilities\", "
        + "\"student\": {\"architecture\": \"mlp\", \"hidden\": [4]}}");
    String written = TopiaryJson.create().json().writeValueAsString(ensemble);
    assertThat(TopiaryJson.create().json().readValue(written, DistillSpec.class)).isEqualTo(ensemble);
    assertThat(written).contains("\"teacher\" : [ \"@a\", \"@b\" ]", "\"averaging\" : \"log-probabilities\"");
  }

  @Test
  void specRejectsBadValuesWithExactMessages() {
    assertThatThrownBy(() -> new DistillSpec(null, null, 0.0, null, 1, null, null, null, null, null, null, null, null, null, null))
        .hasMessage("temperature must be positive, got 0.0");
    assertThatThrownBy(() -> new DistillSpec(null, null, null, 1.2, 1, null, null, null, null, null, null, null, null, null, null))
        .hasMessage("alpha must be in [0, 1], got 1.2");
    assertThatThrownBy(() -> new DistillSpec(null, null, null, null, 1, null, null, null, false, null, null, null, null, null, null))
        .hasMessage("alpha must be 1 when labels is false (an unlabeled transfer set has only the soft-target "
            + "term), got 0.9");
    // a student may be a copy of its own teacher ("born-again" self-distillation)
    assertThat(new DistillSpec(TeacherReferences.of("@input"), null, null, null, 1, null, null, null, null, null,
        null, null, null, null, null).student().isInput()).isTrue();
    assertThatThrownBy(() -> new DistillSpec(null, null, null, null, 1, null, null, null, null, null, null, null,
        "extra.idx", null, null)).hasMessage("alpha must be 1 with transferImages (an unlabeled transfer set has only the "
            + "soft-target term), got 0.9");
    assertThatThrownBy(() -> new DistillSpec(null, null, null, null, 1, null, null, null, null, null, null, null,
        null, "extra.csv", null)).hasMessage("alpha must be 1 with transferCsv (an unlabeled transfer set has only the "
            + "soft-target term), got 0.9");
    assertThatThrownBy(() -> new DistillSpec(null, null, null, 1.0, 1, null, null, null, null, null, null, null,
        "extra.idx", "extra.csv", null)).hasMessage("transferCsv cannot be combined with transferImages: give one "
            + "unlabeled transfer set");
    assertThatThrownBy(() -> new DistillSpec(null, null, null, 1.0, 1, null, null, null, null, null, null, null,
        null, " ", null)).hasMessage("transferCsv must not be blank");
    assertThatThrownBy(() -> new DistillSpec(null, null, null, 1.0, 1, null, null, null, null, null, List.of(2),
        null, null, "extra.csv", null)).hasMessage("omitClasses: needs the labelled training split, but transferCsv has no "
            + "labels");
    assertThatThrownBy(() -> new DistillSpec(null, null, null, null, 1, null, null, null, null, null, null, null,
        null, null, 0)).hasMessage("transferLimit must be at least 1, got 0");
    assertThatThrownBy(() -> new DistillSpec(null, null, null, 1.0, 1, null, null, null, null, null, null, null,
        "extra.idx", null, 100)).hasMessage("transferLimit: takes a subset of the training split, not of "
            + "transferImages");
    assertThatThrownBy(() -> TeacherReferences.of("baseline"))
        .hasMessage("teacher: a model reference is '@' and a name (@baseline, @<model name>, @<stage name>), got "
            + "'baseline'");
    assertThatThrownBy(() -> new StudentSource("small.zip", null))
        .hasMessage("student: expected \"@input\", a model reference such as \"@small\" or an architecture map, got "
            + "'small.zip' (to distil into a model file, declare it under models: and refer to it)");
    ObjectNode badKey = JsonNodeFactory.instance.objectNode().put("architecture", "mlp").put("epochs", 3);
    badKey.putArray("hidden").add(4);
    assertThatThrownBy(() -> new StudentSource(null, badKey))
        .hasMessage("student: unknown key [epochs]; valid: [activation, architecture, dropout, hidden, inputDropout, "
            + "l2, seed] (epochs, batchSize, learningRate and updater are parameters of the stage)");
    ObjectNode noHidden = JsonNodeFactory.instance.objectNode().put("architecture", "mlp");
    assertThatThrownBy(() -> new StudentSource(null, noHidden))
        .hasMessage("student.hidden: required for architecture mlp");
    ObjectNode badDropout = JsonNodeFactory.instance.objectNode().put("architecture", "mlp").put("dropout", 1.0);
    badDropout.putArray("hidden").add(4);
    assertThatThrownBy(() -> new StudentSource(null, badDropout))
        .hasMessage("student.dropout: must be in [0, 1) (the probability of dropping a unit), got 1.0");
  }

  @Test
  void referencesNameEveryTeacherAndAReferencedStudent() throws Exception {
    Stage stage = new DistillStage(spec("{\"epochs\": 1, \"teacher\": [\"@a\", \"@b\"], "
        + "\"student\": \"@small\"}"));

    assertThat(stage.modelReferences()).containsExactly(
        ModelReference.anyKind("teacher[0]", "@a"), ModelReference.anyKind("teacher[1]", "@b"),
        new ModelReference("student", "@small", EnumSet.of(ModelKind.DL4J_NETWORK)));
    assertThat(stage.acceptedKinds()).containsExactlyInAnyOrder(ModelKind.values());
    assertThat(new DistillStage(spec("{\"epochs\": 1}")).acceptedKinds())
        .containsExactly(ModelKind.DL4J_NETWORK);
  }

  @Test
  void inputStudentKeepsItsMasksAndTheInputAndTeacherStayUntouched() throws Exception {
    Dataset data = TinyNetworks.blobs(4, 90, 6, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 6, 12, 3);
        NetworkModel input = TinyNetworks.mlp(7, 6, 8, 3)) {
      INDArray mask = Nd4j.ones(DataType.FLOAT, 6, 8);
      for (int column = 0; column < 8; column += 2) {
        mask.putScalar(1, column, 0);
      }
      input.setMask("0_W", mask);
      INDArray before = input.network().params().dup();
      INDArray teacherBefore = teacher.network().params().dup();

      StageResult result = new DistillStage(spec("{\"epochs\": 2, \"teacher\": \"@big\", "
          + "\"batchSize\": 16, \"temperature\": 3, \"alpha\": 0.7}"))
          .apply(input, context(data, Map.of("@big", teacher), input));

      try (NetworkModel student = (NetworkModel) result.model()) {
        assertThat(student).isNotSameAs(input);
        assertThat(input.network().params()).isEqualTo(before);
        assertThat(teacher.network().params()).isEqualTo(teacherBefore);
        assertThat(student.masks()).containsOnlyKeys("0_W");
        for (int column = 0; column < 8; column += 2) {
          assertThat(student.parameter("0_W").getFloat(1, column)).isZero();
        }
        assertThat(student.network().params()).isNotEqualTo(before);
        Map<String, Object> d = result.diagnostics();
        assertThat(d.keySet()).containsExactly("teachers", "student", "temperature", "alpha", "labels", "softLoss",
            "hardLoss", "totalLoss", "iterations", "teacherAccuracy", "teacherAgreement");
        assertThat(d.get("teachers")).isEqualTo(List.of("@big"));
        assertThat((List<?>) d.get("softLoss")).hasSize(2);
        assertThat(d.get("iterations")).isEqualTo(12L);
        assertThat(List.copyOf(((Map<?, ?>) d.get("teacherAccuracy")).keySet())).isEqualTo(List.of("@big"));
        assertThat((double) d.get("teacherAgreement")).isBetween(0.0, 1.0);
      }
    }
  }

  @Test
  void validationAccuracyOfTheStudentAndEachTeacherForChoosingTemperatureAndAlpha() throws Exception {
    Dataset data = TinyNetworks.blobs(4, 90, 6, 3);
    Dataset validation = TinyNetworks.blobs(5, 30, 6, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 6, 12, 3);
        NetworkModel input = TinyNetworks.mlp(7, 6, 8, 3)) {
      StageResult result = new DistillStage(spec("{\"epochs\": 2, \"teacher\": \"@big\", "
          + "\"student\": {\"architecture\": \"mlp\", \"hidden\": [8], \"dropout\": 0.5, \"inputDropout\": 0.2}}"))
          .apply(input, context(data, validation, Map.of("@big", teacher), input));
      try (NetworkModel student = (NetworkModel) result.model()) {
        Map<String, Object> d = result.diagnostics();
        assertThat((double) d.get("validationAccuracy"))
            .isEqualTo(Evaluator.evaluate(student, validation).accuracy());
        assertThat(d.get("teacherValidationAccuracy"))
            .isEqualTo(Map.of("@big", Evaluator.evaluate(teacher, validation).accuracy()));
        // the architecture's dropout reaches the fresh student (a keep probability on each layer's input)
        var layers = student.network().getLayerWiseConfigurations();
        assertThat(layers.getConf(0).getLayer().getIDropout().toString()).contains("p=0.8");
        assertThat(layers.getConf(1).getLayer().getIDropout().toString()).contains("p=0.5");
      }
    }
  }

  @Test
  void freshStudentFromAnArchitectureAndAnEnsembleOfTeachers() throws Exception {
    Dataset data = TinyNetworks.blobs(4, 60, 6, 3);
    try (NetworkModel a = TinyNetworks.mlp(1, 6, 12, 3);
        NetworkModel b = TinyNetworks.mlp(2, 6, 12, 3);
        NetworkModel input = TinyNetworks.mlp(7, 6, 8, 3)) {
      StageResult result = new DistillStage(spec("{\"epochs\": 1, \"teacher\": [\"@a\", \"@b\"], "
          + "\"student\": {\"architecture\": \"mlp\", \"hidden\": [5], \"seed\": 3}, \"labels\": false, \"alpha\": 1}"))
          .apply(input, context(data, Map.of("@a", a, "@b", b), input));
      try (NetworkModel student = (NetworkModel) result.model()) {
        assertThat(student.describe()).isEqualTo("in 6 → dense 5 → output 3");
        assertThat(result.diagnostics()).containsKey("ensembleAccuracy");
        assertThat(result.diagnostics().get("hardLoss")).isEqualTo(List.of(0.0));
      }
    }
  }

  @Test
  void aTeacherOfAnotherClassCountIsAStageError() throws Exception {
    Dataset data = TinyNetworks.blobs(4, 30, 6, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 6, 12, 4);
        NetworkModel input = TinyNetworks.mlp(7, 6, 8, 3)) {
      Stage stage = new DistillStage(spec("{\"epochs\": 1, \"teacher\": \"@big\"}"));
      assertThatThrownBy(() -> stage.apply(input, context(data, Map.of("@big", teacher), input)))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'distill': the teacher predicts 4 classes, the student 3");
    }
  }

  @Test
  void omittedClassesLeaveTheTransferSetAndTheirBiasIsShifted() throws Exception {
    Dataset data = TinyNetworks.blobs(4, 90, 6, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 6, 12, 3);
        NetworkModel input = TinyNetworks.mlp(7, 6, 8, 3)) {
      int withoutClass2 = (int) java.util.stream.IntStream.range(0, data.rows()).filter(r -> data.label(r) != 2).count();
      Stage plain = new DistillStage(spec("{\"epochs\": 1, \"omitClasses\": [2], \"teacher\": \"@t\"}"));
      Stage shifted = new DistillStage(spec("{\"epochs\": 1, \"omitClasses\": [2], \"teacher\": \"@t\", "
          + "\"omittedClassBias\": 3.5}"));

      StageResult a = plain.apply(input, context(data, Map.of("@t", teacher), input));
      StageResult b = shifted.apply(input, context(data, Map.of("@t", teacher), input));

      try (NetworkModel sa = (NetworkModel) a.model(); NetworkModel sb = (NetworkModel) b.model()) {
        assertThat(a.diagnostics().get("transferRows")).isEqualTo(withoutClass2);
        assertThat(a.diagnostics().get("iterations")).isEqualTo((long) ((withoutClass2 + 63) / 64));
        assertThat(((Map<?, ?>) a.diagnostics().get("omittedClassAccuracy")).keySet()).hasSize(1);
        assertThat(b.diagnostics()).containsKey("omittedClassAccuracyAfterBias");
        // same seed, same transfer set: the two students differ only by the shifted bias
        assertThat(sb.parameter("1_b").getDouble(2)).isCloseTo(sa.parameter("1_b").getDouble(2) + 3.5,
            org.assertj.core.api.Assertions.within(1e-5));
        assertThat(sb.parameter("1_b").getDouble(0)).isEqualTo(sa.parameter("1_b").getDouble(0));
      }
    }
  }

  @Test
  void transferLimitDistilsOnASeededStratifiedSubsetOfTheTrainingSplit() throws Exception {
    Dataset data = TinyNetworks.blobs(4, 90, 6, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 6, 12, 3);
        NetworkModel input = TinyNetworks.mlp(7, 6, 8, 3)) {
      Stage limited = new DistillStage(spec("{\"epochs\": 2, \"teacher\": \"@t\", \"transferLimit\": 30}"));
      Stage whole = new DistillStage(spec("{\"epochs\": 2, \"teacher\": \"@t\"}"));

      StageResult a = limited.apply(input, context(data, Map.of("@t", teacher), input));
      StageResult again = limited.apply(input, context(data, Map.of("@t", teacher), input));
      StageResult all = whole.apply(input, context(data, Map.of("@t", teacher), input));

      try (NetworkModel sa = (NetworkModel) a.model(); NetworkModel sagain = (NetworkModel) again.model();
          NetworkModel sall = (NetworkModel) all.model()) {
        assertThat(a.diagnostics().get("transferRows")).isEqualTo(30);
        assertThat(a.diagnostics().get("iterations")).isEqualTo(2L);
        assertThat(all.diagnostics()).doesNotContainKey("transferRows");
        assertThat(all.diagnostics().get("iterations")).isEqualTo(4L);
        assertThat(sagain.parameter("1_W").dup().reshape(-1).toFloatVector()).containsExactly(sa.parameter("1_W").dup().reshape(-1).toFloatVector());
        assertThat(sall.parameter("1_W").dup().reshape(-1).toFloatVector()).isNotEqualTo(sa.parameter("1_W").dup().reshape(-1).toFloatVector());
      }
      Stage tooMany = new DistillStage(spec("{\"epochs\": 1, \"teacher\": \"@t\", \"transferLimit\": 61, "
          + "\"omitClasses\": [0]}"));
      assertThatThrownBy(() -> tooMany.apply(input, context(data, Map.of("@t", teacher), input)))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'distill': transferLimit: 61 examples asked for, but the training split without classes "
              + "[0] has 60");
    }
  }

  @Test
  void anUnlabeledIdxImageFileIsATransferSet() throws Exception {
    // 7 grey images of 2×3 pixels, IDX format: magic 0x803, count, rows, columns, then the bytes
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeInt(0x00000803);
    out.writeInt(7);
    out.writeInt(2);
    out.writeInt(3);
    for (int i = 0; i < 7 * 6; i++) {
      out.writeByte((i * 37) % 256);
    }
    out.flush();
    java.nio.file.Files.write(folder.resolve("extra-images.idx"), bytes.toByteArray());
    Dataset data = TinyNetworks.blobs(4, 30, 6, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 6, 12, 3);
        NetworkModel input = TinyNetworks.mlp(7, 6, 8, 3)) {
      Stage stage = new DistillStage(spec("{\"epochs\": 2, \"alpha\": 1, \"batchSize\": 4, "
          + "\"transferImages\": \"extra-images.idx\", \"teacher\": \"@t\"}"));

      StageResult result = stage.apply(input, context(data, Map.of("@t", teacher), input));

      try (ModelHandle student = result.model()) {
        assertThat(result.diagnostics().get("transferRows")).isEqualTo(7);
        assertThat(result.diagnostics().get("iterations")).isEqualTo(4L);
        assertThat(result.diagnostics().get("hardLoss")).isEqualTo(List.of(0.0, 0.0));
      }
      Stage missing = new DistillStage(spec("{\"epochs\": 1, \"alpha\": 1, "
          + "\"transferImages\": \"none.idx\", \"teacher\": \"@t\"}"));
      assertThatThrownBy(() -> missing.apply(input, context(data, Map.of("@t", teacher), input)))
          .isInstanceOf(StageException.class)
          .hasMessageStartingWith("stage 'distill': transferImages: ");
    }
  }

  @Test
  void aCsvFileOfFeatureColumnsIsATransferSetScaledAsTheTrainingSplit() throws Exception {
    java.util.Random random = new java.util.Random(2);
    StringBuilder train = new StringBuilder("width,height,kind\n");
    for (int i = 0; i < 30; i++) {
      boolean big = i % 2 == 0;
      train.append(String.format(java.util.Locale.ROOT, "%.2f,%.3f,%s%n", (big ? 600 : 400) + 20 * random.nextGaussian(),
          (big ? 0.9 : 0.1) + 0.05 * random.nextGaussian(), big ? "large" : "small"));
    }
    java.nio.file.Files.writeString(folder.resolve("csv-train.csv"), train);
    java.nio.file.Files.writeString(folder.resolve("csv-test.csv"), "width,height,kind\n610,0.8,large\n390,0.2,small\n");
    java.nio.file.Files.writeString(folder.resolve("transfer.csv"),
        "width,height\n590,0.95\n410,0.05\n620,0.8\n380,0.15\n600,0.9\n400,0.1\n550,0.7\n450,0.3\n500,0.5\n");
    java.nio.file.Files.writeString(folder.resolve("transfer-labelled.csv"), "width,height,kind\n590,0.95,large\n");
    DataSplits splits = new dev.topiary.core.data.CsvDataSpec("csv-train.csv", "csv-test.csv", "kind", null,
        dev.topiary.core.data.Scaling.STANDARDIZE, 0.0, null, null).load(folder, 1);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 2, 8, 2);
        NetworkModel input = TinyNetworks.mlp(7, 2, 6, 2)) {
      Stage stage = new DistillStage(spec("{\"epochs\": 2, \"alpha\": 1, \"batchSize\": 4, "
          + "\"transferCsv\": \"transfer.csv\", \"teacher\": \"@t\"}"));

      StageResult result = stage.apply(input, context(splits, Map.of("@t", teacher), input));

      try (NetworkModel student = (NetworkModel) result.model();
          NetworkModel expected = input.copy()) {
        assertThat(result.diagnostics().get("transferCsv")).isEqualTo("transfer.csv");
        assertThat(result.diagnostics().get("transferRows")).isEqualTo(9);
        assertThat(result.diagnostics().get("iterations")).isEqualTo(6L);
        assertThat(result.diagnostics().get("hardLoss")).isEqualTo(List.of(0.0, 0.0));
        // the same training from Java on the rows scaled by the reader: the stage used exactly those rows
        dev.topiary.core.data.UnlabeledRows rows = dev.topiary.core.data.UnlabeledRows.read(
            folder.resolve("transfer.csv"), null, splits);
        assertThat(rows.features()[0]).isBetween(0.5f, 2f); // standardized, not the raw 590
        DistillationTrainer.builder().teacher(teacher).temperature(4).alpha(1).epochs(2).batchSize(4).seed(11)
            .build().fit(expected, TransferSet.unlabeled(rows.features(), rows.featureCount()));
        assertThat(student.network().params()).isEqualTo(expected.network().params())
            .isNotEqualTo(input.network().params());
      }

      Stage labelled = new DistillStage(spec("{\"epochs\": 1, \"alpha\": 1, "
          + "\"transferCsv\": \"transfer-labelled.csv\", \"teacher\": \"@t\"}"));
      assertThatThrownBy(() -> labelled.apply(input, context(splits, Map.of("@t", teacher), input)))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'distill': transferCsv: " + folder.resolve("transfer-labelled.csv") + ":1: has 3 "
              + "columns, but the training split has 2 features (a file of features only has no label column)");
    }
  }
}
