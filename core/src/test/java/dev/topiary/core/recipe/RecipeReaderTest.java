package dev.topiary.core.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeReaderTest {

  private static final String RECIPE = """
      seed: 9
      data:
        source: fake
        rows: 3
      model:
        train: {architecture: mlp, hidden: [128], epochs: 2}
      measure:
        batchSizes: [1, 32]
      stages:
        - type: prune.magnitude
          sparsity: 0.5
        - {type: prune.magnitude, scope: global}
        - {type: finetune, name: tune, epochs: 1}
      """;

  @TempDir
  Path dir;

  private final TopiaryJson json = json();
  private final RecipeReader reader = new RecipeReader(json);

  static TopiaryJson json() {
    TopiaryJson json = TopiaryJson.create();
    json.registerSubtypes(new NamedType(FakeData.class, FakeData.SOURCE));
    return json;
  }

  private List<String> problems(String yaml) {
    return reader.parse(yaml, "r.yaml").problems().stream().map(RecipeProblem::toString).toList();
  }

  @Test
  void readsAFileWithDefaultsFilledIn() throws Exception {
    Path file = Files.writeString(dir.resolve("my-recipe.yaml"), RECIPE);

    Recipe recipe = reader.read(file);

    assertThat(recipe.name()).isEqualTo("my-recipe");
    assertThat(recipe.seed()).isEqualTo(9);
    assertThat(recipe.data()).isEqualTo(new FakeData(3, 0.1));
    assertThat(recipe.measure().batchSizes()).containsExactly(1, 32);
    assertThat(recipe.stages()).extracting(StageEntry::name)
        .containsExactly("prune.magnitude", "prune.magnitude-2", "tune");
    assertThat(recipe.stages().get(1).params().toString()).isEqualTo("{\"scope\":\"global\"}");
  }

  @Test
  void roundTripsThroughYamlAndJson() throws Exception {
    Recipe recipe = reader.parse(RECIPE, "r.yaml").recipe();
    RecipeWriter writer = new RecipeWriter(json);

    Recipe fromYaml = reader.parse(writer.toYaml(recipe), "other-name.yaml").recipe();
    Recipe fromJson = reader.parse(writer.toJson(recipe), "other-name.json").recipe();

    assertThat(fromYaml).isEqualTo(recipe);
    assertThat(fromJson).isEqualTo(recipe);
    assertThat(writer.toYaml(fromYaml)).isEqualTo(writer.toYaml(recipe));
  }

  @Test
  void explicitNamesWinOverDefaultNames() {
    Recipe recipe = reader.parse("""
        data: {source: fake, rows: 1}
        model: {file: m.zip}
        stages:
          - {type: finetune}
          - {type: prune.magnitude, name: finetune}
        """, "r.yaml").recipe();

    assertThat(recipe.stages()).extracting(StageEntry::name).containsExactly("finetune-2", "finetune");
  }

  @Test
  void readFailsWithEveryProblem() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "seed: x\ndata: {source: fake, rows: 1}\n");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(RecipeException.class)
        .hasMessage("recipe has 2 problems:\n  " + file + ":1: seed: expected an integer, got 'x'\n  "
            + file + ":1: model: missing; every recipe needs data: and model:");
  }

  @Test
  void structuralProblems() {
    assertThat(problems("")).containsExactly("r.yaml: the file is empty; a recipe needs at least data: and model:");
    assertThat(problems("- a\n")).containsExactly(
        "r.yaml:1: a recipe must be a map with the keys [name, seed, data, model, models, measure, stages, branches, assert, sweep], got a list");
    assertThat(problems("data: {source: fake, rows: 1}\nmodel: {file: m.zip}\nseed: 1\nseed: 2\n"))
        .containsExactly("r.yaml:4: seed: given twice (first at line 3)");
    assertThat(problems("data: {source: fake, rows: 1}\nmodel: {file: m.zip}\nname: a b\n"))
        .containsExactly("r.yaml:3: name: must start with a letter or digit and hold only letters, digits,"
            + " '.', '_' and '-', got 'a b'");
    assertThat(problems("data: {source: fake, rows: 1}\nmodel: {file: m.zip}\nstages:\n  - {sparsity: 1}\n"))
        .containsExactly("r.yaml:4: stages[0].type: missing; every stage needs a type (see `topiary stages`)");
  }

  @Test
  void dataProblemsNameTheKnownOptions() {
    assertThat(problems("data: {source: mnist}\nmodel: {file: m.zip}\n"))
        .containsExactly("r.yaml:1: data.source: unknown source 'mnist'; known: [csv, fake, fashion-mnist, fashion-mnist-sample, idx]");
    assertThat(problems("data:\n  source: fake\n  rows: 1\n  colour: red\nmodel: {file: m.zip}\n"))
        .containsExactly("r.yaml:4: data.colour: unknown key 'colour'; valid: [rows, validationFraction]");
    assertThat(problems("data:\n  source: fake\n  rows: 1.5\nmodel: {file: m.zip}\n"))
        .containsExactly("r.yaml:3: data.rows: expected an integer, got 1.5");
  }

  @Test
  void syntaxErrorsCarryTheLine() {
    assertThat(reader.parse("{\"data\": {\"source\": \"fake\",\n \"rows\": 1,}}", "r.json").problems())
        .extracting(RecipeProblem::toString)
        .containsExactly("r.json:2: JSON syntax error: Unexpected character ('}' (code 125)):"
            + " was expecting double-quote to start field name");
    assertThat(problems("data: [\n")).containsExactly(
        "r.yaml:1: YAML syntax error: expected the node content, but found '<stream end>' (while parsing a flow node)");
  }

  @Test
  void unsupportedExtensionAndMissingFile() {
    assertThat(reader.parse(dir.resolve("r.txt")).problems()).extracting(RecipeProblem::message)
        .containsExactly("unsupported recipe file type; use .yaml, .yml or .json");
    assertThat(reader.parse(dir.resolve("absent.yaml")).problems()).extracting(RecipeProblem::message)
        .containsExactly("no such file");
  }

  @Test
  void defaultNameIsACleanedFileName() {
    assertThat(RecipeReader.defaultName("runs/My Recipe!.yaml")).isEqualTo("My-Recipe-");
    assertThat(RecipeReader.defaultName("quickstart.yml")).isEqualTo("quickstart");
  }

  @Test
  void recordsValidateTheirFields() {
    assertThatThrownBy(() -> new StageEntry(" ", "a", null)).hasMessage("type must not be blank");
    assertThatThrownBy(() -> new Recipe("r", 1, new FakeData(1, null), null, null, List.of()))
        .hasMessage("model must not be null");
    StageEntry entry = new StageEntry("t", "a", null);
    assertThatThrownBy(() -> new Recipe("r", 1, new FakeData(1, null), new dev.topiary.core.source.ModelSpec(null, "m"),
        null, List.of(entry, entry))).hasMessage("stage names must be unique, got 'a' twice");
  }

  @Test
  void locationsFallBackToTheEnclosingField() {
    RecipeLocations locations = new RecipeLocations("r.yaml", java.util.Map.of("", 1, "stages[2]", 7));
    assertThat(locations.lineOf("stages[2].sparsity")).isEqualTo(7);
    assertThat(locations.lineOf("model.file")).isEqualTo(1);
    assertThat(RecipeLocations.none().problem("seed", "bad").toString()).isEqualTo("seed: bad");
  }

  @Test
  void aRecordMessageNamingItsOwnPathIsReportedOnceAtThatPath() {
    assertThat(problems("""
        data: {source: fake, rows: 3}
        model:
          train: {architecture: mlp, hidden: [8]}
        """)).containsExactly("r.yaml:3: model.train.epochs: required");
  }

  @Test
  void dropoutIsReadFromModelTrainAndLeftOutOfTheResolvedRecipeWhenNotGiven() {
    Recipe recipe = reader.parse("""
        data: {source: fake, rows: 3}
        model:
          train: {architecture: mlp, hidden: [8], epochs: 1, dropout: 0.5, inputDropout: 0.2}
        """, "r.yaml").recipe();
    assertThat(recipe.model().train().hiddenDropout()).isEqualTo(0.5);
    assertThat(recipe.model().train().featureDropout()).isEqualTo(0.2);
    RecipeWriter writer = new RecipeWriter(json);
    assertThat(writer.toYaml(recipe)).contains("dropout: 0.5").contains("inputDropout: 0.2");
    Recipe plain = reader.parse("""
        data: {source: fake, rows: 3}
        model:
          train: {architecture: mlp, hidden: [8], epochs: 1}
        """, "r.yaml").recipe();
    assertThat(writer.toYaml(plain)).doesNotContain("ropout");
    assertThat(problems("""
        data: {source: fake, rows: 3}
        model:
          train: {architecture: lenet5, epochs: 1, dropout: 0.5}
        """)).containsExactly("r.yaml:3: model.train.dropout: only architecture mlp takes dropout, not lenet5");
    assertThat(problems("""
        data: {source: fake, rows: 3}
        model:
          train: {architecture: mlp, hidden: [8], epochs: 1, inputDropout: 1.5}
        """)).containsExactly("r.yaml:3: model.train.inputDropout: must be in [0, 1) (the probability of dropping "
            + "a unit), got 1.5");
  }
}
