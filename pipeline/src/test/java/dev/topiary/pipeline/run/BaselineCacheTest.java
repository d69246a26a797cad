package dev.topiary.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.source.ModelSpec;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.source.TrainSpec;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.train.ProgressReporter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCacheTest {

  private static final ModelSpec SPEC = ModelSpec.trained(
      new TrainSpec("mlp", List.of(4), null, 1, 8, null, null, null, null));

  @TempDir
  Path dir;

  private final StringWriter warnings = new StringWriter();
  private final AtomicInteger trainings = new AtomicInteger();
  private final BaselineBuilder counting = (spec, data, base, seed, progress) -> {
    trainings.incrementAndGet();
    return BaselineBuilder.FROM_SPEC.build(spec, data, base, seed, progress);
  };

  private BaselineCache cache() {
    return new BaselineCache(dir.resolve("cache"), TopiaryJson.create(), new PrintWriter(warnings));
  }

  private static DataSplits data(long seed) {
    return new DataSplits(dataset(seed, 24), dataset(seed + 1, 6), dataset(seed + 2, 10));
  }

  private static Dataset dataset(long seed, int rows) {
    Random random = new Random(seed);
    float[] features = new float[rows * 6];
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = r % 2;
      for (int c = 0; c < 6; c++) {
        features[r * 6 + c] = random.nextFloat() + labels[r];
      }
    }
    return new Dataset(features, labels, 6, 2, null, List.of());
  }

  private ModelHandle build(BaselineCache.Builder builder, ModelSpec spec, DataSplits data, long seed)
      throws Exception {
    return builder.build(spec, data, dir, seed, ProgressReporter.NONE);
  }

  @Test
  void aTrainedBaselineIsStoredAndReusedWithTheSameWeights() throws Exception {
    BaselineCache.Builder first = cache().builder(counting);
    BaselineCache.Builder second = cache().builder(counting);

    try (ModelHandle trained = build(first, SPEC, data(1), 7);
        ModelHandle reused = build(second, SPEC, data(1), 7)) {
      assertThat(trainings).hasValue(1);
      assertThat(first.events()).extracting(BaselineCache.Event::reused).containsExactly(false);
      assertThat(second.events()).extracting(BaselineCache.Event::reused).containsExactly(true);
      assertThat(second.events().get(0).key()).isEqualTo(first.events().get(0).key());
      assertThat(((NetworkModel) reused).network().params())
          .isEqualTo(((NetworkModel) trained).network().params());
      assertThat(((NetworkModel) reused).network().getUpdater().getStateViewArray())
          .isEqualTo(((NetworkModel) trained).network().getUpdater().getStateViewArray());
    }
    assertThat(warnings.toString()).isEmpty();
    try (Stream<Path> entries = Files.list(dir.resolve("cache/baselines"))) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(first.events().get(0).key());
    }
  }

  @Test
  void theKeyChangesWhenAnyInputChangesAndNotOtherwise() {
    BaselineCache cache = cache();
    String key = cache.key(SPEC, data(1), 7);

    assertThat(cache.key(SPEC, data(1), 7)).isEqualTo(key);
    assertThat(cache.key(SPEC, data(1), 8)).isNotEqualTo(key);
    assertThat(cache.key(ModelSpec.trained(new TrainSpec("mlp", List.of(5), null, 1, 8, null, null, null, null)),
        data(1), 7)).isNotEqualTo(key);
    assertThat(cache.key(ModelSpec.trained(new TrainSpec("mlp", List.of(4), null, 2, 8, null, null, null, null)),
        data(1), 7)).isNotEqualTo(key);
    DataSplits changed = data(1);
    changed.test().features()[3] += 0.5f;
    assertThat(cache.key(SPEC, changed, 7)).isNotEqualTo(key);
    assertThat(cache.key(SPEC, data(2), 7)).isNotEqualTo(key);
  }

  @Test
  void aSpecWithItsOwnSeedHasOneKeyWhateverTheDefaultSeed() {
    BaselineCache cache = cache();
    ModelSpec seeded = ModelSpec.trained(new TrainSpec("mlp", List.of(4), null, 1, 8, null, null, null, 5L));

    // a baseline (default: the recipe seed) and a declared model (default: a derived seed) with seed 5
    assertThat(cache.key(seeded, data(1), 7)).isEqualTo(cache.key(seeded, data(1), -3));
    ModelSpec otherSeed = ModelSpec.trained(new TrainSpec("mlp", List.of(4), null, 1, 8, null, null, null, 6L));
    assertThat(cache.key(otherSeed, data(1), 7)).isNotEqualTo(cache.key(seeded, data(1), 7));
  }

  @Test
  void aCorruptEntryIsIgnoredWithAWarningAndRebuilt() throws Exception {
    BaselineCache.Builder first = cache().builder(counting);
    build(first, SPEC, data(1), 7).close();
    String key = first.events().get(0).key();
    Path entry = dir.resolve("cache/baselines").resolve(key);
    Files.write(entry.resolve("model.zip"), new byte[] {1, 2, 3});

    BaselineCache.Builder second = cache().builder(counting);
    build(second, SPEC, data(1), 7).close();

    assertThat(trainings).hasValue(2);
    assertThat(second.events()).extracting(BaselineCache.Event::reused).containsExactly(false);
    assertThat(warnings.toString()).isEqualTo("warning: baseline cache entry " + entry + " is not usable (its "
        + "model.zip does not match the checksum in entry.json); it is ignored and rebuilt\n");
    BaselineCache.Builder third = cache().builder(counting);
    build(third, SPEC, data(1), 7).close();
    assertThat(third.events()).extracting(BaselineCache.Event::reused).containsExactly(true);
  }

  @Test
  void aForeignEntryIsNeverTrusted() throws Exception {
    BaselineCache.Builder first = cache().builder(counting);
    build(first, SPEC, data(1), 7).close();
    Path entry = dir.resolve("cache/baselines").resolve(first.events().get(0).key());
    Path meta = entry.resolve("entry.json");
    Files.writeString(meta, Files.readString(meta).replace(first.events().get(0).key(), "0123"));

    BaselineCache.Builder second = cache().builder(counting);
    build(second, SPEC, data(1), 7).close();

    assertThat(trainings).hasValue(2);
    assertThat(warnings.toString()).contains("(its entry.json is for another key); it is ignored and rebuilt");
  }

  @Test
  void modelsLoadedFromAFileAreNotCached() throws Exception {
    Path file = dir.resolve("model.zip");
    try (ModelHandle trained = BaselineBuilder.FROM_SPEC.build(SPEC, data(1), dir, 7, ProgressReporter.NONE)) {
      trained.save(file);
    }
    BaselineCache.Builder builder = cache().builder(counting);

    build(builder, ModelSpec.fromFile("model.zip"), data(1), 7).close();

    assertThat(builder.events()).isEmpty();
    assertThat(dir.resolve("cache")).doesNotExist();
  }
}
