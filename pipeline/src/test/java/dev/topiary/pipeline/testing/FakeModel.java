package dev.topiary.pipeline.testing;

import dev.topiary.core.model.Inference;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.ModelKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** A model handle without native code: a kind, a parameter count, and whether it was closed. */
public final class FakeModel implements ModelHandle {

  /** Handles open now, to check the runner closes every one it owns. */
  public static final AtomicInteger OPEN = new AtomicInteger();

  private final ModelKind kind;
  private final long parameters;
  private boolean closed;

  /** An open handle. */
  public FakeModel(ModelKind kind, long parameters) {
    this.kind = kind;
    this.parameters = parameters;
    OPEN.incrementAndGet();
  }

  /** True once closed. */
  public boolean closed() {
    return closed;
  }

  @Override
  public ModelKind kind() {
    return kind;
  }

  @Override
  public Inference inference() {
    throw new UnsupportedOperationException("fake models are measured by a fake meter");
  }

  @Override
  public long parameterCount() {
    return parameters;
  }

  @Override
  public long nonZeroParameterCount() {
    return parameters;
  }

  @Override
  public void save(Path file) throws IOException {
    check();
    Files.writeString(file, "fake " + kind + " " + parameters + "\n", StandardCharsets.UTF_8);
  }

  @Override
  public String fileExtension() {
    return kind == ModelKind.DL4J_NETWORK ? "zip" : "bin";
  }

  @Override
  public String describe() {
    return "fake " + parameters;
  }

  @Override
  public void close() {
    check();
    closed = true;
    OPEN.decrementAndGet();
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("the handle is closed");
    }
  }
}
