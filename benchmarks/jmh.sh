#!/usr/bin/env bash
# JMH benchmarks of inference latency (pipeline/src/test/java/dev/topiary/pipeline/bench): the
# dense 784-300-150-10 MLP against the same MLP with half its hidden units removed by structured
# pruning, at batch sizes 1 and 64, through Topiary's Inference interface and through bare DL4J.
#
# Builds the test classes of the pipeline and the modules it needs (JMH's annotation processor
# generates the harness at test-compile), writes the test classpath, then runs JMH's own main with
# one native thread (OMP_NUM_THREADS=1, inherited by JMH's forked JVM). Arguments go to JMH, e.g.
#   benchmarks/jmh.sh                                    # the defaults: 5 x 2 s warm-up, 10 x 2 s measured, 1 fork (about 10 min)
#   benchmarks/jmh.sh -wi 2 -i 3 -w 1s -r 1s -f 1        # a quick check
#   benchmarks/jmh.sh -p batchSize=1 -rf json -rff runs/jmh.json
#   benchmarks/jmh.sh -h                                 # JMH's options
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

classpath_file="pipeline/target/jmh-classpath.txt"
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -pl pipeline -am \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh-classpath.txt
[[ -s "$classpath_file" ]] || { echo "jmh.sh: $classpath_file was not written" >&2; exit 1; }

export OMP_NUM_THREADS=1
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -cp "$root/pipeline/target/test-classes:$root/pipeline/target/classes:$(cat "$classpath_file")" \
  org.openjdk.jmh.Main InferenceLatencyBenchmark "$@"
