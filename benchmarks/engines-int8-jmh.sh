#!/usr/bin/env bash
# JMH benchmark of int8 inference (quantization/src/test/java/dev/topiary/quantization/onnx/
# Int8EnginesBenchmark.java), the int8 companion of engines-jmh.sh: the Topiary runtime running the
# model quantize.int8's Int8Quantizer makes, ONNX Runtime Java running that model's QDQ export
# (export.onnx after quantize.int8), and the same weights in fp32 in both engines, one thread each,
# for the 784-300-150-10 MLP and LeNet-5 at batch sizes 1 and 64. (It lives in the quantization
# module because deploy, where engines-jmh.sh's benchmark lives, cannot depend on the quantizer.)
#
# Arguments go to JMH, e.g.
#   benchmarks/engines-int8-jmh.sh                                  # the full table: 16 cases x (5 x 2 s + 10 x 2 s), about 9 min
#   benchmarks/engines-int8-jmh.sh -rf json -rff runs/engines-int8.json
#   benchmarks/engines-int8-jmh.sh -f 1 -wi 1 -i 1 -w 1s -r 1s -p network=MLP -p batchSize=1   # a smoke run
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

classpath_file="quantization/target/jmh-classpath.txt"
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -pl quantization -am \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh-classpath.txt
[[ -s "$classpath_file" ]] || { echo "engines-int8-jmh.sh: $classpath_file was not written" >&2; exit 1; }

export OMP_NUM_THREADS=1
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -cp "$root/quantization/target/test-classes:$root/quantization/target/classes:$(cat "$classpath_file")" \
  org.openjdk.jmh.Main Int8EnginesBenchmark "$@"
