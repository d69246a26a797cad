package dev.topiary.runtime;

/**
 * Whether the JDK's Vector API ({@code jdk.incubator.vector}) is usable: the module is in the boot
 * layer (the JVM was started with {@code --add-modules jdk.incubator.vector}), the kernels link, and
 * they pass a self-test. Without it every kernel runs on plain loops. The system property
 * {@code topiary.runtime.vector=false} turns it off.
 */
final class VectorSupport {

  /** True if the Vector API kernels run. */
  static final boolean AVAILABLE = detect();

  private VectorSupport() {}

  private static boolean detect() {
    if (!Boolean.parseBoolean(System.getProperty("topiary.runtime.vector", "true"))) {
      return false;
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return VectorDense.selfTest();
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }
}
