#!/usr/bin/env bash
# Checks an installed rapport package (after `apt install ./rapport_*.deb` or `dpkg -i`), as root:
#  - /usr/bin/rapport links no Swift library (ldd), and runs (--version, `check` of the packaged
#    config and campaigns as the rapport user) with every Swift toolchain library folder on this
#    machine hidden under an empty tmpfs in a private mount namespace: a machine without Swift;
#  - the installed unit rates an exposure of at most 2.0 in `systemd-analyze security`;
#  - `systemd-analyze verify` accepts the installed unit without a single message;
#  - the user, the folders and their modes that postinst makes.
# Needs no systemd running (a container is fine): systemd-analyze works offline.
# Usage: packaging/check-installed.sh        (.ci/run calls it after dpkg -i)
set -euo pipefail

bin=/usr/bin/rapport
unit=/lib/systemd/system/rapport.service
config=/etc/rapport/rapport.yml
max_exposure=2.0

fail() {
    echo "check-installed: FAIL: $*" >&2
    exit 1
}
step() { echo "check-installed: $*"; }

[ "$(id -u)" = 0 ] || fail "run as root (it uses a private mount namespace and the rapport user)"
[ -x "$bin" ] || fail "$bin is missing: install the package first"

# 1. No Swift library in the dynamic dependencies.
step "ldd $bin"
ldd_output=$(ldd "$bin")
echo "$ldd_output"
if grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime' <<<"$ldd_output"; then
    fail "$bin links a Swift library dynamically (above)"
fi
if grep -q 'not found' <<<"$ldd_output"; then
    fail "$bin needs a library that is not installed (above): the package's Depends: is incomplete"
fi

# 2. The user and folders postinst makes.
step "user and folders"
id rapport >/dev/null 2>&1 || fail "no user rapport"
[ "$(stat -c '%U:%G %a' /var/lib/rapport)" = "rapport:rapport 750" ] ||
    fail "/var/lib/rapport is $(stat -c '%U:%G %a' /var/lib/rapport), want rapport:rapport 750"
for file in /usr/share/man/man1/rapport.1.gz /usr/share/bash-completion/completions/rapport \
    /usr/share/zsh/vendor-completions/_rapport /usr/share/fish/vendor_completions.d/rapport.fish \
    /usr/share/doc/rapport/README.md /usr/share/doc/rapport/copyright; do
    [ -s "$file" ] || fail "$file is missing or empty"
done
# The man page documents every subcommand (mdoc: .Sh sections, one .It Em item per command).
man_page=$(zcat /usr/share/man/man1/rapport.1.gz)
for command in run check preview log import suppress send-test report backup migrate copy-store; do
    grep -q "^\.It Em $command\$" <<<"$man_page" || fail "rapport.1.gz does not document '$command'"
done

# 3. Run without the Swift toolchain: every folder holding a Swift runtime, Foundation or Dispatch
# library is covered by an empty tmpfs in a private mount namespace (the host's mounts are
# untouched), deepest first so that covering a parent cannot hide a child before its turn. As a
# control, the toolchain's own dynamically linked `swift` must then fail to load.
swift_lib_dirs=$(find / -xdev \( -name 'libswift*.so*' -o -name 'libFoundation*.so*' -o -name 'lib_Foundation*.so*' \
    -o -name 'libdispatch.so*' -o -name 'libBlocksRuntime.so*' \) \
    -not -path '/proc/*' -not -path '*/.build*' -not -path '/tmp/*' 2>/dev/null |
    xargs -r -n 1 dirname | sort -ru | tr '\n' ' ')
swift_driver=$(command -v swift || true)
step "hiding Swift library folders: ${swift_lib_dirs:-none on this machine}"
expected_version=$(dpkg-query -W -f='${Version}' rapport)
# shellcheck disable=SC2016 # expanded by the inner shell
unshare --mount --propagation private bash -euo pipefail -c '
    bin=$1 config=$2 expected_version=$3 swift_driver=$4
    shift 4
    for dir in "$@"; do
        mount -t tmpfs -o size=1m,mode=0755 tmpfs "$dir"
    done
    if [ -n "$swift_driver" ] && "$swift_driver" --version >/dev/null 2>&1; then
        echo "check-installed: FAIL: $swift_driver still runs: the Swift libraries are not hidden" >&2
        exit 1
    fi
    version=$("$bin" --version)
    echo "rapport --version: $version"
    [ "$version" = "$expected_version" ] || {
        echo "check-installed: FAIL: rapport --version says $version, the package is $expected_version" >&2
        exit 1
    }
    # As the service runs it: user rapport, which owns what check creates in /var/lib/rapport.
    echo "rapport --config $config check (as user rapport):"
    cd /
    setpriv --reuid=rapport --regid=rapport --init-groups env -i PATH=/usr/bin:/bin "$bin" --config "$config" check
' check-installed "$bin" "$config" "$expected_version" "$swift_driver" $swift_lib_dirs ||
    fail "rapport did not run without the Swift toolchain (above)"

# 4. Exposure.
step "systemd-analyze security --offline=true $unit"
security_output=$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1) || true
exposure_line=$(grep -m 1 'Overall exposure level for rapport.service:' <<<"$security_output" || true)
[ -n "$exposure_line" ] || {
    echo "$security_output" >&2
    fail "no exposure level in systemd-analyze security's output (above)"
}
echo "$exposure_line"
exposure=$(sed -E 's/.*rapport\.service: *([0-9]+(\.[0-9]+)?).*/\1/' <<<"$exposure_line")
awk -v e="$exposure" -v max="$max_exposure" 'BEGIN { exit !(e + 0 <= max + 0) }' ||
    fail "exposure $exposure is above $max_exposure: $(grep '✗' <<<"$security_output")"

# 5. verify: exit 0 and no message at all (a warning is a failure too). It also runs
# `man rapport(1)` for Documentation=, which then checks the installed man page; a machine
# without man-db cannot, so there that one check is left out (--man=no).
man_option=--man=yes
command -v man >/dev/null || man_option=--man=no
step "systemd-analyze verify $man_option $unit"
verify_status=0
verify_output=$(systemd-analyze verify "$man_option" "$unit" 2>&1) || verify_status=$?
if [ "$verify_status" != 0 ] || [ -n "$verify_output" ]; then
    echo "$verify_output" >&2
    fail "systemd-analyze verify exited $verify_status with the messages above"
fi
echo "verify: exit 0, no messages"

step "OK"
