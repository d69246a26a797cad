package dev.topiary.core.stage;

import java.util.List;

/**
 * An optional second interface of a {@link StageFactory}: checks a stage's validated parameters
 * against the baseline's architecture and the data's sizes before any training, so that a mistake
 * only the network or the data reveals (a layer name that names no layer, a schedule step the
 * training never reaches) is reported with the recipe's other problems instead of after minutes of
 * work.
 *
 * <p>The check sees the baseline's architecture, built but not trained, and the sizes of the
 * data splits (see {@link PreflightContext}); it must not train, write files or keep the network.
 * The stage keeps its own run-time checks for what only training reveals.
 *
 * <pre>{@code
 * public final class MyPruningFactory implements StageFactory<MySpec>, PreflightCheck<MySpec> {
 *   public List<PreflightProblem> preflight(MySpec spec, PreflightContext context) {
 *     return spec.layer() < context.network().getnLayers() ? List.of()
 *         : List.of(new PreflightProblem("layer", "no layer " + spec.layer()));
 *   }
 * }
 * }</pre>
 *
 * @param <S> the factory's parameter record
 */
public interface PreflightCheck<S extends Record> {

  /**
   * The problems of {@code spec} against {@code context}; empty if there is none.
   *
   * @param spec the stage's validated parameters
   * @param context the baseline's untrained architecture and the data's sizes
   */
  List<PreflightProblem> preflight(S spec, PreflightContext context);
}
