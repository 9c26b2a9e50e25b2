#!/usr/bin/env bash
# Builds dist/gridd_<version>_<arch>.deb: a Debian package of gridd that runs without the Swift
# toolchain (docs/OPERATIONS.md says how to install and run it).
#
#   scripts/package-deb.sh                  release build, then the package
#   scripts/package-deb.sh --no-build       package the release build already there
#   scripts/package-deb.sh --version 0.1.0~rc1 --output DIR
#                                           another version (the upgrade test packages the same
#                                           binaries twice) or another output directory
#
# The binaries are linked with --static-swift-stdlib: the Swift runtime, Dispatch and Foundation
# (with its ICU data, which carries the time zone rules) are inside them, and `ldd` must show
# nothing of the toolchain (checked below). Without $ORIGIN in their run path (--disable-local-rpath)
# and with full RELRO (-z now). Needs: swift, dpkg-deb, dpkg-shlibdeps (dpkg-dev), binutils.
#
# What goes where (Debian policy; the conffiles are every file under /etc):
#   /usr/bin/gridd, /usr/bin/gridctl               stripped
#   /lib/systemd/system/gridd.{service,socket}     systemd/ with ExecStart=/usr/bin/gridd
#   /usr/lib/sysusers.d/gridd.conf, /usr/lib/tmpfiles.d/gridd.conf
#   /etc/gridd/gridd.conf, grid.geojson, holidays/ Config/, the state, log and socket paths set
#   /etc/logrotate.d/gridd                         systemd/gridd.logrotate
#   /usr/lib/gridd/notify-example.sh               the sample [Notify] Exec= program
#   /usr/share/doc/gridd/                          README.md, docs/, copyright, changelog.gz,
#                                                  examples/gridd-notify-network.conf
#   /usr/share/man/man1/gridctl.1.gz, man8/gridd.8.gz, man5/gridd.conf.5.gz
#                                                  man/ (generated: scripts/generate-docs.sh)
#   /usr/share/bash-completion/completions/gridctl, /usr/share/zsh/vendor-completions/_gridctl,
#   /usr/share/fish/vendor_completions.d/gridctl.fish      completions/ (generated, likewise)
#   DEBIAN/postinst, prerm, postrm                 packaging/deb/
set -euo pipefail
cd "$(dirname "$0")/.."

version=""
build=1
output=dist
while [ $# -gt 0 ]; do
    case "$1" in
        --version) version=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        --output) output=$2; shift 2 ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "package-deb.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

for tool in dpkg-deb dpkg-shlibdeps strip readelf ldd; do
    command -v "$tool" >/dev/null || { echo "package-deb.sh: $tool is missing (apt-get install dpkg-dev binutils)" >&2; exit 1; }
done

release_flags=(-c release --static-swift-stdlib --disable-local-rpath -Xlinker -z -Xlinker now)
if [ "$build" = 1 ]; then
    swift build "${release_flags[@]}" --product gridd
    swift build "${release_flags[@]}" --product gridctl
fi
bin=$(swift build "${release_flags[@]}" --show-bin-path)
for program in gridd gridctl; do
    [ -x "$bin/$program" ] || { echo "package-deb.sh: no $bin/$program (run without --no-build)" >&2; exit 1; }
done

# Nothing of the toolchain at run time: no libswift*, no Foundation or Dispatch library, nothing
# from /opt or the toolchain's folder, no run path.
for program in gridd gridctl; do
    libraries=$(ldd "$bin/$program")
    if grep -Eiq 'libswift|libFoundation|libdispatch|libBlocksRuntime|_FoundationICU|not found|/opt/|swift' <<<"$libraries"; then
        echo "$libraries"; echo "package-deb.sh: $program needs the Swift toolchain at run time" >&2; exit 1
    fi
    if readelf -d "$bin/$program" | grep -Eq 'RPATH|RUNPATH'; then
        readelf -d "$bin/$program" | grep -E 'RPATH|RUNPATH'; echo "package-deb.sh: $program has a run path" >&2; exit 1
    fi
done

[ -n "$version" ] || version=$("$bin/gridd" --version | awk '{ print $2 }')
arch=$(dpkg --print-architecture)
maintainer=${DEB_MAINTAINER:-"gridd maintainers <gridd@example.org>"}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/root
install -d -m 0755 "$root"

# Programs.
install -D -m 0755 "$bin/gridd" "$root/usr/bin/gridd"
install -D -m 0755 "$bin/gridctl" "$root/usr/bin/gridctl"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$root/usr/bin/gridd" "$root/usr/bin/gridctl"
install -D -m 0755 Config/notify-example.sh "$root/usr/lib/gridd/notify-example.sh"

# systemd: the units point at the packaged binary and documentation.
install -d -m 0755 "$root/lib/systemd/system"
for unit in gridd.service gridd.socket; do
    sed -e 's|/usr/local/bin/gridd|/usr/bin/gridd|g' \
        -e 's|^Documentation=.*|Documentation=file:///usr/share/doc/gridd/README.md file:///usr/share/doc/gridd/docs/OPERATIONS.md|' \
        "systemd/$unit" >"$root/lib/systemd/system/$unit"
    chmod 0644 "$root/lib/systemd/system/$unit"
done
grep -q '^ExecStart=/usr/bin/gridd$' "$root/lib/systemd/system/gridd.service" \
    || { echo "package-deb.sh: gridd.service's ExecStart= was not rewritten" >&2; exit 1; }
install -D -m 0644 systemd/gridd.sysusers "$root/usr/lib/sysusers.d/gridd.conf"
install -D -m 0644 systemd/gridd.tmpfiles "$root/usr/lib/tmpfiles.d/gridd.conf"
install -D -m 0644 systemd/gridd.logrotate "$root/etc/logrotate.d/gridd"

# Configuration: the sample city, with the paths of the service set, so that gridd run by hand
# (gridd --restore, gridd --check-config) finds the same places as under systemd.
install -d -m 0755 "$root/etc/gridd" "$root/etc/gridd/holidays"
install -m 0644 Config/grid.geojson "$root/etc/gridd/grid.geojson"
install -m 0644 Config/holidays/*.txt "$root/etc/gridd/holidays/"
packaged_note='# Packaged (Debian): the directories of gridd.service, also used when gridd runs by hand.'
sed -e "s|^#StateDirectory=var\$|$packaged_note\\nStateDirectory=/var/lib/gridd|" \
    -e 's|^#Socket=gridd.sock$|Socket=/run/gridd/gridd.sock|' \
    -e 's|^#LogDirectory=\.$|LogDirectory=/var/log/gridd|' \
    Config/gridd.conf >"$root/etc/gridd/gridd.conf"
chmod 0644 "$root/etc/gridd/gridd.conf"
for setting in StateDirectory=/var/lib/gridd Socket=/run/gridd/gridd.sock LogDirectory=/var/log/gridd; do
    grep -qx "$setting" "$root/etc/gridd/gridd.conf" \
        || { echo "package-deb.sh: could not set $setting in the packaged gridd.conf (Config/gridd.conf changed?)" >&2; exit 1; }
done

# Documentation.
doc=$root/usr/share/doc/gridd
install -D -m 0644 README.md "$doc/README.md"
install -d -m 0755 "$doc/docs" "$doc/examples"
install -m 0644 docs/*.md "$doc/docs/"
install -m 0644 systemd/gridd-notify-network.conf "$doc/examples/gridd-notify-network.conf"
install -m 0644 packaging/deb/copyright "$doc/copyright"
changelog=$stage/changelog
if ! head -1 packaging/deb/changelog | grep -qF "gridd ($version)"; then
    # A version of its own (a test build): an entry on top, as dch would add.
    printf 'gridd (%s) unstable; urgency=medium\n\n  * Build of %s.\n\n -- %s  %s\n\n' \
        "$version" "$(git rev-parse --short HEAD 2>/dev/null || echo "this tree")" "$maintainer" "$(date -R)" >"$changelog"
fi
cat packaging/deb/changelog >>"$changelog"
gzip -9n <"$changelog" >"$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"
install -D -m 0644 packaging/deb/lintian-overrides "$root/usr/share/lintian/overrides/gridd"

# Man pages (gzipped, as Debian wants) and shell completions, generated from the command table,
# gridd's option table and the config schema and committed (the tests keep them current).
slot() {
    local source=$1 target=$2 compress=${3:-}
    [ -f "$source" ] || { echo "package-deb.sh: $source is missing (scripts/generate-docs.sh)" >&2; exit 1; }
    install -D -m 0644 "$source" "$root$target"
    if [ -n "$compress" ]; then gzip -9n "$root$target"; fi
}
slot man/gridctl.1 /usr/share/man/man1/gridctl.1 gz
slot man/gridd.8 /usr/share/man/man8/gridd.8 gz
slot man/gridd.conf.5 /usr/share/man/man5/gridd.conf.5 gz
slot completions/gridctl.bash /usr/share/bash-completion/completions/gridctl
slot completions/gridctl.zsh /usr/share/zsh/vendor-completions/_gridctl
slot completions/gridctl.fish /usr/share/fish/vendor_completions.d/gridctl.fish

# Control files.
install -d -m 0755 "$root/DEBIAN"
for script in postinst prerm postrm; do install -m 0755 "packaging/deb/$script" "$root/DEBIAN/$script"; done
(cd "$root" && find etc -type f | sort | sed 's|^|/|') >"$root/DEBIAN/conffiles"
chmod 0644 "$root/DEBIAN/conffiles"
depends=$(cd "$stage" && mkdir -p debian && printf 'Source: gridd\n\nPackage: gridd\nArchitecture: any\n' >debian/control \
    && dpkg-shlibdeps -O "$root/usr/bin/gridd" "$root/usr/bin/gridctl" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "package-deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
    -e "s|@INSTALLED_SIZE@|$installed_size|" -e "s|@DEPENDS@|$depends|" packaging/deb/control.in >"$root/DEBIAN/control"
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

mkdir -p "$output"
package=$output/gridd_${version}_${arch}.deb
# DEB_COMPRESSION=gzip for a quick throwaway build (the upgrade test's older package).
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$root" "$package" >/dev/null
echo "$package ($(du -h "$package" | cut -f1), installed $((installed_size / 1024)) MiB; Depends: $depends)"
