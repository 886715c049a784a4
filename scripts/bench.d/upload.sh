# S3 upload (issue 5): one 1 GiB file put into `rclone serve s3 --auth-key KEY,SECRET` on loopback
# (SigV4 checked on every request) by Ferry's S3ObjectStore (`ferry-bench s3-put`) and by the AWS
# CLI (`aws s3 cp`, its default transfer settings), same server, same file, same run; best of
# UPLOAD_RUNS (default 3), alternating, each to a fresh key so the skip-if-same HEAD never skips.
# Wall time includes each program's start-up; the stored bytes are compared with the file.
set -euo pipefail
runs="${UPLOAD_RUNS:-3}"
mib="${UPLOAD_MIB:-1024}"
file="bench-out/upload-${mib}MiB.bin"
[ -f "$file" ] || head -c "$((mib << 20))" /dev/urandom > "$file"
venv_bin="$(dirname "$FERRY_PYTHON")"
root="$(mktemp -d "$PWD/bench-out/s3root.XXXXXX")"
mkdir -p "$root/bench-bucket"
port=$("$FERRY_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Only what this script sets counts: a developer's AWS variables, profiles and config files (a region,
# an S3 endpoint such as AWS_ENDPOINT_URL_S3, the CLI's transfer settings) or Ferry's part overrides
# would change what is measured, or send the file elsewhere.
for name in $(compgen -e | grep -E '^(AWS_|FERRY_S3_)'); do unset "$name"; done
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_ACCESS_KEY_ID="BENCHKEY$RANDOM" AWS_SECRET_ACCESS_KEY="bench-secret-$RANDOM$RANDOM" AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
"$venv_bin/rclone" serve s3 --auth-key "$AWS_ACCESS_KEY_ID,$AWS_SECRET_ACCESS_KEY" --addr "127.0.0.1:$port" \
  --cache-dir "$root/.cache" "$root" 2>"$root/.rclone.log" &
server=$!
trap 'status=$?; kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$root"; exit $status' EXIT
for _ in $(seq 100); do "$FERRY_PYTHON" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break; sleep 0.2; done
cat "$file" > /dev/null   # both read from a warm page cache

now() { date +%s.%N; }
peak() { grep "Maximum resident" "$1" | awk '{print $6}'; }
stored() { cmp -s "$file" "$root/bench-bucket/$1" || { echo "stored bytes of $1 differ from the file"; exit 1; }; }
best_ferry=999999; best_aws=999999; ferry_kb=0; aws_kb=0
for i in $(seq "$runs"); do
  start=$(now)
  /usr/bin/time -v -o bench-out/ferry-upload.time "$FERRY_BIN/ferry-bench" s3-put "$file" bench-bucket "ferry/run-$i-$RANDOM.bin" >/dev/null
  t=$(python3 -c "print($(now) - $start)")
  best_ferry=$(python3 -c "print(min($best_ferry, $t))"); kb=$(peak bench-out/ferry-upload.time); ferry_kb=$(( kb > ferry_kb ? kb : ferry_kb ))
  [ "$i" = 1 ] && stored "$(cd "$root/bench-bucket" && ls ferry/run-1-*)"
  rm -rf "$root/bench-bucket/ferry"

  start=$(now)
  /usr/bin/time -v -o bench-out/aws-upload.time "$venv_bin/aws" s3 cp --only-show-errors "$file" "s3://bench-bucket/aws/run-$i-$RANDOM.bin"
  t=$(python3 -c "print($(now) - $start)")
  best_aws=$(python3 -c "print(min($best_aws, $t))"); kb=$(peak bench-out/aws-upload.time); aws_kb=$(( kb > aws_kb ? kb : aws_kb ))
  [ "$i" = 1 ] && stored "$(cd "$root/bench-bucket" && ls aws/run-1-*)"
  rm -rf "$root/bench-bucket/aws"
done
echo "upload of a $mib MiB file to rclone serve s3 (SigV4) on loopback, best of $runs:"
python3 -c "print(f'  ferry  {$best_ferry:.2f}s  {$mib/$best_ferry:.0f} MiB/s  peak ${ferry_kb} KB')"
python3 -c "print(f'  aws    {$best_aws:.2f}s  {$mib/$best_aws:.0f} MiB/s  peak ${aws_kb} KB  (aws s3 cp)')"
python3 -c "print(f'  ratio aws/ferry time {$best_aws/$best_ferry:.2f}x (target >= 1)')"
