#!/usr/bin/env bash
# Runs DiffGen's benchmarks and its peers, checks that they agree, and regenerates docs/benchmarks.md.
#
#   build/benchmarks/run.sh                 full run: peers (warm-up, many repetitions, medians), the C# BenchmarkDotNet
#                                           suite, agreement check, docs/benchmarks.md rewritten
#   build/benchmarks/run.sh --short         smoke run (seconds): small sizes, 1 warm-up + 3 repetitions, the C# suite's
#                                           --smoke mode; docs/benchmarks.md is NOT rewritten unless --report is given
#   options: --report (rewrite the doc after --short), --no-install (skip apt-get), --no-csharp (peers only; C# cells
#            read "pending"), --rosenbrock-n N, and after "--" arguments for BenchmarkDotNet (e.g. -- --filter '*Gmm*')
#
# Exit status: 0 when everything that ran agrees; 1 on a value mismatch (MISMATCH lines) or a failed C# run. A peer that
# cannot be installed or fails is reported and marked in the doc, not fatal.
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
[ -f DiffGen.sln ] || { echo "run.sh: $root holds no DiffGen.sln" >&2; exit 2; }

mode=full; report=""; install=1; csharp=1; rosen=10000; bdn_args=()
command_line="build/benchmarks/run.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --short) mode=short ;;
    --report) report=1 ;;
    --no-install) install=0 ;;
    --no-csharp) csharp=0 ;;
    --rosenbrock-n) rosen="$2"; shift ;;
    --) shift; bdn_args=("$@"); break ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$mode" = full ] && report=1

out="$root/artifacts/peers"
mkdir -p "$out"
status=0
say() { echo; echo "=== $*"; }

# ADBench's data: the same folder the C# benchmarks use.
data="${DIFFGEN_ADBENCH_DATA:-$(cd "$root/.." && pwd)/shared/data/adbench}"
export DIFFGEN_ADBENCH_DATA="$data"
[ -d "$data" ] && echo "ADBench inputs: $data" || echo "ADBench inputs: none at $data; random instances (build/peers/README.md)"

if [ "$install" = 1 ]; then say "installing peers"; build/peers/install.sh; fi
# Results of an earlier run must never reach this report.
rm -f "$out/pytorch.json" "$out/pytorch-tensors.json" "$out/pytorch-tensor-ops.json" "$out/adolc.json" "$out/sacado.json" "$out/agreement.json" "$out/csharp-smoke.txt"
# Without --no-install's apt-get, still detect what is there now (install.json of an earlier run may be stale).
[ "$install" = 1 ] || build/peers/install.sh --detect-only >/dev/null 2>&1 || true
jget() { python3 -c "import json,sys; d=json.load(open('$out/install.json')); print(d['$1'].get('$2') or '')" 2>/dev/null; }

torch_python="$(jget pytorch python)"
# torch_peer TITLE SCRIPT OUT WHAT [ARGS...]: one PyTorch script into $out/OUT; a failure or a missing PyTorch is
# reported and its cells (WHAT) read "not run" / "not installed".
torch_peer() {
  local title="$1" script="$2" json="$out/$3" what="$4"; shift 4
  say "$title"
  if [ -z "$torch_python" ]; then echo "PyTorch not installed; $what will read 'not installed'"; return; fi
  "$torch_python" "build/peers/$script" --mode "$mode" --out "$json" "$@" \
    || { echo "$title peer FAILED; $what will read 'not run'"; rm -f "$json"; }
}
torch_peer "PyTorch" torch_bench.py pytorch.json "its cells" --rosenbrock-n "$rosen"
torch_peer "PyTorch tensors (torch.mm, float32, 1 thread and all cores)" torch_tensor_bench.py pytorch-tensors.json \
  "its matrix-product cells"
torch_peer "PyTorch tensor operations (float32, 1 thread and all cores)" torch_tensor_ops_bench.py pytorch-tensor-ops.json \
  "the tensor table's PyTorch cells"

say "ADOL-C"
adolc_version="$(jget adolc version)"
if [ -n "$adolc_version" ]; then
  if g++ -O3 -march=native -ffp-contract=off -std=c++17 -DADOLC_PEER_VERSION="\"$adolc_version\"" \
       build/peers/adolc_bench.cpp -ladolc -o "$out/adolc_bench"; then
    # ADOL-C writes tape files into its working directory when a tape outgrows its buffers.
    mkdir -p "$out/adolc-work"
    (cd "$out/adolc-work" && "$out/adolc_bench" --mode "$mode" --rosenbrock-n "$rosen" --data "$data" --out "$out/adolc.json") \
      || { echo "ADOL-C peer FAILED; its cells will read 'not run'"; rm -f "$out/adolc.json"; }
  else
    echo "ADOL-C peer did not compile; its cells will read 'not run'"
  fi
else
  echo "ADOL-C not installed; its cells will read 'not installed'"
fi

say "Sacado (forward mode)"
sacado_version="$(jget sacado version)"
if [ -n "$sacado_version" ]; then
  if g++ -O3 -march=native -ffp-contract=off -std=c++17 -I"$(jget sacado include)" -DSACADO_PEER_VERSION="\"$sacado_version\"" \
       build/peers/sacado_bench.cpp -o "$out/sacado_bench"; then
    "$out/sacado_bench" --mode "$mode" --rosenbrock-n "$rosen" --data "$data" --out "$out/sacado.json" \
      || { echo "Sacado peer FAILED; its cells will read 'not run'"; rm -f "$out/sacado.json"; }
  else
    echo "Sacado peer did not compile; its cells will read 'not run'"
  fi
else
  echo "Sacado not installed; its cells will read 'not installed'"
fi

bdn_dir="$root/BenchmarkDotNet.Artifacts/results"
if [ "$csharp" = 1 ]; then
  say "C# smoke (values for the agreement check)"
  if dotnet run -c Release --project tests/DiffGen.Benchmarks -- --smoke > "$out/csharp-smoke.txt" 2>&1; then
    tail -n 1 "$out/csharp-smoke.txt"
  else
    echo "C# smoke run FAILED:"; tail -n 20 "$out/csharp-smoke.txt"; status=1
  fi
  if [ "$mode" = full ]; then
    say "C# BenchmarkDotNet suite"
    rm -rf "$bdn_dir"
    dotnet run -c Release --project tests/DiffGen.Benchmarks -- --exporters json "${bdn_args[@]}" || { echo "C# benchmarks FAILED"; status=1; }
  fi
fi

say "agreement"
python3 build/peers/compare.py --peers "$out" --csharp-smoke "$out/csharp-smoke.txt" || status=1

if [ -n "$report" ]; then
  say "report"
  args=(--peers "$out" --command "$command_line")
  # Only this run's BenchmarkDotNet results: none in short runs or without C#.
  if [ "$mode" = short ] || [ "$csharp" = 0 ]; then args+=(--bdn "$out/no-benchmarkdotnet-results"); else args+=(--bdn "$bdn_dir"); fi
  [ "$mode" = short ] && args+=(--short)
  python3 build/benchmarks/report.py "${args[@]}" || status=1
fi
[ "$status" = 0 ] && echo "run.sh: done" || echo "run.sh: FAILED (see above)" >&2
exit "$status"
