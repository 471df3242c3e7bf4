#!/usr/bin/env bash
# Starts or stops a scratch MariaDB server for the tests: its own data folder, a Unix socket
# and a loopback TCP port, root without a password. Writes DIR/env with the connection
# settings the storage tests read (MD_TEST_MYSQL_*).
#   mariadb-fixture.sh start DIR | stop DIR
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?data folder}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
sock=$dir/sock
# A Unix socket path is limited to 107 bytes: a deep build folder gets one under /tmp.
if [ ${#sock} -gt 100 ]; then
  sock=/tmp/md-mariadb-$(printf '%s' "$dir" | cksum | cut -d' ' -f1).sock
fi

find_bin() { command -v "$1" || command -v "$2" || { [ -x "/usr/sbin/$1" ] && echo "/usr/sbin/$1"; } || true; }

case $cmd in
start)
  "$0" stop "$dir" >/dev/null 2>&1 || true
  server=$(find_bin mariadbd mysqld)
  installdb=$(find_bin mariadb-install-db mysql_install_db)
  client=$(find_bin mariadb mysql)
  if [ -z "$server" ] || [ -z "$installdb" ] || [ -z "$client" ]; then
    echo "MariaDB server not installed (run installer/install-deps.sh)" >&2
    exit 1
  fi
  rm -rf "$dir/data" && mkdir -p "$dir/data"
  "$installdb" --user="$(id -un)" --datadir="$dir/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$dir/install.log" 2>&1
  # A free port: ask the kernel for one.
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$server" --no-defaults --user="$(id -un)" --datadir="$dir/data" --socket="$sock" --port="$port" \
    --bind-address=127.0.0.1 --pid-file="$dir/pid" --innodb-flush-log-at-trx-commit=1 \
    --innodb-buffer-pool-size=64M --skip-name-resolve --log-error="$dir/error.log" \
    </dev/null >"$dir/server.out" 2>&1 &
  # (ctest waits for every holder of the test's output pipe: the server must not inherit it.)
  for _ in $(seq 1 200); do
    if "$client" -uroot --socket="$sock" -e 'SELECT 1' >/dev/null 2>&1; then
      "$client" -uroot --socket="$sock" -e "CREATE DATABASE IF NOT EXISTS meterdesk_test CHARACTER SET utf8mb4"
      printf 'MD_TEST_MYSQL_HOST=127.0.0.1\nMD_TEST_MYSQL_PORT=%s\nMD_TEST_MYSQL_USER=root\nMD_TEST_MYSQL_DB=meterdesk_test\n' \
        "$port" >"$dir/env"
      echo "MariaDB up on 127.0.0.1:$port ($dir)"
      exit 0
    fi
    sleep 0.1
  done
  echo "MariaDB did not start; see $dir/error.log" >&2
  tail -20 "$dir/error.log" >&2 || true
  exit 1
  ;;
stop)
  rm -f "$dir/env"
  if [ -f "$dir/pid" ]; then
    pid=$(cat "$dir/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    # Still there after 10 s: its data is scratch, so do not wait any longer.
    if kill -0 "$pid" 2>/dev/null && ps -p "$pid" -o comm= | grep -Eq 'mariadbd|mysqld'; then
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/pid"
  fi
  echo "MariaDB stopped"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
