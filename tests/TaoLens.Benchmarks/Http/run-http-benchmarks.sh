#!/usr/bin/env bash
# The HTTP benchmarks of docs/benchmarks.md ("Read API and overview under load"):
#   1. a throwaway PostgreSQL 15 cluster on 127.0.0.1:$PG_PORT, seeded with one year of 10-minute snapshots for
#      129 subnets (6,780,240 rows) by `TaoLens.Benchmarks seed` (skipped when the cluster is already seeded);
#   2. TaoLens published in Release, on 127.0.0.1:$WEB_PORT, every ingestion source off;
#   3. wrk at 32 connections on each URL (the series endpoint both as deployed, cached, and with its cache off),
#      and pgbench at 32 clients on the series endpoint's own SQL, in the same run;
#   4. the overview signed in (session cookie) against anonymous, alternating, with the app's CPU time per request
#      (issue 12's 1.2x bound).
# Usage: tests/TaoLens.Benchmarks/Http/run-http-benchmarks.sh [all|accounts]   (env: BENCH_DIR, DURATION, PG_PORT, WEB_PORT)
#   all (default) runs 3 and 4; accounts runs only 4.
set -euo pipefail
mode=${1:-all}
case "$mode" in all | accounts) ;; *) echo "usage: $0 [all|accounts]" >&2; exit 2 ;; esac
cd "$(dirname "$0")/../../.."
repo=$(pwd)
here="$repo/tests/TaoLens.Benchmarks/Http"
bench=${BENCH_DIR:-/tmp/taolens-http-bench}
duration=${DURATION:-30s}
pg_port=${PG_PORT:-5499}
web_port=${WEB_PORT:-5098}
pg_bin=$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -1)")
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=taolens;Maximum Pool Size=64"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
mkdir -p "$bench"
chown postgres "$bench" 2>/dev/null || true
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ ! -d "$bench/pg" ]; then
  as_postgres "$pg_bin/initdb" -D "$bench/pg" -A trust -U postgres >/dev/null
fi
if ! as_postgres "$pg_bin/pg_ctl" -D "$bench/pg" status >/dev/null; then
  as_postgres "$pg_bin/pg_ctl" -D "$bench/pg" -l "$bench/pg.log" -w start \
    -o "-p $pg_port -k $bench -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_connections=200"
fi
psql="psql -h 127.0.0.1 -p $pg_port -U postgres -v ON_ERROR_STOP=1 -qtA"
$psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'taolens'" | grep -q 1 || $psql -d postgres -c "CREATE DATABASE taolens"

dotnet build -c Release tests/TaoLens.Benchmarks -v q -nologo >/dev/null
dotnet publish src/TaoLens.Web -c Release -o "$bench/web" -v q -nologo >/dev/null
if [ "$($psql -d taolens -c "SELECT to_regclass('subnet_snapshots') IS NOT NULL AND EXISTS (SELECT 1 FROM subnet_snapshots)" 2>/dev/null)" != "t" ]; then
  dotnet run -c Release --no-build --project tests/TaoLens.Benchmarks -- seed --connection "$connection"
fi
# An already-seeded cluster may predate the current schema: migrate it.
ConnectionStrings__TaoLens="$connection;Command Timeout=0" "$bench/web/TaoLens.Web" migrate >/dev/null
snapshots=$($psql -d taolens -c "SELECT count(*) FROM subnet_snapshots")

# TaoLens as published, every source off, no rate limit (wrk measures throughput, not the limiter); extra settings
# (e.g. Valuation__SeriesCacheDays=0) as arguments.
web=""
start_web() {
  [ -z "$web" ] || { kill "$web"; wait "$web" 2>/dev/null || true; }
  (cd "$bench/web" && exec env ASPNETCORE_URLS="http://127.0.0.1:$web_port" ConnectionStrings__TaoLens="$connection" \
    ReferenceData__Enabled=false Sources__Subtensor__Enabled=false Sources__Taostats__Enabled=false \
    Sources__CoinGecko__Enabled=false Sources__Chutes__Enabled=false RateLimiting__Enabled=false Logging__LogLevel__Default=Warning "$@" \
    ./TaoLens.Web >>"$bench/web.log" 2>&1) &
  web=$!
  for _ in $(seq 60); do curl -sf "http://127.0.0.1:$web_port/healthz" >/dev/null && return; sleep 1; done
  echo "TaoLens did not start; see $bench/web.log" >&2
  exit 1
}
trap '[ -z "$web" ] || kill $web 2>/dev/null || true' EXIT

base="http://127.0.0.1:$web_port"
series="/api/v1/subnets/12/series?metric=subsidyToRevenue&from=2025-11-01&to=2026-10-31&window=30"
wrk_run() { wrk -t2 -c32 -d"$duration" -s "$here/percentiles.lua" "$base$1" | grep RESULT; }
# The series endpoint's own SQL, 32 clients, extended protocol like Npgsql; percentiles from the per-transaction log.
pgbench_run() {
  rm -f "$bench"/pgbench_log.*
  (cd "$bench" && pgbench -h 127.0.0.1 -p "$pg_port" -U postgres -n -M extended -c 32 -j 2 -T "${duration%s}" -f "$here/series.sql" -l taolens >/dev/null)
  cat "$bench"/pgbench_log.* | awk '{ print $3 / 1000 }' | sort -n | awk -v d="${duration%s}" '
    { v[NR] = $1; s += $1 } END { printf "RESULT requests=%d errors=0 rps=%.1f p50=%.2f p95=%.2f p99=%.2f max=%.2f mean=%.2f\n", NR, NR / d, v[int(NR*0.50)], v[int(NR*0.95)], v[int(NR*0.99)], v[NR], s / NR }'
  rm -f "$bench"/pgbench_log.*
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

# The overview signed in against anonymous, in one process, alternating (anonymous, signed in, twice) so drift in the
# shared machine's speed hits both alike. The account is the instance's first (registration is open only to it on an
# empty instance; a later run signs in to the one an earlier run made). The cookie header carries the session cookie,
# fresh from POST /api/v1/auth/login?useCookies=true before each signed-in run (a browser gets a renewed cookie when
# Accounts:SessionRecheckInterval has passed; a replayed old one would be rechecked on every request), and the
# antiforgery cookie a browser has after its first page (without it every page would mint a new one).
signed_in_vs_anonymous() {
  local account='{"email":"bench@example.com","password":"benchmark password 12"}' cookie anon signed
  curl -s -o /dev/null -H 'Content-Type: application/json' -d "$account" "$base/api/v1/auth/register" || true
  sign_in() {
    local jar="$bench/cookies.txt"
    rm -f "$jar"
    curl -sf -o /dev/null -c "$jar" -H 'Content-Type: application/json' -d "$account" "$base/api/v1/auth/login?useCookies=true" ||
      { echo "sign-in failed (is bench@example.com the first account of this database?)" >&2; exit 1; }
    curl -sf -o /dev/null -b "$jar" -c "$jar" "$base/"
    # Netscape cookie jar: name and value are the last two fields; HttpOnly lines start with #HttpOnly_.
    awk -F'\t' 'NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar"
  }
  cookie=$(sign_in)
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base/api/v1/me")" = 200 ] || { echo "the cookie does not sign in" >&2; exit 1; }
  wrk -t2 -c32 -d10s "$base/" >/dev/null
  wrk -t2 -c32 -d10s -H "Cookie: $cookie" "$base/" >/dev/null
  # wrk's 2 s default timeout would cut the slow tail off a loaded machine's percentiles: 10 s. Beside wrk's figures,
  # the app's own CPU time per request (user + system, from /proc), which other processes' load barely moves.
  page_run() {
    local before after result
    before=$(awk '{ print $14 + $15 }' "/proc/$web/stat")
    result=$(wrk -t2 -c32 -d"$duration" --timeout 10s -s "$here/percentiles.lua" "$@" "$base/" | grep RESULT)
    after=$(awk '{ print $14 + $15 }' "/proc/$web/stat")
    awk -v r="$result" -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" 'BEGIN { match(r, /requests=[0-9]+/); n = substr(r, RSTART + 9, RLENGTH - 9)
      printf "%s cpu=%.2f\n", r, (n > 0 ? t * 1000 / hz / n : 0) }'
  }
  for round in 1 2 3; do
    anon=$(page_run)
    printf '%-15s %s load %s\n' "anonymous$round" "$anon" "$(load)"
    cookie=$(sign_in)
    signed=$(page_run -H "Cookie: $cookie")
    printf '%-15s %s load %s\n' "signed-in$round" "$signed" "$(load)"
    # The bound is on the page's time: signed-in mean and p95 over anonymous.
    awk -v a="$anon" -v s="$signed" -v r="$round" 'function f(t, k) { match(t, k "=[0-9.]+"); return substr(t, RSTART + length(k) + 1, RLENGTH - length(k) - 1) }
      BEGIN { printf "%-15s mean %.2fx p50 %.2fx p95 %.2fx rps %.2fx cpu/request %.2fx\n", "ratio" r, f(s, "mean") / f(a, "mean"), f(s, "p50") / f(a, "p50"), f(s, "p95") / f(a, "p95"), f(a, "rps") / f(s, "rps"), f(s, "cpu") / f(a, "cpu") }'
  done
}

echo "snapshots: $snapshots; wrk -t2 -c32 -d$duration; pgbench -c32 -j2 -T${duration%s}; $(nproc) cores; load $(load); $(date -u +%FT%TZ)"
if [ "$mode" = accounts ]; then
  : >"$bench/web.log"
  start_web
  wrk -t2 -c32 -d5s "$base/" >/dev/null
  signed_in_vs_anonymous
  exit 0
fi

# As deployed: valuations cached until the database changes. Warm up JIT, the pool, the caches, PostgreSQL's buffers.
: >"$bench/web.log"
start_web
for url in /api/v1/subnets "$series" /; do wrk -t2 -c32 -d5s "$base$url" >/dev/null; done
printf '%-15s %s\n' subnets "$(wrk_run /api/v1/subnets)" overview "$(wrk_run /)" series-cached "$(wrk_run "$series")"

# Memory under hostile input: 10,000 requests for distinct netuids the database does not hold, on the API and on the
# page, 16 at a time; the process's resident and managed memory before and after (managed after a forced collection).
rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$web/status"; }
unknown_netuids() {
  seq 20000 29999 | awk -v b="$base" -v p="$1" '{ printf "url = \"%s%s%d\"\noutput = /dev/null\n", b, p, $1 }' >"$bench/unknown.cfg"
  curl -sS --no-progress-meter -Z --parallel-max 16 -K "$bench/unknown.cfg" -w '%{http_code}\n' | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }'
}
printf '%-15s RSS %s MB\n' memory-before "$(rss_mb)"
printf '%-15s %s RSS %s MB\n' memory-api "$(unknown_netuids /api/v1/subnets/)" "$(rss_mb)"
printf '%-15s %s RSS %s MB\n' memory-pages "$(unknown_netuids /subnets/)" "$(rss_mb)"
# The series cache off: every request runs the SQL and the engine. It and its SQL alternate, three rounds, so drift
# in the machine's speed hits both alike.
start_web Valuation__SeriesCacheDays=0
# A fresh process needs about 30 s under load to reach steady state (tiered JIT, the thread pool): warm it that long.
wrk -t2 -c32 -d30s "$base$series" >/dev/null
for round in 1 2 3; do
  printf '%-15s %s\n' "series$round" "$(wrk_run "$series")" "pgbench$round" "$(pgbench_run)"
done

start_web
wrk -t2 -c32 -d5s "$base/" >/dev/null
signed_in_vs_anonymous
