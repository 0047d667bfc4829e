#!/usr/bin/env python3
"""Markdown report of Google Benchmark JSON files (scripts/bench.sh).

For every benchmark: the median real time over the repetitions, the median
throughput, and the coefficient of variation (stddev / mean) as a check on
noise. Then the ratios that docs/BENCHMARKS.md explains, each of a
benchmark's median to its baseline's median from the same run.
"""
import json
import sys

# (what the ratio shows, benchmark, baseline, compare): "time" divides median
# times, "rate" divides median items per second.
RATIOS = [
    ("fsync cost: durable / unsynced append, 1 writer",
     "BM_AppendDurable/real_time/threads:1", "BM_AppendUnsynced/real_time/threads:1", "time"),
    ("fsync cost: durable / unsynced append, 8 writers",
     "BM_AppendDurable/real_time/threads:8", "BM_AppendUnsynced/real_time/threads:8", "time"),
    ("group commit: durable appends/s, 8 writers / 1 writer",
     "BM_AppendDurable/real_time/threads:8", "BM_AppendDurable/real_time/threads:1", "rate"),
    ("chain check: verify / plain scan of the log",
     "BM_VerifyChain", "BM_ScanLog", "time"),
    ("as of mid-log / current views, overdue page",
     "BM_ListOverdueAsOfPosition/50", "BM_ListOverdueAtHead", "time"),
    ("as of head (replayed) / current views, overdue page",
     "BM_ListOverdueAsOfPosition/100", "BM_ListOverdueAtHead", "time"),
    ("as of the head, cached / current views, overdue page (same model)",
     "BM_ListOverdueAsOfCached", "BM_ListOverdueAtHead", "time"),
    ("as of one step (1% of the log) after a cached one / replay of half the log",
     "BM_AsOfStepForward", "BM_ListOverdueAsOfPosition/50", "time"),
    ("restart / rebuild of the views",
     "BM_ReopenViews", "BM_RebuildViews", "time"),
    ("planning / copying the facts",
     "BM_PlanDue", "BM_FactsFromViews", "time"),
    ("HTTP on loopback / in-process dispatch, 1 client",
     "BM_HttpListActions/real_time/threads:1", "BM_DispatchListActions", "time"),
    ("HTTP requests/s, 4 clients / 1 client",
     "BM_HttpListActions/real_time/threads:4", "BM_HttpListActions/real_time/threads:1", "rate"),
]

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load(paths):
    medians, spread, context = {}, {}, None
    for path in paths:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        context = context or doc.get("context", {})
        for b in doc.get("benchmarks", []):
            if b.get("run_type") != "aggregate":
                continue
            name = b["run_name"]
            if b["aggregate_name"] == "median":
                medians[name] = b
            elif b["aggregate_name"] == "cv":
                spread[name] = b
    return medians, spread, context or {}


def human_time(b):
    ns = b["real_time"] * UNIT_NS[b.get("time_unit", "ns")]
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def human_rate(b):
    rate = b.get("items_per_second")
    if not rate:
        return ""
    for unit, scale in (("M/s", 1e6), ("k/s", 1e3)):
        if rate >= scale:
            return f"{rate / scale:.3g} {unit}"
    return f"{rate:.3g}/s"


def main(paths):
    medians, spread, context = load(paths)
    if not medians:
        sys.exit("bench report: no aggregate results in " + ", ".join(paths))
    reps = next(iter(medians.values())).get("repetitions", "?")
    print(f"Machine: {context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz; "
          f"{context.get('date', '')}; medians of {reps} repetitions.\n")
    print("| benchmark | median time | median throughput | CV of time |")
    print("|---|---:|---:|---:|")
    for name in sorted(medians):
        cv = spread.get(name, {}).get("real_time")
        print(f"| {name} | {human_time(medians[name])} | {human_rate(medians[name])} | "
              f"{'' if cv is None else f'{cv * 100:.1f}%'} |")
    print("\n| ratio | value |")
    print("|---|---:|")
    for label, name, base, compare in RATIOS:
        if name not in medians or base not in medians:
            continue
        if compare == "rate":
            a, b = medians[name].get("items_per_second"), medians[base].get("items_per_second")
        else:
            a = medians[name]["real_time"] * UNIT_NS[medians[name].get("time_unit", "ns")]
            b = medians[base]["real_time"] * UNIT_NS[medians[base].get("time_unit", "ns")]
        if a and b:
            print(f"| {label} | {a / b:.2f}× |")


if __name__ == "__main__":
    main(sys.argv[1:])
