#!/usr/bin/env bash
# Multi-process cluster test: Redis membership, three `schoolsim silo` processes and a `schoolsim run --cluster`
# client on loopback.
#
#   1. kill -9 of a silo mid-sweep: the remaining silos finish and the dataset is byte-identical to a single-silo
#      (embedded) run of the same sweep;
#   2. kill -9 of the client mid-sweep, then `run --resume`: the finished scenarios are taken back from their
#      checkpoints and the dataset is byte-identical to the uninterrupted run;
#   3. TLS everywhere (certificates made with openssl): two silos and a client with mutual TLS between them and their
#      membership in a second Redis that speaks only TLS (`rediss://`, its own authority given by `--redis-ca`,
#      the cluster certificate presented to it) give the same dataset as a plain run; a client without the cluster
#      certificate is refused by the gateways; a client or silo that does not trust Redis's authority cannot reach it
#      and says why; a Redis that demands client certificates admits a silo presenting the cluster's, and no other;
#   4. the Orleans Dashboard of a silo (`--dashboard PORT`) serves its page; no Redis password reaches the logs.
#
# Usage: tests/cluster/run-cluster-test.sh [RESULTS_DIR]
# Writes RESULTS_DIR/cluster.trx (a TRX file whose <Counters> .ci/run adds to its totals) when RESULTS_DIR is given.
# Installs redis-server with apt-get if it is missing. Everything it starts is stopped by pid on exit. Bounded in
# time: every wait has a deadline.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
results_dir=${1:-}

SWEEP=scenarios/dallas-sweep-example.yaml   # 9 scenarios
REPLICATIONS=${CLUSTER_TEST_REPLICATIONS:-120}
DLL=$repo/src/Simulation.Cli/bin/Release/net10.0/schoolsim.dll
work=$(mktemp -d)
pids=()
passed=0
failed=0
names=()
outcomes=()

log() { echo "cluster-test: $*" >&2; }

cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

record() { # name outcome
  names+=("$1"); outcomes+=("$2")
  if [ "$2" = Passed ]; then passed=$((passed + 1)); log "PASS $1"; else failed=$((failed + 1)); log "FAIL $1"; fi
}

write_trx() {
  [ -n "$results_dir" ] || return 0
  mkdir -p "$results_dir"
  {
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<TestRun name="cluster" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">'
    echo "  <ResultSummary outcome=\"$([ "$failed" -eq 0 ] && echo Completed || echo Failed)\">"
    echo "    <Counters total=\"$((passed + failed))\" executed=\"$((passed + failed))\" passed=\"$passed\" failed=\"$failed\" />"
    echo '  </ResultSummary>'
    echo '  <Results>'
    for i in "${!names[@]}"; do echo "    <UnitTestResult testName=\"${names[$i]}\" outcome=\"${outcomes[$i]}\" />"; done
    echo '  </Results>'
    echo '</TestRun>'
  } > "$results_dir/cluster.trx"
}

finish() {
  write_trx
  log "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}

# Waits until a command succeeds, at most $1 seconds.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}

# --- prerequisites --------------------------------------------------------------------------------------------
if ! command -v redis-server >/dev/null; then
  log "installing redis-server"
  apt-get install -y -o DPkg::Lock::Timeout=900 redis-server >"$work/apt.log" 2>&1 \
    || { apt-get update >>"$work/apt.log" 2>&1 && apt-get install -y -o DPkg::Lock::Timeout=900 redis-server >>"$work/apt.log" 2>&1; } \
    || { tail -20 "$work/apt.log" >&2; record redis-available Failed; finish; }
fi
if [ ! -f "$DLL" ]; then
  timeout 600 dotnet build src/Simulation.Cli -c Release >"$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; record build Failed; finish; }
fi

redis_port=$(free_port) || { record free-port Failed; finish; }
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
wait_for 30 redis-cli -p "$redis_port" ping >/dev/null 2>&1 || { cat "$work/redis.log" >&2; record redis-start Failed; finish; }
CLUSTER="redis://127.0.0.1:$redis_port"
log "redis on 127.0.0.1:$redis_port (pid ${pids[0]})"

start_silo() { # cluster-id name [more silo options]; sets $silo_pid (not in a subshell, so that cleanup knows the pid)
  local id=$1 name=$2
  shift 2
  dotnet "$DLL" silo --cluster "${SILO_CLUSTER:-$CLUSTER}" --cluster-id "$id" "$@" >"$work/$name.out" 2>"$work/$name.err" &
  silo_pid=$!
  pids+=("$silo_pid")
}

silo_ready() { grep -q '^silo ready:' "$work/$1.out"; }

checkpoints() { ls "$1/_checkpoint" 2>/dev/null | grep -c '\.json$'; }

has_checkpoints() { [ "$(checkpoints "$1")" -ge "$2" ]; } # dir count

running() { kill -0 "$1" 2>/dev/null; }

# The dataset's deterministic files (Parquet tables and checkpoints), with their SHA-256.
fingerprint() { (cd "$1" && find . -type f \( -name '*.parquet' -o -path './_checkpoint/*.json' \) | LC_ALL=C sort | xargs sha256sum); }

same_dataset() { # expected actual name
  if diff <(fingerprint "$1") <(fingerprint "$2") >"$work/$3.diff"; then
    # 9 scenarios × 2 partitions + scenarios + summary + differences
    local files
    files=$(fingerprint "$2" | grep -c parquet)
    [ "$files" -eq 21 ] || { log "$3: expected 21 Parquet files, found $files"; return 1; }
  else
    cat "$work/$3.diff" >&2
    return 1
  fi
}

show_logs() { for f in "$@"; do echo "--- $f" >&2; tail -15 "$work/$f" >&2; done; }

# --- reference: the embedded single silo -----------------------------------------------------------------------
log "reference run on the embedded silo ($REPLICATIONS replications × 9 scenarios)"
if ! timeout 900 dotnet "$DLL" run "$SWEEP" --replications "$REPLICATIONS" --out "$work/reference" --quiet >"$work/reference.out" 2>"$work/reference.err"; then
  show_logs reference.err; record reference-run Failed; finish
fi

# --- 1. kill -9 of a silo mid-sweep ----------------------------------------------------------------------------
log "starting three silos"
start_silo kill silo1; s1=$silo_pid
start_silo kill silo2; s2=$silo_pid
dashboard_port=$(free_port) || { record free-port Failed; finish; }
start_silo kill silo3 --dashboard "$dashboard_port"; s3=$silo_pid
if wait_for 180 silo_ready silo1 && wait_for 180 silo_ready silo2 && wait_for 180 silo_ready silo3; then
  # The Orleans Dashboard of silo3 (`--dashboard PORT`) serves its page on loopback.
  if curl -sf --max-time 30 "http://127.0.0.1:$dashboard_port/" -o "$work/dashboard.html" \
      && grep -qi 'orleans' "$work/dashboard.html" && grep -q "dashboard http://127.0.0.1:$dashboard_port/" "$work/silo3.out"; then
    record dashboard-serves Passed
  else
    show_logs silo3.out silo3.err; record dashboard-serves Failed
  fi
  dotnet "$DLL" run "$SWEEP" --replications "$REPLICATIONS" --out "$work/killed" --cluster "$CLUSTER" --cluster-id kill \
    >"$work/client1.out" 2>"$work/client1.err" &
  client=$!
  pids+=("$client")
  # Partway: once the first scenario is checkpointed, with more still running.
  if wait_for 600 has_checkpoints "$work/killed" 1; then
    kill -9 "$s2"
    at_kill=$(checkpoints "$work/killed")
    log "killed silo2 (pid $s2) with $at_kill of 9 scenarios done"
    if wait_for 900 eval "! running $client"; then
      wait "$client"; status=$?
      if [ "$status" -eq 0 ] && [ "$at_kill" -lt 9 ] && same_dataset "$work/reference" "$work/killed" kill; then
        grep -h 'replications by silo' "$work/client1.err" >&2
        record silo-killed-mid-sweep-dataset-identical Passed
      else
        show_logs client1.err silo1.err silo3.err; record silo-killed-mid-sweep-dataset-identical Failed
      fi
    else
      show_logs client1.err; record silo-killed-mid-sweep-dataset-identical Failed
    fi
  else
    show_logs client1.err silo1.err; record silo-killed-mid-sweep-dataset-identical Failed
  fi
else
  show_logs silo1.err silo2.err silo3.err; record silo-killed-mid-sweep-dataset-identical Failed
fi
for pid in "$s1" "$s3"; do kill -TERM "$pid" 2>/dev/null; done

# --- 2. kill -9 of the client, then --resume -------------------------------------------------------------------
log "starting two silos for the resume test"
start_silo resume silo4
start_silo resume silo5
if wait_for 180 silo_ready silo4 && wait_for 180 silo_ready silo5; then
  dotnet "$DLL" run "$SWEEP" --replications "$REPLICATIONS" --out "$work/resumed" --cluster "$CLUSTER" --cluster-id resume \
    >"$work/client2.out" 2>"$work/client2.err" &
  client=$!
  pids+=("$client")
  if wait_for 600 has_checkpoints "$work/resumed" 2; then
    kill -9 "$client"
    wait "$client" 2>/dev/null
    done_before=$(checkpoints "$work/resumed")
    log "killed the client with $done_before of 9 scenarios done"
    if [ ! -f "$work/resumed/manifest.json" ] && [ "$done_before" -lt 9 ] \
      && timeout 900 dotnet "$DLL" run "$SWEEP" --replications "$REPLICATIONS" --out "$work/resumed" --cluster "$CLUSTER" \
           --cluster-id resume --resume >"$work/client3.out" 2>"$work/client3.err" \
      && grep -q "resuming: $done_before scenario(s) already complete" "$work/client3.err" \
      && ! find "$work/resumed" -name '.*.tmp-*' | grep -q . \
      && same_dataset "$work/reference" "$work/resumed" resume; then
      record client-killed-then-resume-dataset-identical Passed
    else
      show_logs client2.err client3.err; record client-killed-then-resume-dataset-identical Failed
    fi
  else
    show_logs client2.err silo4.err; record client-killed-then-resume-dataset-identical Failed
  fi
else
  show_logs silo4.err silo5.err; record client-killed-then-resume-dataset-identical Failed
fi

# --- 3. TLS everywhere -------------------------------------------------------------------------------------------
log "TLS: two silos and a client sharing one self-signed certificate, membership in Redis over TLS"
TLS_SCENARIO=scenarios/dallas-5050.yaml
tls_dir="$work/tls"
mkdir -p "$tls_dir"
echo "tls-test-password" >"$tls_dir/password"
# The cluster's certificate (self-signed), and an authority that signs the Redis server's certificate for 127.0.0.1.
if openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tls_dir/key.pem" -out "$tls_dir/cert.pem" -days 2 \
     -subj "/CN=schoolsim-cluster" -addext "subjectAltName=DNS:schoolsim-cluster" >"$work/openssl.log" 2>&1 \
   && openssl pkcs12 -export -out "$tls_dir/cluster.pfx" -inkey "$tls_dir/key.pem" -in "$tls_dir/cert.pem" \
     -passout "file:$tls_dir/password" >>"$work/openssl.log" 2>&1 \
   && openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tls_dir/redis-ca.key" -out "$tls_dir/redis-ca.pem" -days 2 \
     -subj "/CN=schoolsim-test-redis-ca" >>"$work/openssl.log" 2>&1 \
   && openssl req -newkey rsa:2048 -nodes -keyout "$tls_dir/redis.key" -out "$tls_dir/redis.csr" \
     -subj "/CN=127.0.0.1" >>"$work/openssl.log" 2>&1 \
   && printf 'subjectAltName=IP:127.0.0.1\n' >"$tls_dir/redis.ext" \
   && openssl x509 -req -in "$tls_dir/redis.csr" -CA "$tls_dir/redis-ca.pem" -CAkey "$tls_dir/redis-ca.key" \
     -CAcreateserial -out "$tls_dir/redis.pem" -days 2 -extfile "$tls_dir/redis.ext" >>"$work/openssl.log" 2>&1; then
  # A Redis over TLS only (no plain port) on $1, whose clients' certificates, when asked for (tls-auth-clients $2),
  # must be the cluster's; logs to $work/$3.
  start_tls_redis() {
    redis-server --bind 127.0.0.1 --port 0 --tls-port "$1" --tls-cert-file "$tls_dir/redis.pem" \
      --tls-key-file "$tls_dir/redis.key" --tls-ca-cert-file "$tls_dir/cert.pem" --tls-auth-clients "$2" \
      --save "" --appendonly no --daemonize no >"$work/$3" 2>&1 &
    pids+=($!)
  }
  untrusted_reason="does not chain to an authority this system trusts (give a private authority with --redis-ca FILE)"
  tls_redis_port=$(free_port) || { record free-port Failed; finish; }
  start_tls_redis "$tls_redis_port" optional redis-tls.log
  wait_for 30 redis-cli --tls --cacert "$tls_dir/redis-ca.pem" -h 127.0.0.1 -p "$tls_redis_port" ping >/dev/null 2>&1 \
    || { cat "$work/redis-tls.log" >&2; record redis-tls-start Failed; finish; }
  SILO_CLUSTER="rediss://127.0.0.1:$tls_redis_port"
  TLS=(--tls-certificate "$tls_dir/cluster.pfx" --tls-password-file "$tls_dir/password" --redis-ca "$tls_dir/redis-ca.pem")
  start_silo tls silo6 "${TLS[@]}"
  start_silo tls silo7 "${TLS[@]}"
  if wait_for 180 silo_ready silo6 && wait_for 180 silo_ready silo7 && grep -q ' tls schoolsim-cluster ' "$work/silo6.out"; then
    if timeout 600 dotnet "$DLL" run "$TLS_SCENARIO" --replications 40 --no-grains --quiet --out "$work/tls-reference" \
         >"$work/tls-reference.out" 2>"$work/tls-reference.err" \
       && timeout 600 dotnet "$DLL" run "$TLS_SCENARIO" --replications 40 --quiet --out "$work/tls-run" --cluster "$SILO_CLUSTER" \
         --cluster-id tls "${TLS[@]}" >"$work/tls-client.out" 2>"$work/tls-client.err" \
       && diff <(fingerprint "$work/tls-reference") <(fingerprint "$work/tls-run") >"$work/tls.diff" \
       && [ "$(fingerprint "$work/tls-run" | grep -c parquet)" -eq 4 ]; then
      record tls-cluster-dataset-identical Passed
    else
      cat "$work/tls.diff" >&2 2>/dev/null; show_logs tls-client.err silo6.err silo7.err; record tls-cluster-dataset-identical Failed
    fi
    # Without the certificate the client cannot get through the gateways, which demand TLS: it gives up (exit 1)
    # after its connect timeout and writes no dataset.
    timeout 300 dotnet "$DLL" run "$TLS_SCENARIO" --replications 4 --quiet --out "$work/tls-refused" --cluster "$SILO_CLUSTER" \
      --cluster-id tls --redis-ca "$tls_dir/redis-ca.pem" >"$work/tls-refused.out" 2>"$work/tls-refused.err"
    refused=$?
    if [ "$refused" -eq 1 ] && grep -q "could not reach a silo" "$work/tls-refused.err" && [ ! -f "$work/tls-refused/manifest.json" ]; then
      record tls-required Passed
    else
      log "client without certificate exited $refused"; show_logs tls-refused.err; record tls-required Failed
    fi
    # With the cluster certificate but without Redis's authority the client refuses the Redis server's certificate,
    # so it finds no gateway either.
    timeout 300 dotnet "$DLL" run "$TLS_SCENARIO" --replications 4 --quiet --out "$work/redis-untrusted" --cluster "$SILO_CLUSTER" \
      --cluster-id tls --tls-certificate "$tls_dir/cluster.pfx" --tls-password-file "$tls_dir/password" \
      >"$work/redis-untrusted.out" 2>"$work/redis-untrusted.err"
    untrusted=$?
    if [ "$untrusted" -eq 1 ] && grep -q "could not reach a silo of cluster 'tls' through rediss://127.0.0.1:$tls_redis_port" "$work/redis-untrusted.err" \
       && grep -qF "$untrusted_reason" "$work/redis-untrusted.err" \
       && [ ! -f "$work/redis-untrusted/manifest.json" ]; then
      record redis-tls-authority-required Passed
    else
      log "client without Redis's authority exited $untrusted"; show_logs redis-untrusted.err; record redis-tls-authority-required Failed
    fi
    # A silo without Redis's authority gives up at start, saying why.
    timeout 300 dotnet "$DLL" silo --cluster "$SILO_CLUSTER" --cluster-id tls-untrusted \
      --tls-certificate "$tls_dir/cluster.pfx" --tls-password-file "$tls_dir/password" \
      >"$work/silo-untrusted.out" 2>"$work/silo-untrusted.err"
    untrusted=$?
    if [ "$untrusted" -eq 1 ] && ! grep -q "silo ready" "$work/silo-untrusted.out" \
       && grep -q "could not join cluster 'tls-untrusted' through rediss://127.0.0.1:$tls_redis_port (Redis's TLS certificate" "$work/silo-untrusted.err" \
       && grep -qF "$untrusted_reason" "$work/silo-untrusted.err"; then
      record silo-redis-tls-authority-required Passed
    else
      log "silo without Redis's authority exited $untrusted"; show_logs silo-untrusted.err; record silo-redis-tls-authority-required Failed
    fi
    # A Redis that demands a client certificate (tls-auth-clients yes) lets in a silo presenting the cluster's
    # certificate, and only that: the same silo without --tls-certificate gives up.
    strict_port=$(free_port) || { record free-port Failed; finish; }
    start_tls_redis "$strict_port" yes redis-strict.log
    if wait_for 30 redis-cli --tls --cacert "$tls_dir/redis-ca.pem" --cert "$tls_dir/cert.pem" --key "$tls_dir/key.pem" \
         -h 127.0.0.1 -p "$strict_port" ping >/dev/null 2>&1; then
      SILO_CLUSTER="rediss://127.0.0.1:$strict_port" start_silo strict silo8 "${TLS[@]}"
      s8=$silo_pid
      timeout 300 dotnet "$DLL" silo --cluster "rediss://127.0.0.1:$strict_port" --cluster-id strict-anonymous \
        --redis-ca "$tls_dir/redis-ca.pem" >"$work/silo-anonymous.out" 2>"$work/silo-anonymous.err"
      anonymous=$?
      if wait_for 180 silo_ready silo8 && [ "$anonymous" -ne 0 ] && [ "$anonymous" -ne 124 ] \
         && ! grep -q "silo ready" "$work/silo-anonymous.out"; then
        record redis-client-certificate-presented Passed
      else
        log "silo without a certificate exited $anonymous"; show_logs silo8.err silo-anonymous.err redis-strict.log
        record redis-client-certificate-presented Failed
      fi
      kill -TERM "$s8" 2>/dev/null
    else
      cat "$work/redis-strict.log" >&2; record redis-client-certificate-presented Failed
    fi
  else
    show_logs silo6.out silo6.err silo7.err; record tls-cluster-dataset-identical Failed
  fi
else
  tail -20 "$work/openssl.log" >&2; record tls-certificate Failed
fi

# --- 4. no secret in logs ----------------------------------------------------------------------------------------
if grep -rq "hunter2" "$work"/*.out "$work"/*.err 2>/dev/null; then record no-secret-in-logs Failed; else
  # a password in the address must not be echoed, even in an error
  dotnet "$DLL" run "$SWEEP" --out "$work/none" --cluster "redis://:hunter2@127.0.0.1" >"$work/secret.out" 2>"$work/secret.err"
  if grep -q hunter2 "$work/secret.out" "$work/secret.err"; then record no-secret-in-logs Failed; else record no-secret-in-logs Passed; fi
fi

finish
