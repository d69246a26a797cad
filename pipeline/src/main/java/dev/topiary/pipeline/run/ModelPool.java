package dev.topiary.pipeline.run;

import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.stage.ModelReference;
import dev.topiary.pipeline.BoundStage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every model of one run, by name ({@code baseline}, each declared model, each stage's output),
 * with the index of the last stage that uses it. The pool owns them all: {@link #release} closes
 * a model right after its last use, {@link #close} closes whatever is left, and no model is closed
 * twice, even if it is known under two names.
 */
final class ModelPool implements AutoCloseable {

  /** The last use of a model no stage uses. */
  static final int UNUSED = -1;

  private final Map<String, ModelHandle> models = new LinkedHashMap<>();
  private final Map<String, Integer> lastUse;
  private final Set<ModelHandle> closed = Collections.newSetFromMap(new IdentityHashMap<>());

  ModelPool(List<BoundStage> stages) {
    this.lastUse = lastUses(stages);
  }

  /**
   * The index of the last stage that uses each model: the baseline and each stage's output are the
   * next stage's input; references ({@code @name}) count where they are made. The last stage's
   * output is never released here: the runner saves it.
   */
  static Map<String, Integer> lastUses(List<BoundStage> stages) {
    Map<String, Integer> last = new HashMap<>();
    if (!stages.isEmpty()) {
      last.put("baseline", 0);
    }
    for (int i = 0; i < stages.size(); i++) {
      BoundStage stage = stages.get(i);
      last.put(stage.name(), i + 1 < stages.size() ? i + 1 : Integer.MAX_VALUE);
      for (ModelReference reference : stage.stage().modelReferences()) {
        if (!reference.reference().equals(ModelReference.INPUT)) {
          last.merge(reference.name(), i, Math::max);
        }
      }
    }
    return last;
  }

  /** Adds a model the pool now owns. */
  void put(String name, ModelHandle model) {
    models.put(name, model);
  }

  /**
   * The model {@code reference} names, for the stage whose input is {@code input}.
   *
   * @throws IllegalArgumentException if the reference names no open model (the compiler prevents it)
   */
  ModelHandle resolve(String reference, ModelHandle input) {
    if (reference.equals(ModelReference.INPUT)) {
      return input;
    }
    ModelHandle model = reference.startsWith("@") ? models.get(reference.substring(1)) : null;
    if (model == null || closed.contains(model)) {
      throw new IllegalArgumentException("no open model '" + reference + "'; open: " + openNames());
    }
    return model;
  }

  /** Closes every model whose last use is at or before stage {@code index}, except {@code keep}. */
  void release(int index, ModelHandle keep) {
    for (Map.Entry<String, ModelHandle> entry : models.entrySet()) {
      ModelHandle model = entry.getValue();
      if (model == keep || closed.contains(model)) {
        continue;
      }
      if (!stillUsed(model, index)) {
        closed.add(model);
        model.close();
      }
    }
  }

  private boolean stillUsed(ModelHandle model, int index) {
    for (Map.Entry<String, ModelHandle> entry : models.entrySet()) {
      if (entry.getValue() == model && lastUse.getOrDefault(entry.getKey(), UNUSED) > index) {
        return true;
      }
    }
    return false;
  }

  /** Names of the models still open, in the order they were added. */
  List<String> openNames() {
    List<String> names = new ArrayList<>();
    models.forEach((name, model) -> {
      if (!closed.contains(model)) {
        names.add(name);
      }
    });
    return names;
  }

  /** Closes every model still open, each once. */
  @Override
  public void close() {
    for (ModelHandle model : models.values()) {
      if (closed.add(model)) {
        model.close();
      }
    }
  }
}
