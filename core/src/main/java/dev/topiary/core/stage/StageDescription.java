package dev.topiary.core.stage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The one-line meaning of a stage type, on its parameter record; {@code topiary stages} shows it. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StageDescription {
  /** One sentence: what the stage does to the model. */
  String value();
}
