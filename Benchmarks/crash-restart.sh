#!/usr/bin/env bash
# The crash guarantee, measured: runs CrashRestartEndToEndTests (10,000 due messages unless told)
# `runs` times, each with a fresh seed, and prints each run's figures. In each run the daemon is
# SIGKILLed at five random moments while it delivers to a real SMTP server (aiosmtpd), restarted
# each time, and left to drain; duplicates are messages the server received twice (same
# Message-ID), attributed to the kill after which they were resent; warnings are the resends the
# daemon logged as possible duplicates. Not a unit test.
#
# Usage: Benchmarks/crash-restart.sh [messages] [runs]   (defaults: 10000 1)
# Needs: what `swift test` needs (python3-aiosmtpd). SCRATCH=path sets SwiftPM's --scratch-path;
# RAPPORT_TEST_SEED=N replays a run's kill moments.
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-10000}
runs=${2:-1}
scratch=()
if [[ -n ${SCRATCH:-} ]]; then scratch=(--scratch-path "$SCRATCH"); fi

swift build --build-tests "${scratch[@]}" >/dev/null
printf '%-4s %-21s %9s %6s %8s %11s %10s %9s %8s %8s\n' \
    run seed messages kills workers duplicates per_kill warnings drain_s total_s
for run in $(seq 1 "$runs"); do
    output=$(RAPPORT_CRASH_MESSAGES=$messages swift test --skip-build "${scratch[@]}" \
        --filter CrashRestartEndToEndTests 2>&1) || { echo "$output" | grep -v '^20[0-9][0-9]-' | tail -40; exit 1; }
    line=$(echo "$output" | grep -o 'crash figures: .*')
    field() { echo "$line" | grep -o "$1=[^ ]*" | cut -d= -f2; }
    printf '%-4s %-21s %9s %6s %8s %11s %10s %9s %8s %8s\n' "$run" "$(field seed)" "$(field messages)" \
        "$(field kills)" "$(field workers)" "$(field duplicates)" "$(field per_kill)" \
        "$(field resend_warnings)" "$(field drain_s)" "$(field total_s)"
done
