package dev.topiary.core.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.stage.ParameterDescriptor;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.stage.StageTypeDescriptor;
import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds one stage entry of a recipe to its stage type's parameter record, the way the recipe
 * compiler does for every stage: it reports, each at its field path and line, every key the type
 * does not document ({@code unknown key 'sparsty' for stage type prune.magnitude; did you mean
 * 'sparsity'? valid: [...]}), every required parameter missing or null, every value of the wrong
 * type, and, only when there was none of these, the record's own validation. The parameters the
 * type's name implies ({@link StageFactory#impliedParameters()}) are added before the record is
 * built; a recipe may not give them.
 */
public final class StageEntryBinder {

  private final ValueBinder binder;

  /** A binder reading with {@code json}'s recipe mapper. */
  public StageEntryBinder(TopiaryJson json) {
    this.binder = new ValueBinder(json.json());
  }

  /**
   * The parameter record of {@code entry}, found at {@code path}, for its type's {@code factory}.
   *
   * @return the record, or null after adding at least one problem to {@code problems}
   */
  public Record bind(StageEntry entry, String path, StageFactory<?> factory, RecipeLocations locations,
      List<RecipeProblem> problems) {
    StageTypeDescriptor descriptor = factory.describe(entry.type());
    ObjectNode params = entry.params();
    int before = problems.size();
    Set<String> valid = new TreeSet<>(descriptor.parameterNames());
    valid.add("type");
    valid.add("name");
    for (Iterator<String> keys = params.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!valid.contains(key)) {
        problems.add(locations.problem(path + "." + key,
            "unknown key '" + key + "' for stage type " + entry.type() + "; "
                + SpellingSuggestion.hint(key, valid) + "valid: " + valid));
      }
    }
    for (ParameterDescriptor parameter : descriptor.parameters()) {
      JsonNode value = params.get(parameter.name());
      if (parameter.required() && value != null && value.isNull()) {
        // given but empty: reported at the parameter's own line
        problems.add(locations.problem(path + "." + parameter.name(), "required (" + parameter.type()
            + ") for stage type " + entry.type() + ", got null"));
      } else if (parameter.required() && value == null) {
        problems.add(locations.problem(path, "missing required parameter '" + parameter.name() + "' ("
            + parameter.type() + ") for stage type " + entry.type()));
      }
    }
    for (RecordComponent component : factory.specType().getRecordComponents()) {
      JsonNode value = params.get(component.getName());
      if (value != null && !value.isNull() && valid.contains(component.getName())) {
        binder.bind(value, component.getGenericType(), path + "." + component.getName(), locations, problems);
      }
    }
    if (problems.size() > before) {
      return null;
    }
    // the parameters the type name stands for (prune.obd: criterion obd), never written by a recipe
    factory.impliedParameters().forEach(params::put);
    return binder.bind(params, factory.specType(), path, locations, problems);
  }
}
