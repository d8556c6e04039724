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

# Debian's python3, which has aiosmtpd, even when another python3 comes first in PATH.
python=/usr/bin/python3

# `free_port` prints a loopback port nothing listens on now.
free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

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
