#!/bin/bash
# Sources the bash completion and checks what it offers: options, template
# names (from JIANBAO_DATA_DIR, or from beside the jianbao found on PATH),
# limit names, and .yaml files. Usage: check_completion.sh SOURCE_ROOT [BINDIR]
set -u
root=$1
source /usr/share/bash-completion/bash_completion
source "$root/completions/jianbao"
failures=0

# The candidates bash would offer for a command line (the cursor at its end).
candidates() {
    COMP_LINE=$1
    read -ra COMP_WORDS <<<"$1"
    [[ $1 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _jianbao jianbao "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}

expect() { # LINE EXPECTED: the candidates must be exactly these
    local got
    got=$(candidates "$1")
    if [[ $got != "$2" ]]; then
        echo "FAIL: '$1' offered '$got', expected '$2'"
        failures=$((failures + 1))
    fi
}

expect_has() { # LINE WORD: the candidates must include WORD
    local got
    got=$(candidates "$1")
    if [[ " $got " != *" $2 "* ]]; then
        echo "FAIL: '$1' offered '$got', missing '$2'"
        failures=$((failures + 1))
    fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/2024/sub" "$work/data/templates"
touch "$work/2024/a.yaml" "$work/2024/b.yml" "$work/2024/notes.txt" "$work/2024/c.pdf"
cd "$work"

expect "jianbao --te" "--template "
expect "jianbao --w" "--watch "
expect "jianbao --s" "--shard --strict "
expect "jianbao --sh" "--shard "
expect "jianbao --man" "--manifest "
expect "jianbao --fo" "--fonts --force --format "
expect "jianbao --format " "ofd pdf "
expect_has "jianbao -" "--new"
expect_has "jianbao -" "--check"
expect_has "jianbao -" "--pdfa"
expect_has "jianbao -" "--force"
expect "jianbao --limit pa" "pages= paragraph= "
expect "jianbao 2024/" "2024/a.yaml 2024/b.yml 2024/sub "
expect "jianbao -o out.pdf 2024/" "2024/a.yaml 2024/b.yml 2024/sub "
expect "jianbao -o 2024/" "2024/c.pdf 2024/sub "

export JIANBAO_DATA_DIR="$root"
expect "jianbao --template g" "gbt9704 "
expect_has "jianbao --template " "bulletin"
expect_has "jianbao --template " "article"
# A data directory of one's own offers its templates, and nothing else.
touch "$work/data/templates/county.yaml"
JIANBAO_DATA_DIR="$work/data" expect "jianbao --template c" "county "
# Without the variable, the templates beside the jianbao on PATH.
if [[ $# -ge 2 ]]; then
    unset JIANBAO_DATA_DIR
    PATH="$2:$PATH" expect_has "jianbao --template " "gbt9704"
fi

[[ $failures -eq 0 ]] && echo "completion: all checks passed"
exit $((failures > 0))
