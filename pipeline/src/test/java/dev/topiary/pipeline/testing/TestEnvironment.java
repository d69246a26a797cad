package dev.topiary.pipeline.testing;

import dev.topiary.core.recipe.FakeData;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.google.inject.Guice;
import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pipeline.TopiaryModules;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.run.BaselineBuilder;
import dev.topiary.pipeline.run.ModelMeasurer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fakes wired together: mappers knowing {@code source: fake}, the fake stages, a fixed meter. */
public final class TestEnvironment {

  /** The clock of every test run: 2024-05-01 12:00:00 UTC. */
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

  /** A baseline of 1000 parameters; a copy is a new fake of the same kind and size. */
  public static final BaselineBuilder BASELINE = new BaselineBuilder() {
    @Override
    public dev.topiary.core.model.ModelHandle build(dev.topiary.core.source.ModelSpec spec,
        dev.topiary.core.data.DataSplits data, java.nio.file.Path dir, long seed, ProgressReporter progress) {
      return new FakeModel(ModelKind.DL4J_NETWORK, 1000);
    }

    @Override
    public dev.topiary.core.model.ModelHandle copy(dev.topiary.core.model.ModelHandle model) {
      return new FakeModel(model.kind(), model.parameterCount());
    }
  };

  /** Metrics that follow the parameter count, so each stage's row differs. */
  public static final ModelMeasurer METER = new ModelMeasurer() {
    @Override
    public dev.topiary.core.measure.Metrics measure(dev.topiary.core.model.ModelHandle model,
        dev.topiary.core.data.Dataset test, dev.topiary.core.measure.MeterSettings settings) {
      return metrics(model.parameterCount());
    }

    @Override
    public int[] predictions(dev.topiary.core.model.ModelHandle model, dev.topiary.core.data.Dataset test) {
      return null; // fake models have no inference
    }
  };

  private TestEnvironment() {}

  /** Mappers with the fake data source registered. */
  public static TopiaryJson json() {
    TopiaryJson json = TopiaryJson.create();
    json.registerSubtypes(new NamedType(FakeData.class, FakeData.SOURCE));
    return json;
  }

  /** The registry of the fake stages, built through Guice like the real one. */
  public static Map<String, StageFactory<?>> registry() {
    return TopiaryModules.stageRegistry(Guice.createInjector(new FakeStages.Module()));
  }

  /** A command environment of the fakes. */
  public static CommandEnvironment commandEnvironment() {
    return new CommandEnvironment(registry(), json(), BASELINE, METER, ProgressReporter.NONE, CLOCK);
  }

  /** Fixed metrics of a model with {@code parameters} parameters. */
  public static Metrics metrics(long parameters) {
    Map<String, LatencyStats> latency = new LinkedHashMap<>();
    latency.put("batch1", new LatencyStats(1, parameters / 10.0, parameters / 8.0, 200));
    latency.put("batch64", new LatencyStats(64, parameters * 2.0, parameters * 2.5, 200));
    return new Metrics(parameters, parameters * 3 / 4, parameters * 4 + 500, parameters * 2 + 100, latency,
        0.5 + parameters / 10000.0, 1.0 - parameters / 10000.0);
  }
}
