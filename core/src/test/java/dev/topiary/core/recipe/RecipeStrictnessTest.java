package dev.topiary.core.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What YAML allows but a recipe may not hold, each reported at the line of the offending key or value. */
class RecipeStrictnessTest {

  private final RecipeReader reader = new RecipeReader(RecipeReaderTest.json());

  private List<String> problems(String text, String file) {
    return reader.parse(text, file).problems().stream().map(RecipeProblem::toString).toList();
  }

  private List<String> problems(String yaml) {
    return problems(yaml, "r.yaml");
  }

  @Test
  void aSecondDocumentIsAnErrorAtItsMarker() {
    assertThat(problems("""
        data: {source: fake, rows: 3}
        model: {file: m.zip}
        # another recipe follows
        ---
        data: {source: fake, rows: 4}
        """)).containsExactly("r.yaml:4: a second YAML document starts here; a recipe file holds exactly one"
        + " (remove the '---' and what follows, or put the other recipe in a file of its own)");
  }

  @Test
  void aLeadingDocumentMarkerIsFine() {
    assertThat(problems("---\ndata: {source: fake, rows: 3}\nmodel: {file: m.zip}\n")).isEmpty();
  }

  @Test
  void aSecondJsonValueIsAnError() {
    assertThat(problems("{\"data\": {\"source\": \"fake\", \"rows\": 3}, \"model\": {\"file\": \"m.zip\"}}\n{}\n",
        "r.json")).containsExactly("r.json:2: a second JSON value starts here; a recipe file holds exactly one object");
  }

  @Test
  void tagsAreRefusedAtTheirLine() {
    assertThat(problems("""
        data: {source: fake, rows: 3}
        model:
          file: !!str m.zip
        name: !foo bar
        """)).containsExactly(
        "r.yaml:3: model.file: YAML tags are not allowed in a recipe, got !!str; write the plain value",
        "r.yaml:4: name: YAML tags are not allowed in a recipe, got !foo; write the plain value");
  }

  @Test
  void taggedMapIsRefusedToo() {
    assertThat(problems("""
        data: !fake
          source: fake
          rows: 3
        model: {file: m.zip}
        """)).containsExactly(
        "r.yaml:1: data: YAML tags are not allowed in a recipe, got !fake; write the plain value");
  }

  @Test
  void nanAndInfinityAreOutOfRangeValuesOfTheirField() {
    assertThat(problems("""
        data:
          source: fake
          rows: 3
          validationFraction: .nan
        model: {file: m.zip}
        measure:
          warmupMillis: 10
          warmup: -.Inf
        """)).containsExactly("r.yaml:4: data.validationFraction: must be a finite number, got .nan",
        "r.yaml:8: measure.warmup: must be a finite number, got -.inf");
  }

  @Test
  void aTabIsReportedOnItsOwnLine() {
    assertThat(problems("data:\n  source: fake\n  rows: 3\nmodel:\n\tfile: m.zip\n")).containsExactly(
        "r.yaml:5: YAML syntax error: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB)"
            + " for indentation) (while scanning for the next token)");
  }
}
