#!/usr/bin/env bash
# Writes the T x alpha grid of distill-classic.yaml (T in {2, 4, 8, 20}, alpha in {0.5, 0.9}) as
# recipes under runs/bench/grid/ and a queue file for run-queue.sh; pick the pair with the best
# validation accuracy (evaluate on the validation split, report on the test split).
#   benchmarks/distill-grid.sh && benchmarks/run-queue.sh runs/bench/grid/queue.txt
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
grid="$root/runs/bench/grid"
mkdir -p "$grid"
: > "$grid/queue.txt"
for t in 2 4 8 20; do
  for a in 0.5 0.9; do
    name="distill-classic-t$t-a$a"
    sed -e "s/^name: distill-classic$/name: $name/" -e "s/temperature: 4/temperature: $t/" -e "s/alpha: 0.9/alpha: $a/" \
      "$root/benchmarks/distill-classic.yaml" > "$grid/$name.yaml"
    echo "runs/bench/grid/$name.yaml 42" >> "$grid/queue.txt"
  done
done
echo "wrote $(wc -l < "$grid/queue.txt") recipes to $grid"
