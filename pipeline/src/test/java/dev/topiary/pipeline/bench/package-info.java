/**
 * JMH benchmarks: independent timings of Topiary's models, for the speed claims in the docs.
 *
 * <p>They live in the test sources so that JMH's annotation processor runs at test-compile and
 * nothing of JMH reaches the shipped jars. They are not tests: {@code ./mvnw test} never runs
 * them; {@code benchmarks/jmh.sh} does.
 */
package dev.topiary.pipeline.bench;
