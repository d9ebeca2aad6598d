#!/usr/bin/env bash
# Installs the benchmark peers from Debian's packages (bookworm):
#   python3-torch  PyTorch 1.13 (CPU), tape-based autograd      -> peer "pytorch"
#   libadolc-dev   ADOL-C 2.7 (operator overloading, taping)     -> peer "adolc"
#   libtrilinos-sacado-dev  Trilinos Sacado 13.2 (forward-mode Fad types, header-only) -> peer "sacado"
#   g++            to build build/peers/adolc_bench.cpp and sacado_bench.cpp
#   libopenblas0-pthread  the BLAS behind PyTorch's float32 mm (torch_tensor_bench.py): Debian's torch calls
#                  libblas.so.3, which the alternatives system points at OpenBLAS once it is installed
# A peer that cannot be installed is reported ("NOT INSTALLED: ...") and the script still exits 0; the report then
# marks that peer's cells "not installed". Writes artifacts/peers/install.json with what is available.
# Needs root (or sudo) for apt-get; without it, or with --detect-only, only detects what is already there.
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/artifacts/peers"
mkdir -p "$out"

say() { echo "[peers/install] $*"; }

apt=""
if [ "${1:-}" = --detect-only ]; then :
elif [ "$(id -u)" = 0 ]; then apt="apt-get"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then apt="sudo apt-get"; fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

want=()
for p in python3-torch libadolc-dev libtrilinos-sacado-dev g++ libopenblas0-pthread; do installed "$p" || want+=("$p"); done
if [ ${#want[@]} -gt 0 ]; then
  if [ -n "$apt" ] && command -v apt-get >/dev/null; then
    say "installing: ${want[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # One package at a time, so that one that is missing does not prevent the others.
    for p in "${want[@]}"; do
      if ! $apt install -y -q --no-install-recommends "$p" >/dev/null 2>"$out/apt-$p.err"; then
        say "apt-get install $p failed; trying once more after apt-get update"
        $apt update -q >/dev/null 2>&1 || true
        $apt install -y -q --no-install-recommends "$p" >/dev/null 2>>"$out/apt-$p.err" || say "apt-get install $p failed: $(tail -n 2 "$out/apt-$p.err" | tr '\n' ' ')"
      fi
    done
  else
    say "not installing ${want[*]} (--detect-only, or no apt-get with root rights); using what is already there"
  fi
fi

# PyTorch: Debian's python3-torch lives in /usr/lib/python3/dist-packages, visible to /usr/bin/python3 (not to a
# pyenv/venv python). Use the first interpreter that imports torch.
torch_python=""; torch_version=""
for py in /usr/bin/python3 python3; do
  if v=$("$py" -c 'import torch; print(torch.__version__)' 2>/dev/null); then torch_python="$(command -v "$py")"; torch_version="$v"; break; fi
done
if [ -n "$torch_python" ]; then say "pytorch $torch_version via $torch_python"; else say "NOT INSTALLED: pytorch (python3-torch); its cells will read 'not installed'"; fi

# BLAS: libblas.so.3 is a Debian alternative; OpenBLAS's has the highest priority, so auto mode selects it. Select it
# explicitly when the link was set by hand to another (the reference BLAS is ~20× slower for torch.mm).
blas_link="libblas.so.3-x86_64-linux-gnu"
openblas_lib="/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"
if [ -f "$openblas_lib" ] && command -v update-alternatives >/dev/null; then
  current="$(update-alternatives --query "$blas_link" 2>/dev/null | sed -n 's/^Value: //p')"
  if [ "$current" != "$openblas_lib" ]; then
    if [ "$(id -u)" = 0 ]; then update-alternatives --set "$blas_link" "$openblas_lib" >/dev/null && say "libblas.so.3 -> OpenBLAS";
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo update-alternatives --set "$blas_link" "$openblas_lib" >/dev/null && say "libblas.so.3 -> OpenBLAS";
    else say "libblas.so.3 points at ${current:-?}, not OpenBLAS, and there are no root rights to change it"; fi
  fi
fi
blas_path="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)"
openblas_version="$(dpkg-query -W -f='${Version}' libopenblas0-pthread 2>/dev/null || true)"
case "$blas_path" in
  *openblas*) blas_name="OpenBLAS $openblas_version (pthreads)" ;;
  "") blas_name="" ;;
  *) blas_name="other ($blas_path)" ;;
esac
if [ -n "$blas_name" ]; then say "BLAS (libblas.so.3): $blas_name, $blas_path"; else say "NOT INSTALLED: a BLAS (libblas.so.3)"; fi

# ADOL-C: header plus library, and a C++ compiler.
adolc_version=""; cxx=""
command -v g++ >/dev/null && cxx="g++"
if [ -n "$cxx" ] && [ -f /usr/include/adolc/adolc.h ]; then
  adolc_version="$(dpkg-query -W -f='${Version}' libadolc-dev 2>/dev/null || true)"
  [ -n "$adolc_version" ] || adolc_version="unknown"
  say "adolc $adolc_version (header /usr/include/adolc/adolc.h, compiler $cxx)"
else
  adolc_version=""
  [ -n "$cxx" ] || say "NOT INSTALLED: g++"
  say "NOT INSTALLED: adolc (libadolc-dev); its cells will read 'not installed'"
fi

# Sacado: the Fad headers (sacado_bench.cpp needs no library; see the comment at its top) and a C++ compiler.
sacado_include="/usr/include/trilinos"
sacado_version=""
if [ -n "$cxx" ] && [ -f "$sacado_include/Sacado_No_Kokkos.hpp" ]; then
  sacado_version="$(dpkg-query -W -f='${Version}' libtrilinos-sacado-dev 2>/dev/null || true)"
  [ -n "$sacado_version" ] || sacado_version="unknown"
  say "sacado $sacado_version (headers $sacado_include, compiler $cxx)"
else
  say "NOT INSTALLED: sacado (libtrilinos-sacado-dev); its cells will read 'not installed'"
fi

python_for_json="${torch_python:-python3}"
"$python_for_json" - "$out/install.json" "$torch_python" "$torch_version" "$adolc_version" "$cxx" "$blas_name" "$blas_path" "$sacado_version" "$sacado_include" <<'PY'
import json, sys
path, tp, tv, av, cxx, blas, blas_path, sv, si = sys.argv[1:10]
json.dump({"pytorch": {"installed": bool(tp), "python": tp, "version": tv},
           "adolc": {"installed": bool(av), "version": av, "cxx": cxx},
           "sacado": {"installed": bool(sv), "version": sv, "cxx": cxx, "include": si if sv else ""},
           "blas": {"installed": bool(blas), "library": blas, "libblas_so_3": blas_path}}, open(path, "w"), indent=2)
PY
exit 0
