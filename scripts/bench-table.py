#!/usr/bin/env python3
"""Turns the `BENCH {json}` lines of scripts/bench.sh's benchmarks into one table.

  scripts/bench-table.py ROWS.jsonl OUT.json

Each row: min/median/p95/max of our samples and of the comparison's, and the ratio of the
medians (or of the p95s, when the row is judged by its p95; ours / theirs; each row's
goal says which way is better). The
table goes to stdout; the same figures, with the date and the machine, to OUT.json, so
that two runs can be compared.
"""
import json
import os
import platform
import statistics
import sys
from datetime import datetime, timezone


def spread(samples, stat):
    if not samples:
        return None
    ordered = sorted(samples)
    # The nearest-rank 95th percentile (the row's `stat` says which figure it is judged by).
    p95 = ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]
    return {
        "min": ordered[0],
        "median": statistics.median(ordered),
        "p95": p95,
        "max": ordered[-1],
        "n": len(ordered),
        "stat": stat,
    }


def cpu():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def fmt(s):
    if s is None:
        return "—"
    name = "" if s["stat"] == "median" else f"{s['stat']} "
    return f"{name}{s[s['stat']]:.4g} ({s['min']:.4g}–{s['max']:.4g})"


def main():
    rows = []
    with open(sys.argv[1]) as f:
        for line in f:
            r = json.loads(line)
            stat = r.get("stat", "median")
            ours = spread(r["samples"], stat)
            theirs = spread(r.get("comparison_samples") or [], stat)
            rows.append({
                "measure": r["measure"],
                "unit": r["unit"],
                "ours": ours,
                "comparison": r.get("comparison"),
                "theirs": theirs,
                "ratio": ours[stat] / theirs[stat] if theirs and theirs[stat] else None,
                "goal": r.get("goal", ""),
            })
    out = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "cpu": cpu(), "system": platform.platform()},
        "profile": "release",
        "rows": rows,
    }
    with open(sys.argv[2], "w") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
    head = ("measure", "unit", "ours: median (min–max)", "compared with", "theirs", "ratio", "goal")
    table = [head] + [
        (
            r["measure"], r["unit"], fmt(r["ours"]), r["comparison"] or "—", fmt(r["theirs"]),
            f"{r['ratio']:.3g}" if r["ratio"] is not None else "—", r["goal"],
        )
        for r in rows
    ]
    print(f"benchmarks, {out['date']}, {out['machine']['cores']} cores, {out['machine']['cpu']}")
    print("ratio = our median (or p95) / theirs; median or p95 (min–max) of each measure's samples")
    for line in table:
        print(" | ".join(line))
    print(f"written to {sys.argv[2]}")


if __name__ == "__main__":
    main()
