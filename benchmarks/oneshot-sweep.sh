#!/usr/bin/env bash
# One-shot pruning without retraining over a range of sparsities, for several criteria, all from
# one saved dense model (by default the model of `topiary run benchmarks/mlp-dense.yaml --out
# runs/bench/mlp-dense-s42`). Each point is one `topiary run` of a generated recipe that loads
# that model; outputs go to runs/bench/sweep/<criterion>-<scope>-<sparsity>/, then the script
# prints one line per point (accuracy on the full Fashion-MNIST test split).
#   benchmarks/oneshot-sweep.sh [MODEL_ZIP]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$(realpath "${1:-$root/runs/bench/mlp-dense-s42/model.zip}")"
out="$root/runs/bench/sweep"
mkdir -p "$out/recipes"
for sparsity in 0.5 0.7 0.8 0.9; do
  for criterion in magnitude obd; do
    for scope in global layer; do
      name="$criterion-$scope-${sparsity#0.}"
      extra=""
      [[ "$criterion" == obd ]] && extra=$'\n    calibrationExamples: 1000\n    curvature: gauss-newton'
      cat > "$out/recipes/$name.yaml" <<RECIPE
name: sweep-$name
seed: 42
data:
  source: fashion-mnist
  validationFraction: 0.1
model:
  file: $model
stages:
  - type: prune.$criterion
    name: pruned
    sparsity: $sparsity
    scope: $scope$extra
RECIPE
      [[ -d "$out/$name" ]] || "$root/topiary" run "$out/recipes/$name.yaml" --out "$out/$name" > "$out/$name.log" 2>&1
      printf '%-8s %-6s %s  accuracy %s\n' "$criterion" "$scope" "$sparsity" \
        "$(grep -o '"accuracy" : [0-9.]*' "$out/$name/report.json" | tail -1 | cut -d' ' -f3)"
    done
  done
done
