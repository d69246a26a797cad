package dev.topiary.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.scala.DefaultScalaModule$;
import dev.topiary.core.recipe.ParsedRecipe;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.pipeline.TopiaryModules;
import io.netty.util.Version;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Spark's Jackson, Guava and Netty on one classpath with DL4J, Guice and the recipe reader.
 * Spark 4.0.1 asks for Jackson 2.18.2 and Curator (a Spark dependency) for Guava 32.0.0-jre; the
 * parent pom's jackson-bom aligns every Jackson artifact, jackson-module-scala included, to
 * Topiary's 2.17.2, and Guava resolves to Guice's 31.0.1-jre (Spark itself uses its own shaded
 * copy). DL4J brings no Netty, so Spark's 4.1.118 is the only one.
 */
class DependencyAlignmentTest {

  @Test
  void everyJacksonArtifactIsTheRecipeReadersVersion() {
    String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
    assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString()).isEqualTo(databind);
    assertThat(com.fasterxml.jackson.dataformat.yaml.PackageVersion.VERSION.toString()).isEqualTo(databind);
    assertThat(DefaultScalaModule$.MODULE$.version().toString()).isEqualTo(databind);
    assertThat(databind).isEqualTo("2.17.2");
  }

  @Test
  void sparksScalaJacksonModuleWorksWithTopiarysJackson() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(DefaultScalaModule$.MODULE$);
    scala.collection.immutable.List<String> list = scala.jdk.javaapi.CollectionConverters
        .asScala(java.util.List.of("a", "b")).toList();
    assertThat(mapper.writeValueAsString(list)).isEqualTo("[\"a\",\"b\"]");
    assertThat(mapper.writeValueAsString(scala.Option.apply("x"))).isEqualTo("\"x\"");
  }

  @Test
  void theRecipeReaderAndGuiceWorkBesideSpark() {
    ParsedRecipe parsed = new RecipeReader(TopiaryJson.create()).parse("""
        data: {source: fashion-mnist-sample}
        model: {train: {architecture: mlp, hidden: [8], epochs: 1}}
        stages: [{type: prune.magnitude, sparsity: 0.5}]
        """, "r.yaml");
    assertThat(parsed.problems()).isEmpty();
    assertThat(TopiaryModules.stageRegistry(TopiaryModules.injector())).containsKeys("prune.magnitude", "finetune",
        "prune.gradual",
        "distill");
    assertThat(com.google.common.base.Preconditions.class.getPackage().getImplementationVersion())
        .as("Guava of Guice").isIn(null, "31.0.1-jre");
  }

  @Test
  void dl4jTrainsSavesAndLoadsBesideSpark() throws Exception {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    try {
      net.init();
      net.fit(new DataSet(Nd4j.rand(8, 4), Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1)));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ModelSerializer.writeModel(net, bytes, true);
      MultiLayerNetwork restored =
          ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
      assertThat(restored.params()).isEqualTo(net.params());
      restored.close();
    } finally {
      net.close();
    }
  }

  @Test
  void oneNettyVersion() {
    Map<String, String> versions = Version.identify().values().stream()
        .collect(Collectors.toMap(Version::artifactId, Version::artifactVersion));
    assertThat(versions).isNotEmpty();
    assertThat(versions.values().stream().distinct()).containsExactly("4.1.118.Final");
  }
}
