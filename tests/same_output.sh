#!/bin/sh
# Render every input the tests use, with every template, plain and as PDF/A, into DIR;
# with a second DIR, compare the two sets byte for byte.
#
#   tests/same_output.sh JIANBAO OUTDIR            render
#   tests/same_output.sh JIANBAO OUTDIR REFDIR     render, then cmp every PDF with REFDIR's
#
# A refactoring that must not change the output renders before and after and compares.
set -eu
jianbao=$(realpath "$1")
out=$2
ref=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p "$out"
export LC_ALL=C.UTF-8

inputs="input/*.yaml tests/typesetting/*.yaml tests/tables/*.yaml tests/bad/*.yaml"
templates="default bulletin gbt9704 article tests/templates/*.yaml"
rendered=0
for template in $templates; do
	tname=$(basename "$template" .yaml)
	for pdfa in no yes; do
		for input in $inputs; do
			name=$(echo "$input" | tr / _)
			target="$out/$tname-$pdfa-${name%.yaml}.pdf"
			set --
			[ "$template" = default ] || set -- --template "$template"
			[ "$pdfa" = no ] || set -- "$@" --pdfa
			# bad inputs mostly fail: only the PDFs that are written count
			if "$jianbao" "$@" -o "$target" "$input" 2>/dev/null; then
				rendered=$((rendered + 1))
			elif [ -e "$target" ]; then
				echo "failed but wrote $target" >&2
				exit 1
			fi
		done
	done
done
echo "$rendered PDFs rendered into $out"

[ -n "$ref" ] || exit 0
compared=0
differ=0
for pdf in "$ref"/*.pdf; do
	other="$out/$(basename "$pdf")"
	if ! cmp -s "$pdf" "$other"; then
		echo "differs or missing: $other" >&2
		differ=$((differ + 1))
	fi
	compared=$((compared + 1))
done
extra=$(ls "$out" | while read -r f; do [ -e "$ref/$f" ] || echo "$f"; done)
[ -z "$extra" ] || { echo "only in $out: $extra" >&2; differ=$((differ + 1)); }
echo "$compared PDFs compared, $differ differ"
[ "$differ" -eq 0 ]
