#!/usr/bin/env bash
# The package test (issue 16; docs/TESTING.md, "The package test"). .ci/run runs it as root.
#
# Builds dist/gridd_<version>_<arch>.deb (scripts/package-deb.sh) and an older version of the same
# binaries, runs lintian on the package, then, in a private mount namespace whose /etc, /usr, /var
# and /run are copy-on-write overlays of this machine's (so nothing of the install outlives the
# test) and whose /opt — the Swift toolchain's folder — is an empty tmpfs:
#   1. apt-get install ./<older>.deb: users, groups, directories and their modes, enabled units;
#   2. gridd --check-config on the installed config, as root and as the gridd user;
#   3. starts the installed gridd as systemd would: systemd-socket-activate on /run/gridd/gridd.sock
#      (owned gridd:gridd-workers, 0660), the daemon as the gridd user with the gridd-workers group,
#      $STATE_DIRECTORY, $RUNTIME_DIRECTORY, $LOGS_DIRECTORY, UMask 0027; submits through the
#      packaged socket path with gridctl;
#   4. edits /etc/gridd/gridd.conf (a worker rule), apt-get install ./<new>.deb while gridd runs:
#      the edit and the data are kept, the old daemon goes on serving, the restarted one runs the
#      new binary with the edited config (the worker may now report; a user outside gridd-workers
#      cannot connect);
#   5. gridctl backup while a client submits: every submit succeeds, the copy is consistent;
#      gridd --restore is refused while gridd runs, and once stopped brings the backup back;
#   6. apt-get purge: nothing is left but the users and groups (Debian keeps system users) —
#      checked on the overlays themselves, which hold every file the test's installs wrote.
# Ends with "package: N passed, 0 failed". Without root, or without a tool it needs, it skips with
# one line naming the package to install — unless GRIDD_REQUIRE_TOOLS=1 or CI=true, where that is
# a failure. GRIDD_DEB_NO_BUILD=1 packages the release build already there.
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$PWD

required() { [ "${GRIDD_REQUIRE_TOOLS:-}" = 1 ] || [ "${CI:-}" = true ]; }
skip() {
    if required; then echo "package: cannot run: $1 (required here: GRIDD_REQUIRE_TOOLS=1 or CI=true)"; exit 1; fi
    echo "package: skipped: $1"
    exit 0
}

passed=0
pass() { passed=$((passed + 1)); }
fail() {
    echo "package: FAIL: $1"
    [ -n "${work:-}" ] && [ -f "$work/gridd.log" ] && { echo "--- gridd's output:"; tail -n 30 "$work/gridd.log"; }
    echo "package: $passed passed, 1 failed"
    exit 1
}
# must DESCRIPTION COMMAND...: the command succeeds, else the test fails saying what was expected.
must() {
    local description=$1
    shift
    if "$@"; then pass; else fail "$description"; fi
}
# until_true SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds or SECONDS pass.
until_true() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

if [ "${1:-}" != --inside ]; then
    [ "$(id -u)" = 0 ] || skip "needs root (it installs the package inside a private mount namespace)"
    for pair in dpkg-deb:dpkg dpkg-shlibdeps:dpkg-dev apt-get:apt lintian:lintian unshare:util-linux setpriv:util-linux \
        systemd-socket-activate:systemd systemd-sysusers:systemd sqlite3:sqlite3 strip:binutils logrotate:logrotate \
        man:man-db groff:groff-base; do
        command -v "${pair%%:*}" >/dev/null || skip "${pair%%:*} is not installed: apt-get install ${pair#*:}"
    done
    unshare --mount --propagation private true 2>/dev/null || skip "cannot make a mount namespace here (unshare --mount)"

    work=$(mktemp -d /tmp/gridd-deb-test-XXXXXX)
    chmod 0755 "$work"
    trap 'rm -rf "$work"' EXIT
    started=$SECONDS
    build_flag=()
    [ "${GRIDD_DEB_NO_BUILD:-}" = 1 ] && build_flag=(--no-build)
    scripts/package-deb.sh "${build_flag[@]}" >"$work/package.log" 2>&1 || { cat "$work/package.log"; fail "scripts/package-deb.sh"; }
    new=$(tail -n 1 "$work/package.log" | awk '{ print $1 }')
    must "the package $new exists" test -f "$new"
    version=$(dpkg-deb -f "$new" Version)
    DEB_COMPRESSION=gzip scripts/package-deb.sh --no-build --version "${version}~old1" --output "$work" >"$work/old.log" 2>&1 \
        || { cat "$work/old.log"; fail "packaging the older version"; }
    old=$(tail -n 1 "$work/old.log" | awk '{ print $1 }')
    echo "package: built $new ($(du -h "$new" | cut -f1)) in $((SECONDS - started)) s"

    lintian -I --pedantic --fail-on error,warning,info,pedantic "$new" >"$work/lintian.log" 2>&1 \
        || { cat "$work/lintian.log"; fail "lintian found tags that are not overridden (packaging/deb/lintian-overrides)"; }
    pass
    cp "$new" "$work/new.deb"
    cp "$old" "$work/old.deb"
    chmod 0644 "$work"/*.deb
    result=0
    unshare --mount --propagation private "$0" --inside "$work" "$passed" || result=$?
    exit "$result"
fi

# ---- Inside the mount namespace ------------------------------------------------------------------
work=$2
passed=$3
gridd_pid=""
loop_pid=""
stop_gridd() {
    [ -n "$gridd_pid" ] || return 0
    kill -TERM "$gridd_pid" 2>/dev/null || true
    local status=0
    wait "$gridd_pid" || status=$?
    gridd_pid=""
    return "$status"
}
cleanup() {
    [ -n "$loop_pid" ] && kill "$loop_pid" 2>/dev/null
    [ -n "$gridd_pid" ] && kill -KILL "$gridd_pid" 2>/dev/null
    return 0
}
trap cleanup EXIT

for directory in etc usr var run; do
    mkdir -p "$work/upper/$directory" "$work/overlay-work/$directory"
    mount -t overlay overlay -o "lowerdir=/$directory,upperdir=$work/upper/$directory,workdir=$work/overlay-work/$directory" "/$directory"
done
mount -t tmpfs -o mode=0755 tmpfs /opt
# Should this machine run systemd, the maintainer scripts must not reach it from here (its units
# are not in this namespace): hidden, they behave as in a chroot or a container.
if [ -d /run/systemd/system ]; then rm -rf /run/systemd/system; fi
must "the toolchain is hidden (/opt is empty)" test -z "$(ls -A /opt)"
export DEBIAN_FRONTEND=noninteractive
cd /    # gridctl would take ./var/gridd.sock of a checkout; the packaged path is the one under test

# 1. Install the older version.
apt-get install -y --no-install-recommends "$work/old.deb" >"$work/apt-old.log" 2>&1 || { cat "$work/apt-old.log"; fail "apt-get install the older package"; }
must "gridd is installed" test "$(dpkg-query -W -f='${Status}' gridd)" = "install ok installed"
must "the gridd user exists" id -u gridd >/dev/null
must "the gridd-workers group exists" getent group gridd-workers >/dev/null
for expected in "711 gridd:gridd /var/lib/gridd" "710 gridd:gridd-workers /var/lib/gridd/spool" \
    "3730 gridd:gridd-workers /var/lib/gridd/spool/new" "750 gridd:gridd /var/lib/gridd/spool/rejected"; do
    read -r mode owner path <<<"$expected"
    must "$path is $mode $owner" test "$(stat -c '%a %U:%G' "$path")" = "$mode $owner"
done
must "the conffiles are registered" test "$(dpkg-query -W -f='${Conffiles}' gridd | awk 'NF { print $1 }' | sort | tr '\n' ' ')" \
    = "/etc/gridd/grid.geojson /etc/gridd/gridd.conf /etc/gridd/holidays/cn-2026.txt /etc/logrotate.d/gridd "
must "gridd.socket is enabled" test -L /etc/systemd/system/sockets.target.wants/gridd.socket
must "gridd.service is enabled" test -L /etc/systemd/system/multi-user.target.wants/gridd.service
for program in /usr/bin/gridd /usr/bin/gridctl; do
    must "$program needs no Swift library" sh -c "! ldd $program | grep -Eiq 'swift|Foundation|dispatch|not found'"
    echo "package: ldd $program: $(ldd "$program" | awk '{ print $1 }' | tr '\n' ' ')"
done
must "systemd-analyze verify is clean on the installed units" \
    sh -c 'test -z "$(systemd-analyze verify /lib/systemd/system/gridd.service /lib/systemd/system/gridd.socket 2>&1)"'
# The man pages resolve (man-db finds them on its own path) and render; the completions are in place.
for page in "1 gridctl" "8 gridd" "5 gridd.conf"; do
    read -r section name <<<"$page"
    must "man $section $name resolves to the installed page" \
        test "$(man -w "$section" "$name" 2>/dev/null)" = "/usr/share/man/man$section/$name.$section.gz"
    # man -l on the file man found: a page looked up by name would be cached in /var/cache/man.
    must "man $section $name renders without warnings" \
        sh -c "test -z \"\$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l \$(man -w $section $name) 2>&1 >/dev/null)\""
done
must "man gridctl resolves" test "$(man -w gridctl 2>/dev/null)" = /usr/share/man/man1/gridctl.1.gz
for completion in /usr/share/bash-completion/completions/gridctl /usr/share/zsh/vendor-completions/_gridctl \
    /usr/share/fish/vendor_completions.d/gridctl.fish; do
    must "$completion is installed" test -s "$completion"
done
must "the installed bash completion loads and completes gridctl su" \
    test "$(bash -c 'source /usr/share/bash-completion/completions/gridctl; COMP_WORDS=(gridctl su); COMP_CWORD=1; _gridctl; echo "${COMPREPLY[*]}"')" \
    = "submit supervise suspend"
for url in $(sed -n 's/^Documentation=//p' /lib/systemd/system/gridd.service /lib/systemd/system/gridd.socket); do
    must "Documentation=$url is installed" test -f "${url#file://}"
done

# 2. The installed configuration.
must "gridd --check-config passes on /etc/gridd/gridd.conf" sh -c 'gridd --check-config --config /etc/gridd/gridd.conf >/dev/null 2>&1'
must "the gridd user can read the configuration" \
    setpriv --reuid=gridd --regid=gridd --clear-groups sh -c 'gridd --check-config --config /etc/gridd/gridd.conf >/dev/null 2>&1'

notify_config=/etc/gridd/notify-check.conf    # beside gridd.conf: Map= and Holidays= are relative
{ cat /etc/gridd/gridd.conf; printf '[Notify]\nExec=/usr/lib/gridd/notify-example.sh /var/log/gridd/notifications.log\n'; } >"$notify_config"
must "the packaged example notifier is accepted by [Notify] Exec=" sh -c "gridd --check-config --config '$notify_config' >/dev/null 2>&1"
rm "$notify_config"

# 3. Start it as gridd.socket and gridd.service would: the socket made by the manager (root), the
# daemon as the packaged user with the directories systemd would create and pass.
start_gridd() {
    install -d -m 0755 /run/gridd
    install -d -m 0750 -o gridd -g gridd /var/log/gridd
    rm -f /run/gridd/gridd.sock
    (
        umask 0027
        exec systemd-socket-activate --listen=/run/gridd/gridd.sock --fdname=gridd.sock -E STATE_DIRECTORY=/var/lib/gridd \
            -E RUNTIME_DIRECTORY=/run/gridd -E LOGS_DIRECTORY=/var/log/gridd -E CONFIGURATION_DIRECTORY=/etc/gridd \
            /usr/bin/setpriv --reuid=gridd --regid=gridd --groups=gridd-workers --inh-caps=-all --bounding-set=-all /usr/bin/gridd
    ) >>"$work/gridd.log" 2>&1 &
    gridd_pid=$!
    until_true 30 test -S /run/gridd/gridd.sock || fail "systemd-socket-activate made no socket"
    chown gridd:gridd-workers /run/gridd/gridd.sock
    chmod 0660 /run/gridd/gridd.sock
    until_true 60 sh -c 'gridctl status >/dev/null 2>&1' || fail "the installed gridd does not answer on /run/gridd/gridd.sock"
    pass
}
submit() { gridctl submit --category 0102 --cell 320506002001006 --title "$1" >/dev/null; }
incidents() { gridctl --json status | sed -n 's/.*"store":{[^}]*"incidents":\([0-9]*\).*/\1/p'; }

start_gridd
must "gridd runs as the gridd user" test "$(ps -o user= -p "$gridd_pid")" = gridd
must "a report goes in through /run/gridd/gridd.sock" submit 楼道堆放垃圾
must "the database is gridd's, 0640" test "$(stat -c '%a %U:%G' /var/lib/gridd/gridd.sqlite)" = "640 gridd:gridd"
must "the dispatch log is in /var/log/gridd" grep -q 'event=dispatched' /var/log/gridd/dispatch.log
must "status names the packaged paths" sh -c 'gridctl --json status | grep -q "\"database\":\"/var/lib/gridd/gridd.sqlite\""'

# 4. Edit the configuration, then upgrade while gridd runs.
useradd --no-create-home --groups gridd-workers wang
sed -i '/^\[Access\]$/a # Added by the package test: a grid worker of 桃源社区.\nWorker=wang 320506002001' /etc/gridd/gridd.conf
must "the edited configuration is valid" sh -c 'gridd --check-config --config /etc/gridd/gridd.conf >/dev/null 2>&1'
apt-get install -y --no-install-recommends "$work/new.deb" >"$work/apt-new.log" 2>&1 || { cat "$work/apt-new.log"; fail "apt-get install the new package (upgrade)"; }
must "the upgrade is installed" test "$(dpkg-query -W -f='${Version}' gridd)" = "$(dpkg-deb -f "$work/new.deb" Version)"
must "the edited gridd.conf is kept" grep -qx 'Worker=wang 320506002001' /etc/gridd/gridd.conf
must "no .dpkg-new or .dpkg-dist beside it" test -z "$(find /etc/gridd -name '*.dpkg-*')"
must "the old gridd goes on serving during the upgrade" submit 升级中
must "the old gridd runs the replaced binary" sh -c "readlink /proc/$gridd_pid/exe | grep -q deleted"
must "a clean stop" stop_gridd
start_gridd
must "the restarted gridd runs the new binary" test "$(readlink /proc/"$gridd_pid"/exe)" = /usr/bin/gridd
must "the data is kept: 2 incidents" test "$(incidents)" = 2
must "the worker of the edited config may report" \
    sh -c 'setpriv --reuid=wang --regid=wang --init-groups gridctl submit --category 0601 --cell 320506002001006 >/dev/null'
status=0
setpriv --reuid=nobody --regid=nogroup --clear-groups gridctl status >/dev/null 2>&1 || status=$?
must "a user outside gridd-workers cannot connect (exit 69, got $status)" test "$status" = 69

# Log rotation as logrotate runs it (its postrotate asks systemd for SIGUSR1; here it is sent directly).
logrotate -f -s "$work/logrotate.state" /etc/logrotate.d/gridd >"$work/logrotate.log" 2>&1 \
    || { cat "$work/logrotate.log"; fail "logrotate /etc/logrotate.d/gridd"; }
must "logrotate rotated dispatch.log" grep -q 'event=dispatched' /var/log/gridd/dispatch.log.1
kill -USR1 "$gridd_pid"
until_true 30 sh -c 'submit() { gridctl submit --category 0102 --cell 320506002001006 >/dev/null; }; submit && grep -q "event=dispatched" /var/log/gridd/dispatch.log' \
    || fail "gridd did not reopen dispatch.log on SIGUSR1"
pass
must "the new dispatch.log is gridd's, 0640" test "$(stat -c '%a %U:%G' /var/log/gridd/dispatch.log)" = "640 gridd:gridd"

# 5. A backup while reports arrive; a restore.
base=$(incidents)
( for n in $(seq 1 60); do gridctl submit --category 0102 --cell 320506002001006 --title "备份中 $n" >/dev/null || exit 1; echo "$n" >>"$work/loop.count"; done ) &
loop_pid=$!
until_true 60 sh -c "[ \"\$(wc -l 2>/dev/null <'$work/loop.count' || echo 0)\" -ge 10 ]" || fail "the submitting client did not start"
before=$(wc -l <"$work/loop.count")
must "gridctl backup while reports arrive" sh -c "gridctl backup '$work/backup.sqlite' >'$work/backup.log'"
loop_status=0
wait "$loop_pid" || loop_status=$?
loop_pid=""
must "every report during the backup was taken" test "$loop_status" = 0
backed_up=$(sqlite3 "$work/backup.sqlite" 'SELECT count(*) FROM incidents')
must "the backup holds every report acknowledged before it ($backed_up >= $((base + before)))" test "$backed_up" -ge $((base + before))
must "the backup is consistent" test "$(sqlite3 "$work/backup.sqlite" 'PRAGMA integrity_check')" = ok
must "the backup has ids 1..n" test "$(sqlite3 "$work/backup.sqlite" 'SELECT max(id) FROM incidents')" = "$backed_up"
must "the backup has the database's mode" test "$(stat -c %a "$work/backup.sqlite")" = 640
must "the restore is refused while gridd runs" sh -c "! gridd --restore '$work/backup.sqlite' >/dev/null 2>&1"
must "a clean stop" stop_gridd
must "gridd --restore" sh -c "gridd --restore '$work/backup.sqlite' >'$work/restore.log'"
must "the restored database is gridd's, 0640" test "$(stat -c '%a %U:%G' /var/lib/gridd/gridd.sqlite)" = "640 gridd:gridd"
must "the replaced database is kept aside" test -n "$(find /var/lib/gridd -name 'gridd.sqlite.before-restore-*')"
start_gridd
must "the restored gridd has the backup's $backed_up incidents" test "$(incidents)" = "$backed_up"
must "new reports follow the backup's" sh -c "gridctl --json submit --category 0102 --cell 320506002001006 | grep -q '\"id\":$((backed_up + 1)),'"
must "a clean stop" stop_gridd

# 6. Purge: nothing left but what Debian keeps (the users and groups; dpkg's and apt's own logs).
apt-get purge -y gridd >"$work/apt-purge.log" 2>&1 || { cat "$work/apt-purge.log"; fail "apt-get purge gridd"; }
must "gridd is purged" test -z "$(dpkg-query -W -f='${Status}' gridd 2>/dev/null | grep -v not-installed || true)"
left=$(cd "$work/upper" && find . -path '*gridd*' ! -type c | grep -Ev '^\./var/log/(dpkg\.log|apt/)' || true)
must "no file of gridd is left (found: ${left:-none})" test -z "$left"
must "the gridd user stays (Debian keeps system users)" id -u gridd >/dev/null
must "/etc/gridd, /var/lib/gridd, /var/log/gridd are gone" sh -c '! ls -d /etc/gridd /var/lib/gridd /var/log/gridd 2>/dev/null'
echo "package: $passed passed, 0 failed"
