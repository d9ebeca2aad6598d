#!/usr/bin/env bash
# Installs the benchmark peers from Debian's packages (bookworm):
#   python3-torch  PyTorch 1.13 (CPU), tape-based autograd      -> peer "pytorch"
#   libadolc-dev   ADOL-C 2.7 (operator overloading, taping)     -> peer "adolc"
#   g++            to build build/peers/adolc_bench.cpp
# A peer that cannot be installed is reported ("NOT INSTALLED: ...") and the script still exits 0; the report then
# marks that peer's cells "not installed". Writes artifacts/peers/install.json with what is available.
# Needs root (or sudo) for apt-get; without it, only detects what is already there.
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/artifacts/peers"
mkdir -p "$out"

say() { echo "[peers/install] $*"; }

apt=""
if [ "$(id -u)" = 0 ]; then apt="apt-get"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then apt="sudo apt-get"; fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

want=()
for p in python3-torch libadolc-dev g++; do installed "$p" || want+=("$p"); done
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
    say "no apt-get with root rights: not installing ${want[*]}; using what is already there"
  fi
fi

# PyTorch: Debian's python3-torch lives in /usr/lib/python3/dist-packages, visible to /usr/bin/python3 (not to a
# pyenv/venv python). Use the first interpreter that imports torch.
torch_python=""; torch_version=""
for py in /usr/bin/python3 python3; do
  if v=$("$py" -c 'import torch; print(torch.__version__)' 2>/dev/null); then torch_python="$(command -v "$py")"; torch_version="$v"; break; fi
done
if [ -n "$torch_python" ]; then say "pytorch $torch_version via $torch_python"; else say "NOT INSTALLED: pytorch (python3-torch); its cells will read 'not installed'"; fi

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

python_for_json="${torch_python:-python3}"
"$python_for_json" - "$out/install.json" "$torch_python" "$torch_version" "$adolc_version" "$cxx" <<'PY'
import json, sys
path, tp, tv, av, cxx = sys.argv[1:6]
json.dump({"pytorch": {"installed": bool(tp), "python": tp, "version": tv},
           "adolc": {"installed": bool(av), "version": av, "cxx": cxx}}, open(path, "w"), indent=2)
PY
exit 0
