#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster:
#
#   scripts/with-postgres.sh .venv/bin/pytest -m "not browser"
#
# Starts a private cluster in a temporary directory on a free port of
# 127.0.0.1, creates the database retour_test, exports
#   RETOUR_DATABASE_URL=postgres://postgres@127.0.0.1:PORT/retour_test
# runs the command, then stops the cluster and deletes its directory, also on
# failure or interrupt (Ctrl-C, SIGTERM, SIGHUP). Exits with the command's exit
# code.
#
# Server binaries: the highest /usr/lib/postgresql/*/bin (or RETOUR_PG_BINDIR);
# when missing and running as root, `apt-get install postgresql` brings them.
# Missing PostgreSQL is always an error: the gate never skips this run silently.
#
# initdb and postgres refuse to run as root, so as root the cluster runs as the
# `postgres` system user (runuser); as any other user it runs as that user.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DB_NAME=retour_test

log() { echo "with-postgres: $*" >&2; }

is_ci() {
    case "${CI:-}" in
        1 | true | TRUE | True | yes | YES) return 0 ;;
        *) return 1 ;;
    esac
}

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi

find_bindir() {
    if [ -n "${RETOUR_PG_BINDIR:-}" ]; then
        [ -x "$RETOUR_PG_BINDIR/initdb" ] && echo "$RETOUR_PG_BINDIR"
        return 0
    fi
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
            echo "$d"
            return 0
        fi
    done
    return 0
}

bindir="$(find_bindir)"
if [ -n "${RETOUR_PG_BINDIR:-}" ] && [ -z "$bindir" ]; then
    log "ERROR: RETOUR_PG_BINDIR=$RETOUR_PG_BINDIR holds no initdb"
    exit 1
fi
if [ -z "$bindir" ] && [ "$(id -u)" -eq 0 ]; then
    log "PostgreSQL server binaries not found; installing Debian's postgresql package"
    bash "$here/apt-install.sh" postgresql || log "apt-get install postgresql failed"
    bindir="$(find_bindir)"
fi
if [ -z "$bindir" ]; then
    if is_ci; then
        log "ERROR: PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin) and could not be installed."
        log "ERROR: CI must run the suite on PostgreSQL; failing."
    else
        {
            echo "################################################################################"
            echo "# WARNING: PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin."
            echo "# The PostgreSQL run of the test suite did NOT happen. Install them with"
            echo "#     apt-get install -y postgresql"
            echo "# (or set RETOUR_PG_BINDIR) and run again. Failing rather than skipping."
            echo "################################################################################"
        } >&2
    fi
    exit 1
fi
for tool in pg_isready createdb; do
    [ -x "$bindir/$tool" ] || { log "ERROR: $bindir/$tool is missing"; exit 1; }
done

if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || {
        log "ERROR: running as root but there is no 'postgres' system user to run the server as"
        exit 1
    }
    pg_user=postgres
else
    pg_user="$(id -un)"
fi

tmp=""
data=""
# Run a PostgreSQL server tool as the cluster's owner, from a directory it can read.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$tmp" && runuser -u postgres -- "$@")
    else
        (cd "$tmp" && "$@")
    fi
}

# A process that exists and is not a zombie (the stopped postmaster is
# reparented to PID 1, which may reap it a moment later).
alive() {
    local state
    [ -n "$1" ] || return 1
    state="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
    [[ "$state" != Z* ]]
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [ -n "$tmp" ] && [ -d "$tmp" ]; then
        if [ -n "$data" ] && [ -f "$data/postmaster.pid" ]; then
            local pid
            pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
            # pg_ctl waits until the server has shut down and removed its pid file.
            if ! as_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 && alive "$pid"; then
                # It did not stop in time: the postmaster leads its own session
                # (setsid below), so end exactly that session.
                log "server $pid did not stop in time; killing its session"
                pkill -KILL -s "$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
                for _ in $(seq 1 50); do
                    alive "$pid" || break
                    sleep 0.1
                done
            fi
        fi
        rm -rf "$tmp"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# The directory must be reachable by the postgres user: /tmp, not $TMPDIR
# (which may sit under /root).
tmp="$(mktemp -d /tmp/retour-pg.XXXXXX)"
chmod 700 "$tmp"
if [ "$pg_user" = postgres ] && [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$tmp"
fi
data="$tmp/data"
sock="$tmp/sock"
as_pg mkdir -p "$sock"

version="$("$bindir/postgres" --version)"
as_pg "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$tmp/initdb.log" 2>&1 || {
    log "ERROR: initdb failed:"
    cat "$tmp/initdb.log" >&2
    exit 1
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The port is free when picked; another process may take it before the
# server binds, so try a few times.
started=""
for attempt in 1 2 3; do
    port="$(free_port)"
    opts="-k $sock -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    # setsid: the server gets its own session, so a Ctrl-C meant for the
    # command does not shut the database down under it; cleanup stops it.
    if as_pg setsid -w "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 -o "$opts" start >/dev/null 2>&1; then
        started=1
        break
    fi
    log "server did not start on port $port (attempt $attempt); log:"
    tail -n 20 "$tmp/server.log" >&2 || true
done
[ -n "$started" ] || { log "ERROR: could not start PostgreSQL"; exit 1; }

for _ in $(seq 1 120); do
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.25
done
"$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" || {
    log "ERROR: PostgreSQL on port $port is not ready; log:"
    tail -n 50 "$tmp/server.log" >&2 || true
    exit 1
}
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME"

export RETOUR_DATABASE_URL="postgres://postgres@127.0.0.1:$port/$DB_NAME"
log "$version on 127.0.0.1:$port (cluster in $tmp); running: $*"

# The command runs as a child that this script waits for, so that a SIGTERM or
# SIGHUP sent to the script alone (a timeout, a CI runner) is passed on at once
# rather than after the command ends. A Ctrl-C reaches the command directly
# (same process group; the subshell restores the SIGINT handler that bash
# takes away from background children), so it is not sent twice.
set +e
(
    trap - INT QUIT
    exec "$@"
) <&0 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM
trap 'kill -HUP "$child" 2>/dev/null' HUP
trap ':' INT
while :; do
    wait "$child"
    rc=$?
    # wait also returns (with 128+n) when a trapped signal arrives.
    if ! kill -0 "$child" 2>/dev/null; then
        wait "$child" 2>/dev/null
        rc=$?
        break
    fi
done
exit "$rc"
