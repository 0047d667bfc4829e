#!/usr/bin/env python3
"""The web app's My actions page of 100 actions, rendered by the real mrtrackd
(docs/BENCHMARKS.md "Web pages").

  bench/web_page_bench.py MRTRACKD SCRATCH_DIR [--actions N] [--seconds S] [--runs R]

Starts mrtrackd with the example configuration (as http_bench.py), imports
the published seed under as many evaluation ids as it takes for the demo
focal point's My actions page to list N open actions (the seed's open actions,
the rest set to Completed), signs in with the demo password, checks the page
lists exactly N actions, then GETs / with wrk on one keep-alive connection
for S seconds, R times. Each request is a whole server render: session,
the API query through the in-process route table, the mustache templates.
Prints name=value lines: the page's size and actions, and the median over
the runs of wrk's p50, p99 and requests per second, and of the daemon's CPU
time per page (user + system, from /proc: the render's cost even on a busy
machine).
"""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import urllib.parse

from http_bench import SEED, Api, start_daemon

FOCAL = ("focal.point@example.org", "demo-focal-password")  # The example configuration's demo admin.


def sign_in(port):
    """The session cookie of the demo focal point."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", "/sign-in")
    r = c.getresponse()
    page = r.read().decode()
    cookies = [v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie"]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"email": FOCAL[0], "password": FOCAL[1], "csrf": csrf, "next": "/"})
    c.request("POST", "/sign-in", body=form,
              headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(cookies)})
    r = c.getresponse()
    r.read()
    session = [v.split(";")[0] for k, v in r.getheaders()
               if k.lower() == "set-cookie" and v.startswith("mrtrack_session=") and not v.startswith("mrtrack_session=;")]
    if r.status != 303 or not session:
        sys.exit(f"web bench: sign-in answered {r.status}")
    return session[0]


def get_page(port, cookie):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", "/", headers={"Cookie": cookie})
    r = c.getresponse()
    return r.status, r.read().decode()


def ms(value, unit):
    return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]


def cpu_seconds(pid):
    """User + system CPU time of process `pid` so far."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk_page(port, cookie, seconds, pid):
    lua = ("wrk.headers[\"Cookie\"] = \"%s\"\n" % cookie)
    script = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"mrtrack-web-{port}.lua")
    with open(script, "w") as f:
        f.write(lua)
    cpu_before = cpu_seconds(pid)
    out = subprocess.run(["wrk", "-t1", "-c1", f"-d{seconds}s", "--latency", "-s", script,
                          f"http://127.0.0.1:{port}/"], capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(pid) - cpu_before
    if re.search(r"Non-2xx or 3xx responses", out):
        sys.exit("web bench: some answers were not 200:\n" + out)
    p50 = re.search(r"\s50%\s+([0-9.]+)(us|ms|s)", out)
    p99 = re.search(r"\s99%\s+([0-9.]+)(us|ms|s)", out)
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return ms(*p50.groups()), ms(*p99.groups()), rate, cpu * 1e3 / requests


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mrtrackd")
    p.add_argument("scratch")
    p.add_argument("--actions", type=int, default=100)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()

    _, port, proc = start_daemon(args.mrtrackd, args.scratch, "web")
    try:
        api = Api(port)
        seed = open(SEED, encoding="utf-8").read()
        open_ids = []
        i = 0
        while len(open_ids) < args.actions:
            s, body = api.call("POST", f"/v1/imports?evaluation_id=web-{i:04d}", seed, "text/plain")
            if s != 200:
                sys.exit(f"web bench: import {i}: {s} {body[:300]}")
            s, body = api.call("GET", f"/v1/actions?evaluation=web-{i:04d}&open=true&limit=1000")
            open_ids += [a["action_id"] for a in json.loads(body)["items"]]
            i += 1
        for extra in open_ids[args.actions:]:
            s, body = api.call("POST", f"/v1/actions/{extra}/status", {"status": "Completed", "reason": "bench"})
            if s != 200:
                sys.exit(f"web bench: closing {extra}: {s} {body[:200]}")
        cookie = sign_in(port)
        status, page = get_page(port, cookie)
        shown = len(re.findall(r'<li class="action', page))
        if status != 200 or shown != args.actions:
            sys.exit(f"web bench: My actions answered {status} with {shown} actions, not {args.actions}")
        print(f"web.my_actions_actions={shown}")
        print(f"web.my_actions_bytes={len(page.encode())}")
        runs = [wrk_page(port, cookie, args.seconds, proc.pid) for _ in range(args.runs)]
        print(f"web.my_actions_p50_ms={statistics.median(r[0] for r in runs):.2f}")
        print(f"web.my_actions_p99_ms={statistics.median(r[1] for r in runs):.2f}")
        print(f"web.my_actions_p99_worst_run_ms={max(r[1] for r in runs):.2f}")
        print(f"web.my_actions_per_s={statistics.median(r[2] for r in runs):.0f}")
        # CPU time the daemon spent per page: what a render costs, however busy the machine is.
        print(f"web.my_actions_cpu_ms_per_page={statistics.median(r[3] for r in runs):.2f}")
    finally:
        proc.send_signal(2)
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
