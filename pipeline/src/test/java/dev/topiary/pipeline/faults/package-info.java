/**
 * Fault and soak tests (JUnit tag {@code faults}): the command line in separate JVMs, killed,
 * raced and run long. Left out of the ordinary {@code ./mvnw test}; {@code .ci/run} runs them
 * after the main tests with {@code -Dtopiary.testGroups=faults}.
 */
package dev.topiary.pipeline.faults;
