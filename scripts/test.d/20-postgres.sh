# Sourced by scripts/test: start a throw-away PostgreSQL 15 cluster for the store tests,
# export RADREPORT_TEST_PG_URL, and stop/remove it on exit.  Never touches a system service.
# (initdb refuses root: as root the cluster runs as the "postgres" user via runuser.)
_rr_pg_start() {
    local bin="${RADREPORT_PG_BIN:-/usr/lib/postgresql/15/bin}"
    if [ -n "${RADREPORT_TEST_PG_URL:-}" ]; then
        echo "postgres: using RADREPORT_TEST_PG_URL from the environment"
        return 0
    fi
    if [ ! -x "$bin/initdb" ]; then
        echo "postgres: $bin/initdb not found; store tests will skip PostgreSQL (fail in CI)" >&2
        return 0
    fi
    local dir port as=()
    dir="$(mktemp -d /tmp/radreport-pg.XXXXXX)"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$dir"
        as=(runuser -u postgres --)
    fi
    # a free TCP port chosen by the kernel
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U rr -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; return 1; }
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -w -t 30 -l "$dir/log" \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
        start >/dev/null || { cat "$dir/log" >&2; return 1; }
    on_exit "${as[*]} $bin/pg_ctl -D $dir/data -m immediate stop >/dev/null; rm -rf $dir"
    export RADREPORT_TEST_PG_URL="postgresql+psycopg://rr@127.0.0.1:$port/postgres"
    echo "postgres: throw-away cluster at 127.0.0.1:$port ($dir)"
}
_rr_pg_start
