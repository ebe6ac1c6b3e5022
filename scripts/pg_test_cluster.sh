#!/usr/bin/env bash
# A private PostgreSQL cluster for the team-store tests: initdb in a temporary directory,
# its own port on 127.0.0.1, password authentication (scram), and three roles —
#   flagdeck_admin   the cluster's superuser (only this script uses it)
#   flagdeck_writer  owns database `flagdeck`: creates the schema, publishes, decides
#                    (CREATEDB: the tests give each schema test a database of its own)
#   flagdeck_reader  SELECT only, on every table the writer creates (an auditor)
#
#   scripts/pg_test_cluster.sh start DIR    prints `export ...` lines for the tests
#   scripts/pg_test_cluster.sh stop DIR
#   scripts/pg_test_cluster.sh restart DIR  (tests: a server restart mid-session)
#   scripts/pg_test_cluster.sh stop DIR; ... resume DIR  (tests: an outage mid-session)
#
# Passwords are random, written to DIR/pgpass (mode 600, libpq's format) and never printed.
# The server's standard streams go to /dev/null (its log to DIR/server.log): a server
# holding the caller's pipe would keep `scripts/test.sh | tee` waiting forever.
set -euo pipefail
action=${1:?start|stop|resume|restart}
dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

# initdb and postgres refuse to run as root: the cluster belongs to `postgres` then.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi

case "$action" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    admin=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    writer=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    reader=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    umask 077
    printf '%s\n' "$admin" > "$dir/admin.pw"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir/admin.pw"
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U flagdeck_admin --pwfile="$dir/admin.pw" --auth=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" start </dev/null >/dev/null 2>&1
    echo "$port" > "$dir/port"
    PGPASSWORD=$admin psql -q -h 127.0.0.1 -p "$port" -U flagdeck_admin -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
CREATE ROLE flagdeck_writer LOGIN CREATEDB PASSWORD '$writer';
CREATE ROLE flagdeck_reader LOGIN PASSWORD '$reader';
CREATE DATABASE flagdeck OWNER flagdeck_writer;
\connect flagdeck
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO flagdeck_writer;
GRANT USAGE ON SCHEMA public TO flagdeck_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE flagdeck_writer IN SCHEMA public GRANT SELECT ON TABLES TO flagdeck_reader;
SQL
    {
        echo "127.0.0.1:$port:*:flagdeck_admin:$admin"
        echo "127.0.0.1:$port:*:flagdeck_writer:$writer"
        echo "127.0.0.1:$port:*:flagdeck_reader:$reader"
    } > "$dir/pgpass"
    chmod 600 "$dir/pgpass"
    rm -f "$dir/admin.pw"
    echo "export FLAGDECK_TEST_POSTGRES=postgres://flagdeck_writer@127.0.0.1:$port/flagdeck"
    echo "export FLAGDECK_TEST_POSTGRES_READER=postgres://flagdeck_reader@127.0.0.1:$port/flagdeck"
    echo "export FLAGDECK_TEST_PGPASSFILE=$dir/pgpass"
    echo "export FLAGDECK_TEST_PGCLUSTER=$dir"
    ;;
stop)
    [ -d "$dir/data" ] && "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
resume)
    # After `stop`: the same cluster on the same port (a server back after an outage).
    port=$(cat "$dir/port")
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" start </dev/null >/dev/null 2>&1
    ;;
restart)
    port=$(cat "$dir/port")
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" restart </dev/null >/dev/null 2>&1
    ;;
*)
    echo "usage: $0 start|stop|resume|restart DIR" >&2; exit 2 ;;
esac
