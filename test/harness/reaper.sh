#!/usr/bin/env bash
# Started by reaper.ts. Reads "pid<TAB>N<TAB>SIGNAL", "unpid<TAB>N", "path<TAB>P" and "unpath<TAB>P" lines
# until its stdin closes (the test process has ended, however it ended), then stops what is still tracked and
# removes the tracked paths.
declare -A pids paths
while IFS=$'\t' read -r op arg sig; do
  case "$op" in
    pid) pids["$arg"]="$sig" ;;
    unpid) unset 'pids[$arg]' ;;
    path) paths["$arg"]=1 ;;
    unpath) unset 'paths[$arg]' ;;
  esac
done

for pid in "${!pids[@]}"; do kill -"${pids[$pid]}" "$pid" 2>/dev/null; done
# Give postgres a moment to finish its immediate shutdown (it removes its shared memory), then insist.
for _ in 1 2 3 4 5 6 7 8 9 10; do
  alive=0
  for pid in "${!pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
  [ "$alive" -eq 0 ] && break
  sleep 0.2
done
for pid in "${!pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
for path in "${!paths[@]}"; do rm -rf -- "$path"; done
