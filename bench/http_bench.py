#!/usr/bin/env python3
"""The real mrtrackd over HTTP on loopback (docs/BENCHMARKS.md "Over HTTP").

  bench/http_bench.py MRTRACKD SCRATCH_DIR [--evaluations N] [--seconds S]

Starts mrtrackd on a fresh data directory with the example configuration
(webhooks removed: nothing leaves the machine), imports the published seed
under N evaluation ids, then drives it with wrk (bench/wrk/*.lua) on 1, 8 and
64 keep-alive connections: comments and status changes (each durable before
its answer), reads of one action and of a filtered page. Then the comment
latency on one action as its history grows (the first comments against those
after 1,000). Prints name=value lines; stops the daemon at the end.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOKEN = "demo-admin-token"  # The example configuration's demo admin token.
SEED = os.path.join(ROOT, "tests/fixtures/seeds/kazakhstan-umbrella-management-response.txt")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(path, data_dir, port):
    text = open(os.path.join(ROOT, "config/mrtrack.example.toml"), encoding="utf-8").read()
    text = re.sub(r'(?m)^listen = .*$', f'listen = "127.0.0.1:{port}"', text)
    text = re.sub(r'(?m)^data_dir = .*$', f'data_dir = "{data_dir}"', text)
    text = re.sub(r'(?m)^log_level = .*$', 'log_level = "warn"', text)
    # No webhooks: a benchmark sends nothing beyond loopback.
    text = re.sub(r'(?m)^webhooks = .*\n', '', text)
    text = re.sub(r'(?ms)^\[webhooks\.[^\]]*\]\n.*?(?=^\[)', '', text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class Api:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method, path, body=None, content_type="application/json"):
        try:
            return self._call(method, path, body, content_type)
        except (http.client.HTTPException, OSError):
            # The server closed the idle keep-alive connection: open another.
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return self._call(method, path, body, content_type)

    def _call(self, method, path, body, content_type):
        headers = {"Authorization": "Bearer " + TOKEN}
        if body is not None:
            headers["Content-Type"] = content_type
            if not isinstance(body, (bytes, str)):
                body = json.dumps(body)
            if isinstance(body, str):
                body = body.encode("utf-8")
        self.conn.request(method, path, body=body, headers=headers)
        r = self.conn.getresponse()
        data = r.read()
        return r.status, data


def wait_ready(port, proc, deadline=120):
    end = time.time() + deadline
    while time.time() < end:
        if proc.poll() is not None:
            sys.exit(f"http bench: mrtrackd exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/readyz")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("http bench: mrtrackd did not get ready")


def wrk(script, port, connections, seconds, actions_file, threads=2):
    threads = min(threads, connections)
    env = dict(os.environ, MRTRACK_BENCH_TOKEN=TOKEN, MRTRACK_BENCH_ACTIONS=actions_file,
               MRTRACK_BENCH_WRK_DIR=os.path.join(HERE, "wrk"), MRTRACK_BENCH_THREADS=str(threads))
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "-s", os.path.join(HERE, "wrk", script), f"http://127.0.0.1:{port}"],
                         env=env, capture_output=True, text=True, check=True)
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", out.stdout).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out.stdout)
    errors = re.search(r"Socket errors:.*", out.stdout)
    p50 = re.search(r"\s50%\s+([0-9.]+)(us|ms|s)", out.stdout)
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}
    median_ms = float(p50.group(1)) * scale[p50.group(2)] if p50 else 0.0
    if bad or errors:
        sys.stderr.write(out.stdout + out.stderr)
    return rate, int(bad.group(1)) if bad else 0, median_ms


def start_daemon(mrtrackd, scratch, name):
    """mrtrackd on a fresh data directory under scratch/name with the example
    configuration, ready: (its directory, its port, the process)."""
    work = os.path.join(scratch, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    port = free_port()
    config = os.path.join(work, "mrtrack.toml")
    write_config(config, os.path.join(work, "data"), port)
    log = open(os.path.join(work, "mrtrackd.log"), "w")
    proc = subprocess.Popen([mrtrackd, "--config", config], stdout=log, stderr=log)
    wait_ready(port, proc)
    return work, port, proc


def set_all(api, actions, status):
    for a in actions:
        s, body = api.call("POST", f"/v1/actions/{a}/status", {"status": status, "reason": "benchmark reset"})
        if s not in (200, 422):
            sys.exit(f"http bench: resetting {a}: {s} {body[:200]}")


def comment_growth(api, action, total=1100, window=100):
    """Median latency of the first `window` comments on a fresh action and of
    the `window` after total - window (i.e. after 1,000 when total = 1,100)."""
    lat = []
    for i in range(total):
        t0 = time.perf_counter()
        s, body = api.call("POST", f"/v1/actions/{action}/comments", {"text": f"growth comment {i}"})
        lat.append(time.perf_counter() - t0)
        if s != 200:
            sys.exit(f"http bench: comment {i}: {s} {body[:200]}")
    first = statistics.median(lat[:window]) * 1e3
    last = statistics.median(lat[-window:]) * 1e3
    size = len(body)
    return first, last, size


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mrtrackd")
    p.add_argument("scratch")
    p.add_argument("--evaluations", type=int, default=50)
    p.add_argument("--seconds", type=int, default=5)
    args = p.parse_args()

    work, port, proc = start_daemon(args.mrtrackd, args.scratch, "http")
    try:
        api = Api(port)
        seed = open(SEED, encoding="utf-8").read()
        t0 = time.time()
        for i in range(args.evaluations):
            s, body = api.call("POST", f"/v1/imports?evaluation_id=bench-{i:05d}", seed, "text/plain")
            if s != 200:
                sys.exit(f"http bench: import {i}: {s} {body[:300]}")
        print(f"http.import_evaluations_per_s={args.evaluations / (time.time() - t0):.1f}")
        actions = []
        offset = 0
        while True:
            s, body = api.call("GET", f"/v1/actions?limit=1000&offset={offset}")
            page = json.loads(body)
            actions += [a["action_id"] for a in page["items"]]
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                break
        actions_file = os.path.join(work, "actions.lua")
        # The growth action stays out of the wrk runs.
        growth_action = actions.pop()
        with open(actions_file, "w") as f:
            f.write("return {" + ",".join(json.dumps(a) for a in actions) + "}\n")
        print(f"http.actions={len(actions)}")

        for c in (1, 8, 64):
            rate, bad, median = wrk("comment.lua", port, c, args.seconds, actions_file)
            print(f"http.comment_c{c}_ops={rate:.0f}")
            print(f"http.comment_c{c}_median_ms={median:.2f}")
            print(f"http.comment_c{c}_non2xx={bad}")
        for c in (1, 8, 64):
            set_all(api, actions, "Ongoing")
            rate, bad, median = wrk("status.lua", port, c, args.seconds, actions_file)
            print(f"http.status_c{c}_ops={rate:.0f}")
            print(f"http.status_c{c}_non2xx={bad}")
        for c in (1, 8, 64):
            rate, bad, _ = wrk("read_action.lua", port, c, args.seconds, actions_file)
            print(f"http.read_action_c{c}_ops={rate:.0f}")
            rate, bad, _ = wrk("read_page.lua", port, c, args.seconds, actions_file)
            print(f"http.read_page_c{c}_ops={rate:.0f}")

        first, last, size = comment_growth(api, growth_action)
        print(f"http.comment_first100_median_ms={first:.2f}")
        print(f"http.comment_after1000_median_ms={last:.2f}")
        print(f"http.comment_answer_bytes_after1100={size}")
        s, body = api.call("GET", "/metrics")
        text = body.decode()
        for name in ("mrtrack_store_wal_syncs_total", "mrtrack_store_events_written_total"):
            m = re.search(rf"(?m)^{name} (\d+)", text)
            if m:
                print(f"http.{name}={m.group(1)}")
        rss = 0
        with open(f"/proc/{proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    rss = int(line.split()[1]) * 1024
        print(f"http.mrtrackd_peak_rss_mib={rss / 2**20:.0f}")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
