package dev.topiary.pipeline.testing;

import com.google.inject.AbstractModule;
import dev.topiary.core.BadInputException;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageBindings;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.stage.StageResult;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Fake stage types and the Guice module registering them. */
public final class FakeStages {

  private FakeStages() {}

  /** How {@code fake.scale} scales. */
  public enum Mode { KEEP_ALL, HALF_SIZE }

  /** {@code fake.scale}: multiplies the parameter count. */
  @StageDescription("Multiplies the parameter count of a fake model.")
  public record ScaleSpec(
      @Param("factor in (0, 10]") double factor,
      @Param(value = "how to scale", defaultValue = "keep-all") Mode mode,
      @Param(value = "how often", defaultValue = "1") Integer repeats) {
    /** The type name. */
    public static final String TYPE = "fake.scale";

    /** Validates and fills defaults. */
    public ScaleSpec {
      if (!(factor > 0 && factor <= 10)) {
        throw new IllegalArgumentException("factor must be in (0, 10], got " + factor);
      }
      mode = mode == null ? Mode.KEEP_ALL : mode;
      repeats = repeats == null ? 1 : repeats;
    }
  }

  /** {@code fake.compile}: turns a network into a runtime model. */
  @StageDescription("Compiles a fake network into a fake runtime model.")
  public record CompileSpec(@Param(value = "bits per weight", defaultValue = "8") Integer bits) {
    /** The type name. */
    public static final String TYPE = "fake.compile";

    /** Fills the default. */
    public CompileSpec {
      bits = bits == null ? 8 : bits;
    }
  }

  /** {@code fake.fail}: always fails. */
  @StageDescription("Always fails.")
  public record FailSpec(@Param(value = "the failure message", defaultValue = "boom") String message,
      @Param(value = "fail because the user's input is bad (exit 2), not the stage", defaultValue = "false")
      Boolean badInput) {
    /** The type name. */
    public static final String TYPE = "fake.fail";

    /** Fills the default. */
    public FailSpec {
      message = message == null ? "boom" : message;
      badInput = badInput != null && badInput;
    }
  }

  /** {@code fake.teach}: reads a referenced teacher (any kind) and, optionally, a student (a network). */
  @StageDescription("Copies its input and reports the parameter count of a referenced model.")
  public record TeachSpec(
      @Param(value = "the teacher reference", defaultValue = "@baseline") String teacher,
      @Param(value = "a student reference", optional = true) String student) {
    /** The type name. */
    public static final String TYPE = "fake.teach";

    /** Fills the default. */
    public TeachSpec {
      teacher = teacher == null ? "@baseline" : teacher;
    }
  }

  /** Creates {@code fake.teach} stages. */
  public static final class TeachFactory implements StageFactory<TeachSpec> {
    @Override
    public Class<TeachSpec> specType() {
      return TeachSpec.class;
    }

    @Override
    public Stage create(TeachSpec spec) {
      return new Stage() {
        @Override
        public java.util.List<dev.topiary.core.stage.ModelReference> modelReferences() {
          java.util.List<dev.topiary.core.stage.ModelReference> references = new java.util.ArrayList<>();
          references.add(dev.topiary.core.stage.ModelReference.anyKind("teacher", spec.teacher()));
          if (spec.student() != null) {
            references.add(new dev.topiary.core.stage.ModelReference("student", spec.student(),
                EnumSet.of(ModelKind.DL4J_NETWORK)));
          }
          return references;
        }

        @Override
        public StageResult apply(ModelHandle input, StageContext context) {
          Map<String, Object> diagnostics = new LinkedHashMap<>();
          diagnostics.put("teacherParameters", context.model(spec.teacher()).parameterCount());
          return new StageResult(new FakeModel(input.kind(), input.parameterCount()), diagnostics);
        }
      };
    }
  }

  /** Creates {@code fake.scale} stages. */
  public static final class ScaleFactory implements StageFactory<ScaleSpec> {
    @Override
    public Class<ScaleSpec> specType() {
      return ScaleSpec.class;
    }

    @Override
    public Stage create(ScaleSpec spec) {
      return (input, context) -> {
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        diagnostics.put("factor", spec.factor());
        diagnostics.put("seed", context.seed());
        diagnostics.put("workDirectoryExists", java.nio.file.Files.isDirectory(context.workDirectory()));
        return new StageResult(new FakeModel(input.kind(), Math.round(input.parameterCount() * spec.factor())),
            diagnostics);
      };
    }
  }

  /** Creates {@code fake.compile} stages. */
  public static final class CompileFactory implements StageFactory<CompileSpec> {
    @Override
    public Class<CompileSpec> specType() {
      return CompileSpec.class;
    }

    @Override
    public Stage create(CompileSpec spec) {
      return new Stage() {
        @Override
        public Set<ModelKind> acceptedKinds() {
          return EnumSet.of(ModelKind.DL4J_NETWORK);
        }

        @Override
        public ModelKind producedKind(ModelKind input) {
          return ModelKind.RUNTIME_MODEL;
        }

        @Override
        public StageResult apply(ModelHandle input, StageContext context) {
          return StageResult.of(new FakeModel(ModelKind.RUNTIME_MODEL, input.parameterCount()));
        }
      };
    }
  }

  /** Creates {@code fake.fail} stages. */
  public static final class FailFactory implements StageFactory<FailSpec> {
    @Override
    public Class<FailSpec> specType() {
      return FailSpec.class;
    }

    @Override
    public Stage create(FailSpec spec) {
      return (input, context) -> {
        throw spec.badInput()
            ? new StageException(context.stageName(), spec.message(), new BadInputException(spec.message()))
            : new StageException(context.stageName(), spec.message());
      };
    }
  }

  /** Registers the three fake stage types. */
  public static final class Module extends AbstractModule {
    @Override
    protected void configure() {
      StageBindings.add(binder(), ScaleSpec.TYPE, ScaleFactory.class);
      StageBindings.add(binder(), CompileSpec.TYPE, CompileFactory.class);
      StageBindings.add(binder(), FailSpec.TYPE, FailFactory.class);
    }
  }

  /** Registers {@code fake.teach}, for the tests of model references (kept apart so the others' lists stay). */
  public static final class TeachModule extends AbstractModule {
    @Override
    protected void configure() {
      StageBindings.add(binder(), TeachSpec.TYPE, TeachFactory.class);
    }
  }
}
