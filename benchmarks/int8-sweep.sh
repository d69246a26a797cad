#!/usr/bin/env bash
# Int8 post-training quantization of one saved fp32 model (by default the MLP of `topiary run
# benchmarks/mlp-dense.yaml --out runs/bench/mlp-dense-s42`; pass the LeNet-5 model.zip for the
# LeNet-5 table) with every calibration method × weight granularity, bias correction on and off,
# and quantize.dynamic. Each point is one `topiary run` of a generated recipe that loads the model;
# outputs go to runs/bench/int8/<model>-<point>/, then the script prints one line per point: test
# accuracy, its drop against the fp32 model, the int8 and fp32 runtime file sizes and the stage's
# measured int8-vs-fp32 verdict.
#   benchmarks/int8-sweep.sh [MODEL_ZIP] [LABEL]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$(realpath "${1:-$root/runs/bench/mlp-dense-s42/model.zip}")"
label="${2:-mlp}"
out="$root/runs/bench/int8"
mkdir -p "$out/recipes"
point() {  # name, stage yaml
  local name="$label-$1"
  cat > "$out/recipes/$name.yaml" <<RECIPE
name: int8-$name
seed: 42
data:
  source: fashion-mnist
  validationFraction: 0.1
model:
  file: $model
stages:
$2
RECIPE
  [[ -d "$out/$name" ]] || "$root/topiary" run "$out/recipes/$name.yaml" --out "$out/$name" > "$out/$name.log" 2>&1 \
    || { echo "FAILED $name (see $out/$name.log)"; return; }
  python3 - "$out/$name/report.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
base, stage = r["baseline"], r["stages"][0]
d = stage["diagnostics"]
print(f'{sys.argv[2]:<40} accuracy {stage["metrics"]["accuracy"]:.4f}  drop {base["accuracy"] - stage["metrics"]["accuracy"]:+.4f}'
      f'  int8 {d["fileBytes"]["int8Runtime"]:,} B  fp32 {d["fileBytes"]["fp32Runtime"]:,} B  {d.get("speed", {}).get("verdict", "")}')
PY
}
for weights in per-channel per-tensor; do
  for calibration in minmax percentile entropy mse; do
    point "$calibration-$weights" "  - {type: quantize.int8, weights: $weights, calibration: $calibration}"
  done
done
point "entropy-per-channel-no-bias-correction" "  - {type: quantize.int8, biasCorrection: false}"
point "mse-per-channel-no-bias-correction" "  - {type: quantize.int8, calibration: mse, biasCorrection: false}"
point "entropy-per-channel-symmetric" "  - {type: quantize.int8, activations: symmetric}"
point "dynamic-per-channel" "  - {type: quantize.dynamic}"
point "fallback-0.001" "  - {type: quantize.int8, weights: per-tensor, calibration: minmax, maxAccuracyDrop: 0.001}"
