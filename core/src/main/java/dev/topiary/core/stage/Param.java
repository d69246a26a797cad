package dev.topiary.core.stage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents one parameter of a stage's record: its meaning and, for optional parameters, the
 * default the record's constructor fills in. A parameter without a default is required: the
 * recipe compiler reports it as missing before the record is built.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Param {
  /** What the parameter means, with its unit and range. */
  String value();

  /** The default as a recipe would write it; empty for a required parameter. */
  String defaultValue() default "";

  /** True if the parameter may be left out although it has no default (null means "not set"). */
  boolean optional() default false;
}
