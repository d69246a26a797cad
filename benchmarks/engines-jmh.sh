#!/usr/bin/env bash
# JMH benchmark of inference engines on the same weights (deploy/src/test/java/dev/topiary/deploy/onnx/
# InferenceEnginesBenchmark.java): DL4J, ONNX Runtime Java (the file export.onnx writes) and the
# Topiary runtime with dense and with sparse kernels, one thread each, for the 784-300-150-10 MLP
# (dense, globally magnitude-pruned to 90 % and 95 %), LeNet-5 and cnn-small, at batch sizes 1 and 64.
# The int8 engines (Topiary int8 runtime, ONNX Runtime on the QDQ export) are in engines-int8-jmh.sh.
#
# Builds the test classes of deploy and the modules it needs (JMH's annotation processor generates
# the harness at test-compile), writes the test classpath, then runs JMH's own main with one native
# thread (OMP_NUM_THREADS=1, inherited by JMH's forked JVM). Arguments go to JMH, e.g.
#   benchmarks/engines-jmh.sh                                  # the full table: 40 cases x (5 x 2 s + 10 x 2 s), about 22 min
#   benchmarks/engines-jmh.sh -rf json -rff runs/engines.json  # the same, with a JSON result file
#   benchmarks/engines-jmh.sh -p network=MLP -p batchSize=1    # one network, one batch size
#   benchmarks/engines-jmh.sh -f 1 -wi 1 -i 2 -w 1s -r 1s -p network=MLP -p batchSize=1   # a smoke run (~25 s)
#   benchmarks/engines-jmh.sh -p engine=TOPIARY_DENSE,TOPIARY_SPARSE -p network=MLP_PRUNED_90
#   benchmarks/engines-jmh.sh -h                               # JMH's options
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

classpath_file="deploy/target/jmh-classpath.txt"
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -pl deploy -am \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh-classpath.txt
[[ -s "$classpath_file" ]] || { echo "engines-jmh.sh: $classpath_file was not written" >&2; exit 1; }

export OMP_NUM_THREADS=1
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -cp "$root/deploy/target/test-classes:$root/deploy/target/classes:$(cat "$classpath_file")" \
  org.openjdk.jmh.Main InferenceEnginesBenchmark "$@"
