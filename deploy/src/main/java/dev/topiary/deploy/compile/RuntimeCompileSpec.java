package dev.topiary.deploy.compile;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.core.stage.StageFactory;

/**
 * Parameters of the {@code runtime.compile} stage, e.g. {@code {type: runtime.compile, kernels: auto}}.
 *
 * @param kernels {@code auto}, {@code dense} or {@code sparse}
 * @param sparsityThreshold with {@code auto}, the share of zero weights from which a layer's sparse kernel is timed
 * @param timingMillis with {@code auto}, milliseconds of timing per candidate kernel and layer
 */
@StageDescription("Compiles the DL4J network into a dependency-free Topiary runtime model (model.tpm): dense and "
    + "sparse fp32 kernels chosen per layer by timing them on this machine; checks the probabilities against DL4J "
    + "on the test split. Later stages must accept a runtime model.")
public record RuntimeCompileSpec(
    @Param(value = "Kernel policy: auto (time the dense and the sparse kernel of each layer with enough zeros and "
        + "keep the faster), dense or sparse.", defaultValue = "auto") KernelPolicy kernels,
    @Param(value = "With auto: the share of zero weights in [0, 1] from which a layer's sparse kernel is timed "
        + "against its dense kernel.", defaultValue = "0.5") Double sparsityThreshold,
    @Param(value = "With auto: milliseconds of timing per candidate kernel and layer (half of it warm-up), at "
        + "least 1.", defaultValue = "200") Integer timingMillis) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "runtime.compile";

  /** Fills in the defaults and validates. */
  public RuntimeCompileSpec {
    kernels = kernels == null ? KernelPolicy.AUTO : kernels;
    sparsityThreshold = sparsityThreshold == null ? CompileOptions.DEFAULT_SPARSITY_THRESHOLD : sparsityThreshold;
    timingMillis = timingMillis == null ? CompileOptions.DEFAULT_TIMING_MILLIS : timingMillis;
    options(kernels, sparsityThreshold, timingMillis);
  }

  /** The compiler options these parameters give. */
  public CompileOptions options() {
    return options(kernels, sparsityThreshold, timingMillis);
  }

  private static CompileOptions options(KernelPolicy kernels, double threshold, int millis) {
    return new CompileOptions(kernels, threshold, millis);
  }

  /** The stage type's factory: a stage that compiles its input network with these options. */
  public static StageFactory<RuntimeCompileSpec> stageFactory() {
    return StageFactory.of(RuntimeCompileSpec.class, spec -> new RuntimeCompileStage(spec.options()));
  }
}
