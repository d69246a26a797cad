package dev.topiary.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.source.ModelSpec;
import dev.topiary.core.recipe.Recipe;
import dev.topiary.core.recipe.StageEntry;
import dev.topiary.core.recipe.FakeData;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportGoldenTest {

  /** A fixed provenance: the volatile fields (machine, versions, time) are kept out of the golden files. */
  static final Provenance PROVENANCE = new Provenance("ab12", 7, "0.1.0-TEST", "1.0.0-M2.1", "1.0.0-M2.1",
      "17.0.0", "Vendor", "Linux 6.0 amd64", "Test CPU @ 1.00GHz", 2, "1", 1, "2024-05-01T12:00:00Z");

  static PipelineReport report() {
    ObjectNode params = JsonNodeFactory.instance.objectNode().put("factor", 0.25).put("mode", "half-size");
    Recipe recipe = new Recipe("golden", 7, new FakeData(4, null), new ModelSpec(null, "base.zip"), null,
        List.of(new StageEntry("fake.scale", "shrink", params), new StageEntry("fake.compile", "compile", null)));
    return new PipelineReport(recipe, PROVENANCE, TestEnvironment.metrics(1000), List.of(
        new StageReport("shrink", "fake.scale", 1234, TestEnvironment.metrics(250), Map.of("factor", 0.25)),
        new StageReport("compile", "fake.compile", 56, TestEnvironment.metrics(250), Map.of())));
  }

  @Test
  void markdownMatchesGolden() throws IOException {
    assertThat(golden("reports/report.golden.md", MarkdownReport.write(report())))
        .isEqualTo(resource("reports/report.golden.md"));
  }

  @Test
  void jsonMatchesGolden() throws IOException {
    String json = new JsonReport(TestEnvironment.json()).write(report());
    assertThat(golden("reports/report.golden.json", json)).isEqualTo(resource("reports/report.golden.json"));
  }

  @Test
  void ratioOfZeroBaseIsADash() {
    assertThat(MetricsTable.ratio(5, 0)).isEqualTo("–");
    assertThat(MetricsTable.ratio(31, 100)).isEqualTo("×0.31");
  }

  @Test
  void provenanceHashesTheRecipeText() {
    assertThat(Provenance.sha256("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  /**
   * Returns {@code actual}; with {@code -Dtopiary.updateGolden=true} also writes it as the golden
   * file (review the diff before committing).
   */
  static String golden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("topiary.updateGolden")) {
      java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources", name), actual, StandardCharsets.UTF_8);
    }
    return actual;
  }

  static String resource(String name) throws IOException {
    try (InputStream in = ReportGoldenTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
