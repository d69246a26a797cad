package dev.topiary.pruning.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingOptions;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LotteryTicketSearchTest {

  /** 6 → 8 → 3: selected weights 0_W (48) and 1_W (24), 72 in all. */
  private static final int SELECTED = 72;
  private static final Dataset ALL = TinyNetworks.blobs(5, 90, 6, 3);
  private static final Dataset TRAIN = ALL.head(60);
  private static final Dataset VALIDATION = ALL.subset(range(60, 90));

  private static int[] range(int from, int to) {
    int[] rows = new int[to - from];
    for (int i = from; i < to; i++) {
      rows[i - from] = i;
    }
    return rows;
  }

  private static float[] flat(INDArray array) {
    return array.dup('c').data().asFloat();
  }

  /** What the observer saw at the start of one round. */
  private record Seen(int round, float[] params, float[] rewindPoint, Map<String, float[]> masks) {}

  private static final class Recorder implements RoundObserver {
    final List<Seen> seen = new ArrayList<>();

    @Override
    public void roundStarting(int round, NetworkModel model, INDArray rewindPoint) {
      Map<String, float[]> masks = new LinkedHashMap<>();
      model.masks().forEach((key, mask) -> masks.put(key, flat(mask)));
      seen.add(new Seen(round, flat(model.network().params()), flat(rewindPoint), masks));
    }
  }

  private static LotteryTicketOptions.Builder options(int rounds) {
    return LotteryTicketOptions.builder(rounds, 1).pruneFraction(0.3).batchSize(16).seed(11);
  }

  private static long masked(Map<String, float[]> masks, String key) {
    float[] mask = masks.get(key);
    long count = 0;
    for (float value : mask == null ? new float[0] : mask) {
      if (value == 0f) {
        count++;
      }
    }
    return count;
  }

  @Test
  void eachRoundPrunesTheFractionOfTheRemainingWeights() {
    Recorder recorder = new Recorder();
    LotteryTicketOptions options = options(3).build();
    try (NetworkModel initial = TinyNetworks.mlp(7, 6, 8, 3);
        LotteryTicket ticket = LotteryTicketSearch.run(initial, initial.network().params(), TRAIN, VALIDATION,
            options, ProgressReporter.NONE, recorder)) {
      assertThat(ticket.rounds()).hasSize(4);
      for (int r = 1; r <= 3; r++) {
        double target = 1 - Math.pow(0.7, r);
        long expected = Math.round(SELECTED * target);
        LotteryRound round = ticket.rounds().get(r - 1);
        assertThat(round.round()).isEqualTo(r);
        assertThat(round.prunedTo()).isEqualTo((double) expected / SELECTED);
        assertThat(round.prunedTo()).isCloseTo(target, within(1.0 / SELECTED));
        // the next round trains with exactly that many weights masked
        Seen next = recorder.seen.get(r);
        assertThat(masked(next.masks(), "0_W") + masked(next.masks(), "1_W")).isEqualTo(expected);
        assertThat(ticket.rounds().get(r).sparsity()).isEqualTo((double) expected / SELECTED);
      }
      assertThat(ticket.rounds().get(0).sparsity()).isZero();
      assertThat(ticket.finalSparsity()).isEqualTo(Math.round(SELECTED * (1 - Math.pow(0.7, 3))) / (double) SELECTED);
      assertThat(ticket.finalRound().isFinalTraining()).isTrue();
      assertThat(ticket.finalRound().epochs()).isEqualTo(1);
      assertThat(ticket.finalRound().iterations()).isEqualTo(4);
      assertThat(ticket.evaluatedOn()).isEqualTo("validation");
      assertThat(ticket.rounds()).allSatisfy(round -> assertThat(round.validationAccuracy()).isBetween(0.0, 1.0));
    }
  }

  @Test
  void layerScopePrunesEachLayerToTheSparsity() {
    Recorder recorder = new Recorder();
    LotteryTicketOptions options = options(2).scope(Scope.LAYER).build();
    try (NetworkModel initial = TinyNetworks.mlp(7, 6, 8, 3);
        LotteryTicket ticket = LotteryTicketSearch.run(initial, initial.network().params(), TRAIN, VALIDATION,
            options, ProgressReporter.NONE, recorder)) {
      for (int r = 1; r <= 2; r++) {
        double target = 1 - Math.pow(0.7, r);
        Map<String, float[]> masks = recorder.seen.get(r).masks();
        assertThat(masked(masks, "0_W")).isEqualTo(Math.round(48 * target));
        assertThat(masked(masks, "1_W")).isEqualTo(Math.round(24 * target));
      }
      assertThat(ticket.pruning().layers()).extracting(layer -> layer.pruned()).containsExactly(24L, 12L);
    }
  }

  @Test
  void everyRoundStartsFromTheInitialWeightsWithTheMaskApplied() {
    Recorder recorder = new Recorder();
    try (NetworkModel initial = TinyNetworks.mlp(7, 6, 8, 3);
        LotteryTicket ticket = LotteryTicketSearch.run(initial, initial.network().params(), TRAIN, VALIDATION,
            options(3).build(), ProgressReporter.NONE, recorder)) {
      float[] theta0 = flat(initial.network().params());
      assertThat(recorder.seen).hasSize(4);
      for (Seen seen : recorder.seen) {
        assertThat(seen.rewindPoint()).containsExactly(theta0);
        assertRewound(initial, seen);
      }
      assertThat(recorder.seen.get(0).params()).containsExactly(theta0);
    }
  }

  /** Unmasked parameters equal the rewind point (within 1e-6), masked ones are zero. */
  private static void assertRewound(NetworkModel like, Seen seen) {
    float[] keep = new float[seen.params().length];
    java.util.Arrays.fill(keep, 1f);
    long offset = 0;
    for (Map.Entry<String, INDArray> param : like.network().paramTable().entrySet()) {
      float[] mask = seen.masks().get(param.getKey());
      if (mask != null) {
        // DL4J keeps dense weights in 'f' order inside the flat vector
        INDArray m = org.nd4j.linalg.factory.Nd4j.create(mask, param.getValue().shape(), 'c').dup('f');
        float[] flatMask = m.data().asFloat();
        System.arraycopy(flatMask, 0, keep, (int) offset, flatMask.length);
        m.close();
      }
      offset += param.getValue().length();
    }
    for (int i = 0; i < keep.length; i++) {
      float expected = keep[i] == 0f ? 0f : seen.rewindPoint()[i];
      assertThat((double) seen.params()[i]).as("round %d parameter %d", seen.round(), i)
          .isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  void rewindIterationSnapshotsTheWeightsAfterThatManyIterations() {
    Recorder recorder = new Recorder();
    // 60 rows in minibatches of 16: 4 iterations per epoch; rewind to the end of epoch 1 of 2
    LotteryTicketOptions options = LotteryTicketOptions.builder(2, 2).pruneFraction(0.3).batchSize(16).seed(11)
        .rewindIteration(4).build();
    try (NetworkModel initial = TinyNetworks.mlp(7, 6, 8, 3);
        LotteryTicket ticket = LotteryTicketSearch.run(initial, initial.network().params(), TRAIN, VALIDATION,
            options, ProgressReporter.NONE, recorder);
        NetworkModel oneEpoch = initial.copy()) {
      NetworkTrainer.fit(oneEpoch, TRAIN, new TrainingOptions(1, 16, 11, null), ProgressReporter.NONE);
      float[] expected = flat(oneEpoch.network().params());
      float[] theta0 = flat(initial.network().params());
      assertThat(recorder.seen.get(0).rewindPoint()).containsExactly(theta0);
      for (Seen seen : recorder.seen.subList(1, 3)) {
        for (int i = 0; i < expected.length; i++) {
          assertThat((double) seen.rewindPoint()[i]).isCloseTo(expected[i], within(1e-6));
        }
        assertRewound(initial, seen);
      }
      assertThat(ticket.rewindIteration()).isEqualTo(4);
      assertThat(ticket.rounds()).extracting(LotteryRound::iterations).containsExactly(8L, 8L, 8L);
    }
  }

  @Test
  void aRewindPointBeyondOneRoundIsRejected() {
    try (NetworkModel initial = TinyNetworks.mlp(7, 6, 8, 3)) {
      LotteryTicketOptions options = options(1).rewindIteration(5).build();
      assertThatThrownBy(() -> LotteryTicketSearch.search(initial, TRAIN, VALIDATION, options, ProgressReporter.NONE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rewindIteration must be at most the 4 training iterations of one round "
              + "(epochs × minibatches per epoch), got 5");
      assertThatThrownBy(() -> LotteryTicketSearch.search(initial,
          initial.network().params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10)), TRAIN, VALIDATION,
          options(1).build(), ProgressReporter.NONE))
          .hasMessage("initialParameters must hold the network's 83 parameters, got 10");
      assertThatThrownBy(() -> LotteryTicketSearch.search(initial, TRAIN, VALIDATION,
          options(1).selection(new LayerSelection(List.of("fc9"), false, false, false)).build(), ProgressReporter.NONE))
          .hasMessage("layers: no layer named 'fc9'; layer names: [layer0, layer1]; layer types: [dense, conv, output]");
    }
  }

  @Test
  void maskedWeightsStayZeroThroughTrainingAndTheInputIsUnchanged() {
    try (NetworkModel initial = TinyNetworks.mlp(7, 6, 8, 3)) {
      float[] before = flat(initial.network().params());
      try (LotteryTicket ticket = LotteryTicketSearch.search(initial, TRAIN, VALIDATION, options(2).build(),
          ProgressReporter.NONE)) {
        assertMaskedAreZero(ticket.model());
        assertThat(ticket.model().masks()).containsOnlyKeys("0_W", "1_W");
        assertThat(flat(ticket.model().network().params())).isNotEqualTo(before);
      }
      assertThat(initial.hasMasks()).isFalse();
      assertThat(flat(initial.network().params())).containsExactly(before);
    }
  }

  private static void assertMaskedAreZero(NetworkModel model) {
    model.masks().forEach((key, mask) -> {
      float[] keep = flat(mask);
      float[] values = flat(model.parameter(key));
      for (int i = 0; i < keep.length; i++) {
        if (keep[i] == 0f) {
          assertThat(values[i]).as("%s[%d]", key, i).isZero();
        }
      }
    });
  }

  @Test
  void aFixedSeedGivesTheSameTicket() {
    try (NetworkModel initial = TinyNetworks.mlp(7, 6, 8, 3);
        LotteryTicket a = LotteryTicketSearch.search(initial, TRAIN, VALIDATION, options(2).build(), ProgressReporter.NONE);
        LotteryTicket b = LotteryTicketSearch.search(initial, TRAIN, VALIDATION, options(2).build(), ProgressReporter.NONE)) {
      assertThat(flat(a.model().network().params())).containsExactly(flat(b.model().network().params()));
      assertThat(flat(a.model().masks().get("0_W"))).containsExactly(flat(b.model().masks().get("0_W")));
      assertThat(a.rounds()).isEqualTo(b.rounds());
    }
  }

  @Test
  void theControlKeepsTheMaskOnDifferentInitialWeights() {
    LotteryTicketOptions options = options(2).build();
    try (NetworkModel initial = TinyNetworks.mlp(7, 6, 8, 3);
        LotteryTicket ticket = LotteryTicketSearch.search(initial, TRAIN, VALIDATION, options, ProgressReporter.NONE);
        LotteryControl control = LotteryTicketSearch.trainControl(ticket.model(), 99, TRAIN, VALIDATION, options,
            ProgressReporter.NONE);
        NetworkModel controlStart = LotteryTicketSearch.reinitialized(ticket.model(), 99);
        NetworkModel again = LotteryTicketSearch.reinitialized(ticket.model(), 99)) {
      assertThat(control.model().masks().keySet()).isEqualTo(ticket.model().masks().keySet());
      for (String key : ticket.model().masks().keySet()) {
        assertThat(flat(control.model().masks().get(key))).containsExactly(flat(ticket.model().masks().get(key)));
      }
      assertMaskedAreZero(control.model());
      assertThat(controlStart.hasMasks()).isFalse();
      assertThat(flat(controlStart.network().params())).isNotEqualTo(flat(initial.network().params()));
      assertThat(flat(again.network().params())).containsExactly(flat(controlStart.network().params()));
      assertThat(control.seed()).isEqualTo(99);
      assertThat(control.validationAccuracy()).isBetween(0.0, 1.0);
      assertThat(flat(control.model().network().params())).isNotEqualTo(flat(ticket.model().network().params()));
    }
  }

  @Test
  void anEmptyValidationSplitIsSaidNotSilentlySkipped() {
    try (NetworkModel initial = TinyNetworks.mlp(7, 6, 8, 3);
        LotteryTicket ticket = LotteryTicketSearch.search(initial, TRAIN, Dataset.emptyLike(TRAIN), options(1).build(),
            ProgressReporter.NONE)) {
      assertThat(ticket.evaluatedOn()).isEqualTo("not evaluated: the validation split is empty");
      assertThat(ticket.rounds()).allSatisfy(round -> {
        assertThat(round.validationAccuracy()).isNull();
        assertThat(round.validationLoss()).isNull();
      });
      assertThat(ticket.diagnostics()).containsEntry("evaluatedOn", LotteryTicket.NOT_EVALUATED);
    }
  }

  @Test
  void optionsRejectBadValuesWithExactMessages() {
    assertThatThrownBy(() -> LotteryTicketOptions.builder(0, 1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("rounds must be at least 1, got 0");
    assertThatThrownBy(() -> LotteryTicketOptions.builder(1, 0).build())
        .hasMessage("epochs must be at least 1, got 0");
    assertThatThrownBy(() -> LotteryTicketOptions.builder(1, 1).pruneFraction(0).build())
        .hasMessage("pruneFraction must be in (0, 1), got 0.0");
    assertThatThrownBy(() -> LotteryTicketOptions.builder(1, 1).pruneFraction(1).build())
        .hasMessage("pruneFraction must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> LotteryTicketOptions.builder(1, 1).pruneFraction(Double.NaN).build())
        .hasMessage("pruneFraction must be in (0, 1), got NaN");
    assertThatThrownBy(() -> LotteryTicketOptions.builder(1, 1).rewindIteration(-1).build())
        .hasMessage("rewindIteration must not be negative, got -1");
    assertThatThrownBy(() -> LotteryTicketOptions.builder(1, 1).batchSize(0).build())
        .hasMessage("batchSize must be at least 1, got 0");
    assertThatThrownBy(() -> LotteryTicketOptions.builder(1, 1).learningRate(-0.1).build())
        .hasMessage("learningRate must be positive, got -0.1");
    LotteryTicketOptions defaults = LotteryTicketOptions.builder(3, 2).build();
    assertThat(defaults.scope()).isEqualTo(Scope.GLOBAL);
    assertThat(defaults.pruneFraction()).isEqualTo(0.2);
    assertThat(defaults.batchSize()).isEqualTo(64);
    assertThat(defaults.targetSparsity(2)).isCloseTo(0.36, within(1e-12));
    assertThatThrownBy(() -> defaults.targetSparsity(4)).hasMessage("round must be in [0, 3], got 4");
  }
}
