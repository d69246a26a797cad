package dev.topiary.core.data;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.file.Path;

/**
 * A recipe's {@code data:} section: where the examples come from and how they are split. Read by
 * Jackson, polymorphic on the {@code source} key: {@value FashionMnistSampleDataSpec#TYPE} ({@link
 * FashionMnistSampleDataSpec}), {@value FashionMnistDataSpec#TYPE} ({@link FashionMnistDataSpec}),
 * {@value IdxDataSpec#TYPE} ({@link IdxDataSpec}) and {@value CsvDataSpec#TYPE} ({@link
 * CsvDataSpec}). Every source also takes {@code validationFraction}, {@code trainLimit} and
 * {@code testLimit}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "source")
@JsonSubTypes({
    @JsonSubTypes.Type(FashionMnistSampleDataSpec.class),
    @JsonSubTypes.Type(FashionMnistDataSpec.class),
    @JsonSubTypes.Type(IdxDataSpec.class),
    @JsonSubTypes.Type(CsvDataSpec.class)
})
public interface DataSpec {

  /**
   * Loads the data and splits it with {@code seed}.
   *
   * @param baseDirectory the folder relative paths are resolved against (the recipe's folder)
   * @throws DataException if a file is missing, unreadable or malformed
   */
  DataSplits load(Path baseDirectory, long seed) throws DataException;
}
