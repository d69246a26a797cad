package dev.topiary.pruning.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.testing.StageSpecContract;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingOptions;
import dev.topiary.pruning.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LotteryTicketStageTest {

  private static final ObjectMapper YAML = TopiaryJson.create().yaml();
  private static final Dataset ALL = TinyNetworks.blobs(5, 90, 6, 3);
  private static final Dataset TRAIN = ALL.head(60);
  private static final Dataset VALIDATION = ALL.subset(java.util.stream.IntStream.range(60, 90).toArray());

  private record Context(long seed, DataSplits data) implements StageContext {
    @Override
    public String stageName() {
      return "lottery";
    }

    @Override
    public Path workDirectory() {
      return Path.of(System.getProperty("java.io.tmpdir"));
    }

    @Override
    public ProgressReporter progress() {
      return ProgressReporter.NONE;
    }
  }

  private static Context context(long seed) {
    return new Context(seed, new DataSplits(TRAIN, VALIDATION, Dataset.emptyLike(TRAIN)));
  }

  private static float[] flat(NetworkModel model) {
    return model.network().params().dup('c').data().asFloat();
  }

  private static LotteryTicketSpec spec(String yaml) throws Exception {
    return YAML.readValue(yaml, LotteryTicketSpec.class);
  }

  @Test
  void theSpecKeepsTheContractAndFillsItsDefaults() throws Exception {
    StageSpecContract.check(LotteryTicketSpec.class, "{\"rounds\": 2, \"epochs\": 1}", YAML);
    LotteryTicketSpec spec = spec("{rounds: 3, epochs: 2}");
    assertThat(spec).isEqualTo(new LotteryTicketSpec(3, 0.2, 2, 64, null, 0, Scope.GLOBAL, List.of(), false, false,
        false, false));
    assertThat(YAML.readValue(YAML.writeValueAsString(spec), LotteryTicketSpec.class)).isEqualTo(spec);
    LotteryTicketOptions options = spec("{rounds: 3, epochs: 2, scope: layer, layers: [dense], skipLast: true}")
        .toOptions(42);
    assertThat(options.seed()).isEqualTo(42);
    assertThat(options.scope()).isEqualTo(Scope.LAYER);
    assertThat(options.selection().layers()).containsExactly("dense");
    assertThat(options.selection().skipLast()).isTrue();
  }

  private static void assertRejected(String yaml, String message) {
    assertThatThrownBy(() -> spec(yaml))
        .isInstanceOf(ValueInstantiationException.class)
        .cause().isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void badParametersAreRejectedWithExactMessages() {
    assertRejected("{rounds: 0, epochs: 1}", "rounds must be at least 1, got 0");
    assertRejected("{rounds: 2, epochs: 0}", "epochs must be at least 1, got 0");
    assertRejected("{rounds: 2, epochs: 1, pruneFraction: 1.0}", "pruneFraction must be in (0, 1), got 1.0");
    assertRejected("{rounds: 2, epochs: 1, pruneFraction: 0.0}", "pruneFraction must be in (0, 1), got 0.0");
    assertRejected("{rounds: 2, epochs: 1, rewindIteration: -1}", "rewindIteration must not be negative, got -1");
    assertRejected("{rounds: 2, epochs: 1, batchSize: 0}", "batchSize must be at least 1, got 0");
    assertRejected("{rounds: 2, epochs: 1, learningRate: -0.5}", "learningRate must be positive, got -0.5");
    assertRejected("{rounds: 2, epochs: 1, layers: ['']}", "layers must not contain blank entries, got []");
  }

  @Test
  void theStageRetrainsFromAFreshSeededInitialisationAndReportsTheControl() throws Exception {
    try (NetworkModel trained = TinyNetworks.mlp(7, 6, 8, 3)) {
      NetworkTrainer.fit(trained, TRAIN, new TrainingOptions(2, 16, 1, null), ProgressReporter.NONE);
      float[] before = flat(trained);
      LotteryTicketSpec spec = spec("{rounds: 2, epochs: 1, batchSize: 16, control: true}");
      StageResult result = new LotteryTicketFactory().create(spec).apply(trained, context(21));
      try (NetworkModel ticket = (NetworkModel) result.model();
          NetworkModel theta0 = LotteryTicketSearch.reinitialized(trained, 21);
          LotteryTicket direct = LotteryTicketSearch.search(theta0, TRAIN, VALIDATION, spec.toOptions(21),
              ProgressReporter.NONE)) {
        assertThat(ticket).isNotSameAs(trained);
        assertThat(flat(trained)).containsExactly(before);
        assertThat(trained.hasMasks()).isFalse();
        // θ0 is the fresh initialisation with the stage's seed: the library run from it gives the same ticket
        assertThat(flat(ticket)).containsExactly(flat(direct.model()));
        Map<String, Object> diagnostics = result.diagnostics();
        assertThat(diagnostics.get("note")).isEqualTo("retrained from scratch: the rounds start from a fresh "
            + "initialisation of the input's configuration (seed 21), not from the input's trained weights");
        assertThat(diagnostics.get("rounds")).isEqualTo(direct.rounds());
        assertThat(diagnostics.get("finalSparsity")).isEqualTo(26 / 72.0);
        assertThat(diagnostics.get("evaluatedOn")).isEqualTo("validation");
        @SuppressWarnings("unchecked")
        Map<String, Object> control = (Map<String, Object>) diagnostics.get("control");
        assertThat(control.get("seed")).isEqualTo(22L);
        assertThat((Double) control.get("validationAccuracy")).isBetween(0.0, 1.0);
      }
      StageResult without = new LotteryTicketFactory().create(spec("{rounds: 1, epochs: 1, batchSize: 16}"))
          .apply(trained, context(21));
      try (NetworkModel ticket = (NetworkModel) without.model()) {
        assertThat(without.diagnostics()).doesNotContainKey("control");
        assertThat(ticket.masks()).containsOnlyKeys("0_W", "1_W");
      }
    }
  }

  @Test
  void problemsThatNeedTheDataFailTheStageByName() throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(7, 6, 8, 3)) {
      assertThatThrownBy(() -> new LotteryTicketFactory().create(spec("{rounds: 1, epochs: 1, rewindIteration: 9}"))
          .apply(model, context(1)))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'lottery': rewindIteration must be at most the 1 training iterations of one round "
              + "(epochs × minibatches per epoch), got 9");
    }
  }
}
