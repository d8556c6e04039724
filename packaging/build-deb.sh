#!/usr/bin/env bash
# Builds the Debian package of Rapport: rapport_<version>_<arch>.deb in .build-release/deb/.
# The last line of stdout is the absolute path of the .deb, for scripts:
#   deb=$(packaging/build-deb.sh | tail -n 1) && apt install "$deb"
#
# The binary is a release build with the Swift runtime and Foundation linked in statically
# (--static-swift-stdlib), so the package needs no Swift toolchain, only Debian 12 libraries
# (libc6, libcurl4, libsqlite3-0, libstdc++6, …) that dpkg-shlibdeps finds from the binary's own
# imports.
# Needs: the Swift toolchain, dpkg-dev (dpkg-shlibdeps), binutils (strip), gzip.
# The build goes to .build-release (never .build, which a developer's debug builds and tests use).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scratch="$root/.build-release"
out="$scratch/deb"

log() { echo "build-deb: $*" >&2; }

# 1. The release binary. Swift's own progress goes to stderr: stdout ends with the .deb's path.
log "swift build -c release --static-swift-stdlib (minutes from scratch)"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product rapport >&2
bin="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/rapport"

if ldd "$bin" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|lib_Foundation' >&2; then
    log "the binary still links the Swift runtime or Foundation dynamically (above)"
    exit 1
fi

version=$("$bin" --version)
arch=$(dpkg --print-architecture)
# Reproducible dates (the man page's, the files' mtimes): the last commit's, unless set.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
day=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
log "version $version, architecture $arch"

stage="$out/rapport_${version}_${arch}"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN"
doc="$stage/usr/share/doc/rapport"

# 2. The program, stripped of its symbol table (Swift's metadata sections stay: they are loaded).
install -D -m 0755 "$bin" "$stage/usr/bin/rapport"
strip --strip-all "$stage/usr/bin/rapport"

# 3. The unit, the config, the campaigns.
install -D -m 0644 systemd/rapport.service "$stage/lib/systemd/system/rapport.service"
install -D -m 0644 packaging/rapport.yml "$stage/etc/rapport/rapport.yml"
install -d -m 0755 "$stage/etc/rapport/campaigns" "$doc/examples/campaigns"
install -m 0644 config/rapport.yml config/sms-body.json config/sample-customers.csv "$doc/examples/"
# Campaign files and the partials folder beside them (campaigns/partials/*.mustache).
while IFS= read -r file; do
    install -D -m 0644 "$file" "$doc/examples/$file"
    case "$file" in
    *.example) ;; # stays an example: its transport is not configured by default
    *) install -D -m 0644 "$file" "$stage/etc/rapport/$file" ;;
    esac
done < <(find campaigns -type f | sort)

# The shipped config and campaigns must pass `rapport check`, or ExecStartPre= would refuse to
# start the service after install. Checked with the packaged files, the writable paths moved into
# a scratch folder so nothing is created under /var/lib/rapport on the build machine.
checkdir=$(mktemp -d)
trap 'rm -rf "$checkdir"' EXIT
sed -e "s#/var/lib/rapport#$checkdir/state#g" -e "s#/etc/rapport/campaigns#$stage/etc/rapport/campaigns#g" \
    packaging/rapport.yml >"$checkdir/rapport.yml"
if ! "$bin" --config "$checkdir/rapport.yml" check >"$checkdir/check.out" 2>&1; then
    cat "$checkdir/check.out" >&2
    log "the packaged config or campaigns fail rapport check (above); fix them before packaging"
    exit 1
fi

# 4. The man page: swift-argument-parser's generate-manual (the tool behind its generate-manual
# plugin) reads `rapport --experimental-dump-help` and writes one mdoc page with every subcommand.
# The tool is built from the checkout this build already resolved, not through
# `swift package plugin generate-manual`: the plugin first rebuilds every product of the package in
# a configuration of its own (it recompiled all dependencies again, doubling the build), only to
# run this same tool on the binary.
log "man page (swift-argument-parser's generate-manual)"
swift build --package-path "$scratch/checkouts/swift-argument-parser" --scratch-path "$scratch/generate-manual" \
    --product generate-manual >&2
mandir="$checkdir/man"
mkdir -p "$mandir"
"$scratch/generate-manual/debug/generate-manual" "$bin" --date "$day" --authors "the Rapport developers" \
    --output-directory "$mandir" >&2
man="$mandir/rapport.1"
[ -s "$man" ] || { log "generate-manual wrote no rapport.1"; exit 1; }
# A blank line in a command's discussion becomes a blank mdoc line, which groff warns about
# ("mdoc warning: Empty input line"); .Pp is mdoc's paragraph break and renders the same.
install -d -m 0755 "$stage/usr/share/man/man1"
sed 's/^$/.Pp/' "$man" | gzip -9n >"$stage/usr/share/man/man1/rapport.1.gz"

# 5. Shell completions.
install -d -m 0755 "$stage/usr/share/bash-completion/completions" "$stage/usr/share/zsh/vendor-completions" \
    "$stage/usr/share/fish/vendor_completions.d"
"$bin" --generate-completion-script bash >"$stage/usr/share/bash-completion/completions/rapport"
"$bin" --generate-completion-script zsh >"$stage/usr/share/zsh/vendor-completions/_rapport"
"$bin" --generate-completion-script fish >"$stage/usr/share/fish/vendor_completions.d/rapport.fish"

# 6. Documentation: the README, the changelog, and the licenses of what the binary bundles.
install -m 0644 README.md "$doc/README.md"
gzip -9n -c CHANGELOG.md >"$doc/changelog.gz"
{
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: rapport"
    echo
    echo "Files: *"
    echo "Copyright: the Rapport developers"
    echo "License: no license is stated in Rapport's source tree; ask the developers."
    echo
    echo "The binary /usr/bin/rapport statically links the Swift runtime, Foundation and Dispatch"
    echo "(Apache-2.0 with Runtime Library Exception, https://swift.org/LICENSE.txt) and these Swift"
    echo "packages, each under the license whose text is in /usr/share/doc/rapport/licenses/:"
    for checkout in "$scratch"/checkouts/*/; do
        name=$(basename "$checkout")
        license=$(find "$checkout" -maxdepth 1 -iname 'LICENSE*' | head -n 1)
        [ -n "$license" ] || continue
        install -D -m 0644 "$license" "$doc/licenses/$name"
        echo "  $name: $(grep -m 1 -E '[A-Za-z]' "$license" | sed 's/^ *//')"
    done
} >"$doc/copyright"
chmod 0644 "$doc/copyright"

# 7. Maintainer scripts and control data.
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$stage/DEBIAN/"
# Upgrades never overwrite an edited config or campaign (dpkg asks, or keeps the operator's).
(cd "$stage" && find etc -type f | sort | sed 's#^#/#') >"$stage/DEBIAN/conffiles"

# Runtime libraries from the binary's own NEEDED entries: dpkg-shlibdeps maps each to its Debian
# package and minimum version. It wants a debian/control, so it runs in a scratch tree.
mkdir -p "$checkdir/shlibs/debian"
touch "$checkdir/shlibs/debian/control"
depends=$(cd "$checkdir/shlibs" && dpkg-shlibdeps -O -e"$stage/usr/bin/rapport" 2>/dev/null |
    sed -n 's/^shlibs:Depends=//p')
if [ -z "$depends" ]; then
    log "dpkg-shlibdeps found no dependencies"
    exit 1
fi
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<EOF
Package: rapport
Version: $version
Architecture: $arch
Maintainer: Rapport developers <rapport@localhost>
Installed-Size: $installed_size
Depends: $depends, passwd
Section: mail
Priority: optional
Description: customer-retention messaging daemon
 Rapport evaluates retention campaigns written as small YAML files (welcome drips,
 birthdays in the customer's own time zone, renewal reminders, win-backs, NPS surveys)
 on a schedule, renders each message in the customer's language and sends it exactly
 once through SMTP, an HTTP API or a folder, recording every send in a ledger.
 .
 This package runs it as the systemd service rapport.service under its own system user,
 with its config in /etc/rapport and its data in /var/lib/rapport.
EOF
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -print | sed 's#^\./##' | sort | xargs md5sum) \
    >"$stage/DEBIAN/md5sums"

find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
deb="$out/rapport_${version}_${arch}.deb"
dpkg-deb --build --root-owner-group "$stage" "$deb" >&2
log "$(du -h "$deb" | cut -f1) $(dpkg-deb -f "$deb" Depends)"
echo "$deb"
