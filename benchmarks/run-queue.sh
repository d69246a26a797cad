#!/usr/bin/env bash
# Runs benchmark recipes one after another: each line of the queue file is "RECIPE SEED".
# Outputs go to runs/bench/<recipe name>-s<seed>/; an existing output is kept (skipped).
#   benchmarks/run-queue.sh benchmarks/queue.txt
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
queue="${1:?usage: run-queue.sh QUEUE_FILE}"
mkdir -p "$root/runs/bench"
while read -r recipe seed; do
  [[ -z "$recipe" || "$recipe" == \#* ]] && continue
  name="$(basename "$recipe" .yaml)-s$seed"
  out="$root/runs/bench/$name"
  if [[ -d "$out" ]]; then echo "skip $name (exists)"; continue; fi
  echo "run  $name"
  "$root/topiary" run "$root/$recipe" --seed "$seed" --out "$out" > "$root/runs/bench/$name.log" 2>&1 \
    || echo "FAILED $name (see runs/bench/$name.log)"
done < "$queue"
