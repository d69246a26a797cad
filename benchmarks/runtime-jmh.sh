#!/usr/bin/env bash
# JMH benchmark of the Topiary runtime against DL4J on the same weights
# (deploy/src/test/java/dev/topiary/deploy/bench/RuntimeLatencyBenchmark.java): the 784-300-150-10
# MLP dense and globally pruned to 90 % and 95 %, LeNet-5 and cnn-small, at batch 1 and 64, run by
# DL4J and by the runtime's dense and sparse kernels, one thread, in one JMH run.
#
# Builds the deploy test classes (JMH's annotation processor generates the harness), writes the
# test classpath, then runs JMH's main with OMP_NUM_THREADS=1; the forked JVM enables the Vector
# API. Arguments go to JMH, e.g.
#   benchmarks/runtime-jmh.sh                                        # everything, defaults (about 6 min)
#   benchmarks/runtime-jmh.sh -p network=MLP,MLP_PRUNED_90 -wi 2 -i 3 -w 500ms -r 500ms   # about 1 min
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

classpath_file="deploy/target/jmh-classpath.txt"
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -pl deploy -am \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh-classpath.txt
[[ -s "$classpath_file" ]] || { echo "runtime-jmh.sh: $classpath_file was not written" >&2; exit 1; }

export OMP_NUM_THREADS=1
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -cp "$root/deploy/target/test-classes:$root/deploy/target/classes:$(cat "$classpath_file")" \
  org.openjdk.jmh.Main RuntimeLatencyBenchmark "$@"
