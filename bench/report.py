#!/usr/bin/env python3
"""Markdown report of one scripts/bench.sh run.

  bench/report.py [--kv] RESULTS...

RESULTS are Google Benchmark JSON files and name=value files (.kv: the
floors, the peer, the HTTP run). For every benchmark: the median real time
over the repetitions, the median throughput, and the coefficient of variation
(stddev / mean) as a check on noise. Then every figure against its floor or
peer, and the ratios between benchmarks that docs/BENCHMARKS.md explains.
With --kv: every figure and ratio as name=value lines instead.
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

# Figures taken from the benchmarks' medians: (name, benchmark, what).
DERIVED = [
    ("store.append_durable_t1_ops", "BM_AppendDurable/real_time/threads:1", "rate"),
    ("store.append_durable_t8_ops", "BM_AppendDurable/real_time/threads:8", "rate"),
    ("store.append_durable_t64_ops", "BM_AppendDurable/real_time/threads:64", "rate"),
    ("store.append_unsynced_t1_us", "BM_AppendUnsynced/real_time/threads:1", "time_us"),
    ("store.scan_events_per_s", "BM_ScanLog", "rate"),
    ("store.verify_mbps", "BM_VerifyChain", "mbps"),
    ("store.verify_events_per_s", "BM_VerifyChain", "rate"),
    ("views.rebuild_events_per_s", "BM_RebuildViews", "rate"),
    ("views.reopen_ms", "BM_ReopenViews", "time_ms"),
    ("views.list_overdue_page_us", "BM_ListOverdueAtHead", "time_us"),
    ("views.summary_by_unit_us", "BM_SummarizeByUnitAtHead", "time_us"),
    ("api.dispatch_list_us", "BM_DispatchListActions", "time_us"),
    ("notifier.plan_due_ms", "BM_PlanDue", "time_ms"),
]

# (what it shows, figure, floor or peer, how, target): "rate" divides the
# figures as they are; "cost" compares a time per operation (µs) with a rate's
# cost per operation (1e6 / ops); the target is a lower bound, or an upper
# bound when it starts with "<=".
AGAINST = [
    ("durable append, 1 writer / db_bench fillsync 1 thread",
     "store.append_durable_t1_ops", "floor.fillsync_t1_ops", "rate", ""),
    ("durable append, 8 writers / db_bench fillsync 8 threads",
     "store.append_durable_t8_ops", "floor.fillsync_t8_ops", "rate", ""),
    ("durable append, 64 writers / db_bench fillsync 64 threads",
     "store.append_durable_t64_ops", "floor.fillsync_t64_ops", "rate", ">=0.8"),
    ("unsynced append cost / db_bench fillseq cost per op",
     "store.append_unsynced_t1_us", "floor.fillseq_ops", "cost", "<=3"),
    ("log scan events/s / db_bench readseq",
     "store.scan_events_per_s", "floor.readseq_ops", "rate", ""),
    ("verify MB/s / sha256sum MB/s on the same bytes",
     "store.verify_mbps", "floor.sha256sum_mbps", "rate", ">=0.5"),
    ("views rebuild events/s / db_bench readseq",
     "views.rebuild_events_per_s", "floor.readseq_ops", "rate", ">=0.2"),
    ("HTTP comments/s, 1 connection / PostgreSQL appends/s, 1 client",
     "http.comment_c1_ops", "peer.postgres_append_c1_ops", "rate", ">=1.0"),
    ("HTTP status changes/s, 1 connection / PostgreSQL, 1 client",
     "http.status_c1_ops", "peer.postgres_append_c1_ops", "rate", ">=1.0"),
    ("HTTP comments/s, 64 connections / PostgreSQL, 64 clients",
     "http.comment_c64_ops", "peer.postgres_append_c64_ops", "rate", ">=1.5"),
    ("HTTP status changes/s, 64 connections / PostgreSQL, 64 clients",
     "http.status_c64_ops", "peer.postgres_append_c64_ops", "rate", ">=1.5"),
    ("HTTP comments/s, 64 connections / 8 connections",
     "http.comment_c64_ops", "http.comment_c8_ops", "rate", ">=1.0"),
    ("comment latency after 1,000 comments / the first 100 (medians)",
     "http.comment_after1000_median_ms", "http.comment_first100_median_ms", "rate", "<=1.2"),
    ("events per WAL sync over the HTTP run",
     "http.mrtrack_store_events_written_total", "http.mrtrack_store_wal_syncs_total", "rate", ""),
]


def load(paths):
    medians, spread, context = {}, {}, None
    for path in paths:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        context = context or doc.get("context", {})
        for b in doc.get("benchmarks", []):
            if b.get("run_type") == "iteration" and b.get("repetitions", 1) <= 1:
                # One repetition: Google Benchmark writes no aggregates.
                medians.setdefault(b["run_name"], b)
                continue
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


def load_kv(paths):
    values = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                name, sep, value = line.strip().partition("=")
                if not sep:
                    continue
                try:
                    values[name] = float(value)
                except ValueError:
                    pass
    return values


def figures(medians, kv):
    out = dict(kv)
    for name, bench, what in DERIVED:
        b = medians.get(bench)
        if not b:
            continue
        ns = b["real_time"] * UNIT_NS[b.get("time_unit", "ns")]
        if what == "rate" and b.get("items_per_second"):
            out[name] = b["items_per_second"]
        elif what == "mbps" and b.get("bytes_per_second"):
            out[name] = b["bytes_per_second"] / 1e6
        elif what == "time_us":
            out[name] = ns / 1e3
        elif what == "time_ms":
            out[name] = ns / 1e6
    return out


def against(values):
    rows = []
    for label, name, base, how, target in AGAINST:
        a, b = values.get(name), values.get(base)
        if not a or not b:
            continue
        ratio = a / (1e6 / b) if how == "cost" else a / b
        met = ""
        if target.startswith("<="):
            met = "yes" if ratio <= float(target[2:]) else "NO"
        elif target.startswith(">="):
            met = "yes" if ratio >= float(target[2:]) else "NO"
        rows.append((label, name, a, base, b, ratio, target, met))
    return rows


def number(v):
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def main(args):
    kv_out = "--kv" in args
    paths = [a for a in args if a != "--kv"]
    medians, spread, context = load([p for p in paths if p.endswith(".json")])
    values = figures(medians, load_kv([p for p in paths if not p.endswith(".json")]))
    rows = against(values)
    if kv_out:
        for name in sorted(values):
            print(f"{name}={values[name]:.6g}")
        for _, name, _, base, _, ratio, _, _ in rows:
            print(f"ratio.{name}/{base}={ratio:.4g}")
        return
    if rows:
        print("| figure | value | floor or peer | value | ratio | target | met |")
        print("|---|---:|---|---:|---:|---:|---|")
        for label, name, a, base, b, ratio, target, met in rows:
            print(f"| {label} | {number(a)} | {base} | {number(b)} | {ratio:.2f}× | {target} | {met} |")
        print()
    if not medians:
        return
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
