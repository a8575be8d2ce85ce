#!/usr/bin/env bash
# psp2psa benchmark (issues 5 and 17, DESIGN.md §8): generates a synthetic cluster as `kubectl get -o json` would,
# then measures `analyze --format json` end to end (through ./psp2psa, with the JVM options it uses) against the
# Jackson parse floor single-threaded and on all cores, memory, -Xmx512m runs of analyze, convert, check and verify,
# scaling at half and double size, and the small runs CI makes (--version, check, analyze, convert on the samples), and prints
# one table per part with each target met or missed. See bench/README.md.
#
#   bench/run.sh [--scale 1.0] [--seed 42] [--sizes half,default,double] [--xmx 16g] [--timeout 1800] [--profile]
#
# --profile also records analyze and convert at the default size, and the small runs, with JFR (separate, untimed runs)
# and prints where their CPU samples go (bench/ProfileSummary.java): per thread, per library, interpreted or compiled,
# per second of the run, per method.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
scale=1.0 seed=42 sizes=half,default,double xmx=16g timeout_s=1800 out=bench/out profile=
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2;;
    --seed) seed="$2"; shift 2;;
    --sizes) sizes="$2"; shift 2;;
    --xmx) xmx="$2"; shift 2;;
    --timeout) timeout_s="$2"; shift 2;;
    --out) out="$2"; shift 2;;
    --profile) profile=1; shift;;
    -h|--help) sed -n '2,11p' "$0"; exit 0;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
jar="$here/target/psp2psa.jar"
launcher="$here/psp2psa"
if [ ! -f "$jar" ]; then
  echo "bench: building $jar" >&2
  mvn -B -q -DskipTests package >&2 || { echo "bench: build failed" >&2; exit 4; }
fi
mkdir -p "$out/classes" "$out/logs"
javac -d "$out/classes" -cp "$jar" bench/Generate.java bench/ParseFloor.java || exit 4
log() { echo "bench: $*" >&2; }

# run LABEL CMD...: runs CMD under /usr/bin/time with a timeout; sets wall, rss_mb, rc, status.
run() {
  local label="$1"; shift
  local tf="$out/logs/$label.time" ef="$out/logs/$label.err"
  # stdout goes to a file: -XX:+ExitOnOutOfMemoryError reports "Terminating due to ...OutOfMemoryError" there
  /usr/bin/time -f '%e %M' -o "$tf" timeout "$timeout_s" "$@" >"$out/logs/$label.out" 2>"$ef"
  rc=$?
  tail -c 4096 "$out/logs/$label.out" | grep -a 'OutOfMemoryError' >>"$ef"
  rm -f "$out/logs/$label.out"
  read -r wall rss_kb < <(tail -1 "$tf" | grep -E '^[0-9.]+ [0-9]+$' || echo "NaN 0")
  rss_mb=$(( ${rss_kb:-0} / 1024 ))
  if grep -q 'OutOfMemoryError' "$ef"; then status="failed: OOM"
  elif [ "$rc" = 124 ]; then status="failed: timeout ${timeout_s}s"
  elif [ "$rc" != 0 ]; then status="failed: exit $rc ($(grep -v '^$' "$ef" | head -1 | cut -c1-80))"
  else status=ok; fi
}
# busy_start / busy_stop LABEL: the cores busy in each second of a run, from the machine's /proc/stat (the bench
# assumes nothing else runs), as "1.9 2.0 1.1 ..." in $out/logs/LABEL.busy. A JFR profile counts samples of Java
# code only; this also counts the collector, the compiler and the JVM's own work.
busy_start() {
  ( prev=$(awk '/^cpu / { print $2+$3+$4+$7+$8 }' /proc/stat)
    while sleep 1; do
      now=$(awk '/^cpu / { print $2+$3+$4+$7+$8 }' /proc/stat)
      awk -v a="$prev" -v b="$now" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f ", (b-a)/hz }'
      prev=$now
    done ) > "$out/logs/busy.tmp" &
  busy_pid=$!
}
busy_stop() {
  kill "$busy_pid" 2>/dev/null; wait "$busy_pid" 2>/dev/null
  mv "$out/logs/busy.tmp" "$out/logs/$1.busy"
}
# heap GCLOG: "peak used/max live" in MB from -Xlog:gc lines "A M->B M(C M)".
heap() {
  grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$1" 2>/dev/null \
    | awk -F'[M>(-]+' '{ if ($1>u) u=$1; if ($2>l) l=$2 } END { printf "%d / %d", u, l }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a == a+0) printf "%.2f", a/b; else print "n/a" }'; }

declare -A T P
rows=()
IFS=, read -ra size_list <<< "$sizes"
for size in "${size_list[@]}"; do
  case "$size" in half) f=0.5;; default) f=1;; double) f=2;; *) f="$size";; esac
  s=$(awk -v a="$scale" -v b="$f" 'BEGIN { printf "%g", a*b }')
  data="$out/data-s$s-seed$seed"
  if [ ! -f "$data/.done" ]; then
    log "generating $data (scale $s)"
    rm -rf "$data"
    java -cp "$out/classes" Generate "$data" --scale "$s" --seed "$seed" || exit 4
    touch "$data/.done"
  fi
  mb=$(du -cb "$data"/*.json | tail -1 | awk '{ printf "%.0f", $1/1e6 }')
  pods=$(awk -v s="$s" 'BEGIN { printf "%d", (200000*s < 10 ? 10 : 200000*s + 0.5) }')
  nss=$(awk -v s="$s" 'BEGIN { printf "%d", (5000*s < 4 ? 4 : 5000*s + 0.5) }')
  cat "$data"/*.json > /dev/null   # warm the page cache for both runs alike

  log "[$size] parse floor (Jackson streaming tokens), single-threaded and on $(nproc) threads"
  run "floor-$size" java -Xmx"$xmx" -cp "$jar:$out/classes" ParseFloor "$data"
  floor=$wall; floor_rss=$rss_mb; [ "$status" = ok ] || floor="$status"
  run "floor-all-$size" java -Xmx"$xmx" -cp "$jar:$out/classes" ParseFloor "$data" --threads "$(nproc)"
  floor_all=$wall; [ "$status" = ok ] || floor_all="$status"

  log "[$size] analyze --format json (-Xmx$xmx)"
  busy_start
  run "analyze-$size" env PSP2PSA_JAVA_OPTS="-Xmx$xmx -Xlog:gc:file=$out/logs/gc-$size.log" "$launcher" analyze \
    -f "$data" --format json
  busy_stop "analyze-$size"
  an=$wall; an_rss=$rss_mb; an_status=$status; hp=$(heap "$out/logs/gc-$size.log")
  [ "$an_status" = ok ] || an="$an_status"
  T[$size]=$an; P[$size]=$floor_all

  small="—"
  if [ "$size" = default ]; then
    log "[$size] analyze with -Xmx512m"
    run "analyze-512m-$size" env PSP2PSA_JAVA_OPTS="-Xmx512m -XX:+ExitOnOutOfMemoryError" "$launcher" analyze \
      -f "$data" --format json
    if [ "$status" = ok ]; then small="ok (${wall}s, RSS ${rss_mb} MB)"; else small="$status"; fi
    SMALL="$small"
    log "[$size] convert with -Xmx512m"
    rm -rf "$out/convert-$size"
    busy_start
    run "convert-512m-$size" env PSP2PSA_JAVA_OPTS="-Xmx512m -XX:+ExitOnOutOfMemoryError" "$launcher" convert \
      -f "$data" -o "$out/convert-$size" --force
    busy_stop "convert-512m-$size"
    CONVERT="$status"; CONVERT_WALL="$wall"
    log "[$size] check with -Xmx512m"
    run "check-512m-$size" env PSP2PSA_JAVA_OPTS="-Xmx512m -XX:+ExitOnOutOfMemoryError" "$launcher" check \
      -f "$data" --format json
    [ "$rc" = 1 ] && status=ok   # check exits 1 when some pod is denied
    CHECK="$status"; CHECK_WALL="$wall"
    if [ -n "$profile" ]; then
      log "[$size] analyze under JFR (untimed)"
      run "profile-$size" env PSP2PSA_JAVA_OPTS="-Xmx$xmx -XX:StartFlightRecording=filename=$out/logs/analyze-$size.jfr,settings=profile" \
        "$launcher" analyze -f "$data" --format json
      java bench/ProfileSummary.java "$out/logs/analyze-$size.jfr" 20 > "$out/profile-$size.md" 2>&1
      log "[$size] convert under JFR (untimed)"
      rm -rf "$out/convert-profile-$size"
      run "profile-convert-$size" env PSP2PSA_JAVA_OPTS="-Xmx$xmx -XX:StartFlightRecording=filename=$out/logs/convert-$size.jfr,settings=profile" \
        "$launcher" convert -f "$data" -o "$out/convert-profile-$size" --force
      java bench/ProfileSummary.java "$out/logs/convert-$size.jfr" 20 > "$out/profile-convert-$size.md" 2>&1
      rm -rf "$out/convert-profile-$size"
    fi
    if [ "$CONVERT" = ok ]; then
      log "[$size] verify with -Xmx512m (against the tree convert wrote)"
      run "verify-512m-$size" env PSP2PSA_JAVA_OPTS="-Xmx512m -XX:+ExitOnOutOfMemoryError" "$launcher" verify \
        -f "$data" --policies "$out/convert-$size" --format json
      [ "$rc" = 1 ] && status=ok   # verify exits 1 when a disagreement is unexplained
      VERIFY="$status"; VERIFY_WALL="$wall"
    else
      VERIFY="not run: convert failed"
    fi
  fi
  rows+=("| $size | $s | $nss | $pods | $mb | $floor | $floor_all | $an | $(ratio "$an" "$floor_all") | $floor_rss | $an_rss | $hp | $small |")
done

# small LABEL TARGET CMD...: the median wall time of 5 runs of CMD (after one warm-up), as a table row.
small_rows=()
small_n=0
small() {
  local label="$1" target="$2"; shift 2
  small_n=$((small_n + 1))
  "$@" >/dev/null 2>&1
  local times=()
  for i in 1 2 3 4 5; do run "small-$small_n-$i" "$@"; times+=("$wall"); done
  local med; med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  small_rows+=("| \`$label\` | $med | $(echo "${times[@]}") | $target | $(met "$med" "$target") |")
}
# small_profile LABEL CMD...: 5 untimed runs of CMD under JFR sampling every millisecond (the profile settings sample every
# 10 or 20 ms, too coarse for a run of half a second); their recordings are summed into $out/profile-small.md.
small_profile() {
  local label="$1"; shift
  local jfc="$out/logs/small.jfc"
  if [ ! -f "$jfc" ]; then
    local home; home=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.home/ { print $2 }')
    awk '/<event name="jdk.ExecutionSample">/ { e = 1 } e && /name="period"/ { sub(/>[^<]*</, ">1 ms<"); e = 0 } { print }' \
      "$home/lib/jfr/profile.jfc" > "$jfc"
  fi
  small_n=$((small_n + 1))
  local files=()
  for i in 1 2 3 4 5; do
    run "small-profile-$small_n-$i" env PSP2PSA_JAVA_OPTS="-XX:StartFlightRecording=filename=$out/logs/small-$small_n-$i.jfr,settings=$jfc" "$@"
    files+=("$out/logs/small-$small_n-$i.jfr")
  done
  { echo "#### \`$label\`"; echo; java bench/ProfileSummary.java "${files[@]}" 12; } >> "$out/profile-small.md" 2>&1
}
met() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a == a+0 && a <= b) }'; then echo met; else echo MISSED; fi; }
log "small runs (5 each)"
small "psp2psa --version" 0.2 "$launcher" --version
small "check -f samples/failing-pods" 0.4 "$launcher" check -f samples/failing-pods
small "analyze -f samples/multi-tenant --format json" 0.6 "$launcher" analyze -f samples/multi-tenant --format json
small "convert -f samples/multi-tenant -o DIR" 1.0 "$launcher" convert -f samples/multi-tenant -o "$out/small-convert" --force
if [ -n "$profile" ]; then
  log "small runs under JFR (untimed, 5 each)"
  rm -f "$out/profile-small.md"
  small_profile "check -f samples/failing-pods" "$launcher" check -f samples/failing-pods
  small_profile "analyze -f samples/multi-tenant --format json" "$launcher" analyze -f samples/multi-tenant --format json
  small_profile "convert -f samples/multi-tenant -o DIR" "$launcher" convert -f samples/multi-tenant \
    -o "$out/small-convert" --force
fi

echo
echo "psp2psa benchmark: scale $scale, seed $seed, $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2/1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1), timing runs with -Xmx$xmx"
echo
echo "| size | scale | namespaces | pods | input MB | parse floor s (1 thread) | parse floor s ($(nproc) threads) | analyze s | analyze / floor | floor RSS MB | analyze RSS MB | heap peak / live MB | analyze -Xmx512m |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
printf '%s\n' "${rows[@]}"
echo
echo "| small run (./psp2psa) | median s | 5 runs s | target s | |"
echo "| --- | ---: | --- | ---: | --- |"
printf '%s\n' "${small_rows[@]}"
echo
if [ -f "$out/logs/analyze-default.busy" ]; then
  echo "Cores busy in each second of the timed runs at the default size (/proc/stat, $(nproc) cores):"
  echo
  echo "- analyze: $(cat "$out/logs/analyze-default.busy")"
  [ -f "$out/logs/convert-512m-default.busy" ] && echo "- convert -Xmx512m: $(cat "$out/logs/convert-512m-default.busy")"
  echo
fi
if [ -n "$profile" ] && [ -f "$out/profile-default.md" ]; then
  echo "Where analyze spends its CPU at the default size (JFR, bench/ProfileSummary.java):"
  echo
  cat "$out/profile-default.md"
fi
if [ -n "$profile" ] && [ -f "$out/profile-convert-default.md" ]; then
  echo "Where convert spends its CPU at the default size (JFR, bench/ProfileSummary.java):"
  echo
  cat "$out/profile-convert-default.md"
fi
if [ -n "$profile" ] && [ -f "$out/profile-small.md" ]; then
  echo "Where the small runs spend their CPU (JFR sampling every millisecond, 5 runs each, bench/ProfileSummary.java):"
  echo
  cat "$out/profile-small.md"
fi
echo "Targets:"
if [ -n "${T[default]:-}" ]; then
  r=$(ratio "${T[default]}" "${P[default]}")
  echo "- analyze <= 1.5x the parse floor on all cores at default size: $(met "$r" 1.5) (${r}x)"
  echo "- analyze with -Xmx512m at default size: $([ "${SMALL:-}" != "${SMALL#ok}" ] && echo met || echo MISSED) (${SMALL:-not run})"
  if [ "${CONVERT:-}" = ok ]; then
    rc2=$(ratio "$CONVERT_WALL" "${T[default]}")
    echo "- convert with -Xmx512m <= 2x analyze at default size: $(met "$rc2" 2) (${CONVERT_WALL}s, ${rc2}x)"
  else
    echo "- convert with -Xmx512m <= 2x analyze at default size: MISSED (${CONVERT:-not run})"
  fi
  echo "- check with -Xmx512m at default size: $([ "${CHECK:-}" = ok ] && echo "met (${CHECK_WALL}s)" || echo "MISSED (${CHECK:-not run})")"
  echo "- verify with -Xmx512m at default size: $([ "${VERIFY:-}" = ok ] && echo "met (${VERIFY_WALL}s)" || echo "MISSED (${VERIFY:-not run})")"
  if [ -n "${T[double]:-}" ]; then
    r2=$(ratio "${T[double]}" "${T[default]}")
    echo "- double size <= 2.2x default time: $(met "$r2" 2.2) (${r2}x)"
  fi
fi
