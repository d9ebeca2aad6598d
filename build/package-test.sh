#!/usr/bin/env bash
# The package as a user gets it: packs every runtime project under src/ into a local folder feed, then, in a temp
# folder outside the repository, creates a console project, adds `DiffGen` by version (restored from that feed only,
# framework packages from the machine's configured source, into a fresh packages folder so no cached DiffGen is used),
# builds README's example (the block marked `package-test: Program.cs`) and checks what it prints. A second project
# takes the package's analyzer out of its compilation and must get DIFFGEN001 (the generator is not running), not a bare
# CS0117. Exits non-zero on anything off. Extra arguments go to `dotnet pack` (CI passes --no-build after its build).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/diffgen-package-test.XXXXXX")"
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
fail() { echo "package-test: FAILED: $*" >&2; exit 1; }
case "$work" in "$repo"/*) fail "the temp folder $work is inside the repository" ;; esac

# 1. Pack. Projects that are not packable (the generator, which ships inside DiffGen) produce nothing.
feed="$work/feed"
for project in "$repo"/src/*/*.csproj; do
  dotnet pack "$project" -c Release -nologo -v quiet -p:PackageOutputPath="$feed" "$@"
done
nupkg="$(ls "$feed" | grep -E '^DiffGen\.[0-9][^/]*\.nupkg$' || true)"
[ "$(printf '%s\n' "$nupkg" | grep -c .)" = 1 ] || fail "expected one DiffGen.<version>.nupkg in the feed, found: $(ls "$feed")"
version="${nupkg#DiffGen.}"; version="${version%.nupkg}"
[ -f "$feed/DiffGen.$version.snupkg" ] || fail "no symbol package DiffGen.$version.snupkg"
entries="$(unzip -Z1 "$feed/$nupkg")"
for entry in lib/net10.0/DiffGen.dll lib/net10.0/DiffGen.xml analyzers/dotnet/cs/DiffGen.Generator.dll analyzers/dotnet/cs/DiffGen.CodeFixes.dll \
             buildTransitive/DiffGen.targets README.md; do
  grep -qx "$entry" <<<"$entries" || fail "$nupkg has no $entry; it has: $entries"
done
echo "package-test: packed $nupkg ($(grep -c . <<<"$entries") entries) in $((SECONDS - started)) s"

# 2. A NuGet configuration that sees the feed (DiffGen* only from there) and the machine's own sources for the rest
#    (System.Numerics.Tensors); the repository's projects are nowhere in sight.
sources="$(cd "$work" && dotnet nuget list source --format short | awk '$1 == "E" { print $2 }')"
[ -n "$sources" ] || fail "the machine's NuGet configuration lists no enabled source"
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"diffgen-local\" value=\"$feed\" />"
  i=0; while read -r source; do echo "    <add key=\"machine$i\" value=\"$source\" />"; i=$((i + 1)); done <<<"$sources"
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="diffgen-local"><package pattern="DiffGen" /><package pattern="DiffGen.*" /></packageSource>'
  i=0; while read -r source; do echo "    <packageSource key=\"machine$i\"><package pattern=\"*\" /></packageSource>"; i=$((i + 1)); done <<<"$sources"
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} > "$work/nuget.config"
export NUGET_PACKAGES="$work/packages"

# 3. README's example, built and run from the package.
program="$(awk '/<!-- package-test: Program.cs/ { marked = 1; next }
                marked && /^```csharp/ { inside = 1; next }
                inside && /^```/ { exit }
                inside { print }' "$repo/README.md")"
[ -n "$program" ] || fail "README.md has no \`\`\`csharp block after the marker '<!-- package-test: Program.cs'"
cd "$work"
dotnet new console -o Fit --no-restore > /dev/null
printf '%s\n' "$program" > Fit/Program.cs
dotnet add Fit/Fit.csproj package DiffGen --version "$version" > "$work/add.log" 2>&1 || { cat "$work/add.log"; fail "dotnet add package DiffGen --version $version"; }
[ -d "$NUGET_PACKAGES/diffgen/$version" ] || fail "DiffGen $version was not restored from the local feed"
dotnet build Fit -c Release -nologo -warnaserror > "$work/build.log" 2>&1 || { cat "$work/build.log"; fail "the consumer project does not build"; }
output="$(dotnet run --project Fit -c Release --no-build)"
echo "$output" | sed 's/^/package-test: Fit prints: /'
expected=$'loss 36, dW -36, dLoss/dw -36\nw 4.000000'
[ "$output" = "$expected" ] || fail "the example printed"$'\n'"$output"$'\n'"instead of"$'\n'"$expected"

# 4. The same program with the generator taken out of the compilation (a target that removes the package's analyzer, as
#    people do to switch an analyzer off; ExcludeAssets="analyzers" is not honoured by the SDK for analyzers): the build
#    must name the cause (DIFFGEN001).
mkdir NoGenerator
cp Fit/Program.cs NoGenerator/
remove='  <Target Name="RemoveDiffGenGenerator" AfterTargets="ResolveLockFileAnalyzers">\n    <ItemGroup><Analyzer Remove="@(Analyzer)" Condition="'"'"'%(Filename)'"'"' == '"'"'DiffGen.Generator'"'"'" /></ItemGroup>\n  </Target>'
sed "s|^</Project>|$remove\n</Project>|" Fit/Fit.csproj > NoGenerator/NoGenerator.csproj
grep -q 'RemoveDiffGenGenerator' NoGenerator/NoGenerator.csproj || fail "could not write the project without the generator from: $(cat Fit/Fit.csproj)"
if dotnet build NoGenerator -c Release -nologo > "$work/nogenerator.log" 2>&1; then
  cat "$work/nogenerator.log"; fail "the project without the generator built"
fi
grep -q 'warning DIFFGEN001: The DiffGen source generator is not running' "$work/nogenerator.log" \
  || { cat "$work/nogenerator.log"; fail "the project without the generator got no DIFFGEN001"; }
echo "package-test: without the generator the build says: $(grep -o 'DIFFGEN001: [^(]*' "$work/nogenerator.log" | head -1)"

# 5. README's tensor example, from the DiffGen.Tensors package alone (its dependency brings DiffGen and the generator).
tensors="$(awk '/<!-- package-test: Tensors.cs/ { marked = 1; next }
                marked && /^```csharp/ { inside = 1; next }
                inside && /^```/ { exit }
                inside { print }' "$repo/README.md")"
[ -n "$tensors" ] || fail "README.md has no \`\`\`csharp block after the marker '<!-- package-test: Tensors.cs'"
dotnet new console -o TensorFit --no-restore > /dev/null
printf '%s\n' "$tensors" > TensorFit/Program.cs
dotnet add TensorFit/TensorFit.csproj package DiffGen.Tensors --version "$version" > "$work/add-tensors.log" 2>&1 || { cat "$work/add-tensors.log"; fail "dotnet add package DiffGen.Tensors --version $version"; }
dotnet build TensorFit -c Release -nologo -warnaserror > "$work/build-tensors.log" 2>&1 || { cat "$work/build-tensors.log"; fail "the tensor consumer project does not build"; }
output="$(dotnet run --project TensorFit -c Release --no-build)"
echo "$output" | sed 's/^/package-test: TensorFit prints: /'
expected='loss 0.6666667, dW [-4, -5.3333335], dB [-1.3333334]'
[ "$output" = "$expected" ] || fail "the tensor example printed"$'\n'"$output"$'\n'"instead of"$'\n'"$expected"

echo "package-test: passed in $((SECONDS - started)) s"
