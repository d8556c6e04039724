# Sourced by the benchmarks.
#
# `use_release_rapport` sets `rapport` to $RAPPORT when given (to try a script quickly), else
# builds the release binary and uses it.
use_release_rapport() {
    rapport=${RAPPORT:-}
    if [[ -z $rapport ]]; then
        swift build -c release --product rapport >/dev/null
        rapport=.build/release/rapport
    fi
}

# `measure COMMAND…` runs it with its output in $work/out.txt and sets
# `seconds` (wall time), `cpu_seconds` (user + system, which other work on the machine does not
# inflate) and `megabytes` (peak resident memory), from GNU time.
measure() {
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f "%M %U %S" -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt"
    end=$(date +%s.%N)
    seconds=$(echo "scale=3; ($end - $start) / 1" | bc)
    read -r kilobytes user system <"$work/time.txt"
    megabytes=$((kilobytes / 1024))
    cpu_seconds=$(echo "scale=3; ($user + $system) / 1" | bc)
}
