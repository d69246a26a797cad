package dev.topiary.runtime;

/** Facts about the runtime module itself; a placeholder until the engine lands. */
public final class TopiaryRuntime {

  /** The Maven artifact id of this module. */
  public static final String ARTIFACT_ID = "topiary-runtime";

  private TopiaryRuntime() {}

  /** True: the runtime needs nothing but the JDK, so a compressed model ships with one small jar. */
  public static boolean dependsOnJdkOnly() {
    return true;
  }
}
