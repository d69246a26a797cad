package dev.topiary.pipeline.gate;

import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.recipe.Gates;
import dev.topiary.pipeline.report.Regression;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a recipe's {@code assert:} gates on a final model against its baseline:
 * {@code maxAccuracyDrop} (points), {@code minSizeReduction} (gzip, baseline / model),
 * {@code maxLatencyRatio} (batch-1 p50, model / baseline) and {@code minAgreement} (share of test
 * examples predicted as the baseline does). A gate that cannot be measured (no batch-1 timing, no
 * predictions) fails.
 */
public final class GateCheck {

  /** The exit code of a run whose reports were written but a gate failed. */
  public static final int EXIT_CODE = 3;

  private GateCheck() {}

  /**
   * The result of every gate in {@code gates} (none if null) for one model.
   *
   * @param model what is checked, for the messages: {@code final model} or {@code branch <name>}
   * @param regression the model's regression figures, or null if there are none
   */
  public static List<GateResult> check(Gates gates, String model, Metrics baseline, Metrics result,
      Regression regression) {
    List<GateResult> results = new ArrayList<>();
    if (gates == null) {
      return results;
    }
    if (gates.maxAccuracyDrop() != null) {
      double drop = 100 * (baseline.accuracy() - result.accuracy());
      results.add(new GateResult("maxAccuracyDrop", model, drop, gates.maxAccuracyDrop(),
          drop <= gates.maxAccuracyDrop() + 1e-9));
    }
    if (gates.minSizeReduction() != null) {
      double reduction = result.gzipBytes() > 0 ? (double) baseline.gzipBytes() / result.gzipBytes() : Double.NaN;
      results.add(new GateResult("minSizeReduction", model, reduction, gates.minSizeReduction(),
          reduction >= gates.minSizeReduction()));
    }
    if (gates.maxLatencyRatio() != null) {
      LatencyStats base = baseline.latency().get("batch1");
      LatencyStats mine = result.latency().get("batch1");
      double ratio = base == null || mine == null || base.p50Micros() <= 0 ? Double.NaN
          : mine.p50Micros() / base.p50Micros();
      results.add(new GateResult("maxLatencyRatio", model, ratio, gates.maxLatencyRatio(),
          ratio <= gates.maxLatencyRatio()));
    }
    if (gates.minAgreement() != null) {
      double agreement = regression == null ? (result == baseline ? 1.0 : Double.NaN) : regression.agreement();
      results.add(new GateResult("minAgreement", model, agreement, gates.minAgreement(),
          agreement >= gates.minAgreement()));
    }
    return results;
  }

  /** A gate's value in its unit: {@code 0.82 points}, {@code 3.50×}, {@code 0.98}. */
  static String format(String gate, double value) {
    if (Double.isNaN(value)) {
      return "not measured";
    }
    return switch (gate) {
      case "maxAccuracyDrop" -> String.format(Locale.ROOT, "%.2f points", value);
      case "minSizeReduction" -> String.format(Locale.ROOT, "%.2f× smaller", value);
      case "maxLatencyRatio" -> String.format(Locale.ROOT, "%.3f of the baseline's p50", value);
      default -> String.format(Locale.ROOT, "%.4f", value);
    };
  }
}
