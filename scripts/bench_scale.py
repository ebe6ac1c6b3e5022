#!/usr/bin/env python3
"""Scale benchmark of `flagdeck scan` and the dashboard (prints figures; not a test).

For each `--accounts N` it starts `flagdeck emulator serve --seed synthetic:accounts=N,...`
and measures, with a release binary (FLAGDECK_BIN=.build-release/release/flagdeck):
  cold / warm     wall time of `flagdeck scan --format json` (fresh state dir, then again)
  cpu/call        the scan process's user+sys CPU ÷ the emulator's request count
  rss/cell        the scan's peak RSS ÷ flag-environment cells (and the dashboard's, in tmux)
  unchanged db    bytes the database (+WAL) grows by on a third, unchanged scan
  faults          a cold scan with 30% throttling and 10% transient 500s injected:
                  parts lost and wall time ÷ the fault-free cold time
Optionally `--baseline` times scripts/bench_scan_baseline.py (sequential boto3).

    FLAGDECK_BIN=.build-release/release/flagdeck python3 scripts/bench_scale.py --accounts 20 100 300
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_scan import AWS_VARIABLES, admin, flagdeck_binary, start_emulator  # noqa: E402


def write_config(home, endpoint, accounts, concurrency):
    credentials = os.path.join(home, "credentials")
    with open(credentials, "w") as f:
        for a in accounts:
            f.write(f"[{a['name']}]\naws_access_key_id = {a['key']}\naws_secret_access_key = {a['secret']}\n\n")
    open(os.path.join(home, "aws-config"), "w").close()
    config = os.path.join(home, "config.yaml")
    with open(config, "w") as f:
        f.write("accounts:\n")
        for a in accounts:
            f.write(f"  - name: {a['name']}\n    profile: {a['name']}\n    regions: [{', '.join(a['regions'])}]\n"
                    f"    endpoint: {endpoint}\n")
        f.write(f"concurrency: {concurrency}\nrefreshSeconds: 3600\n")
    env = {k: v for k, v in os.environ.items() if k not in AWS_VARIABLES and not k.startswith("FLAGDECK_")}
    env.update({"AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": os.path.join(home, "aws-config"),
                "HOME": home, "LANG": "C.UTF-8"})
    return config, env


def run_scan(binary, config, env, state):
    """(wall seconds, cpu seconds, peak rss bytes, json document, exit code)."""
    env = {**env, "FLAGDECK_STATE_DIR": state}
    start = time.perf_counter()
    process = subprocess.Popen([binary, "scan", "--config", config, "--format", "json"], env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=3600)
    wall = time.perf_counter() - start
    # The child's own rusage (wait4 through communicate is not exposed): RUSAGE_CHILDREN deltas.
    return wall, out, err, process.returncode


def children():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime, u.ru_maxrss * 1024


def db_bytes(state):
    total = 0
    for name in ("flagdeck.sqlite", "flagdeck.sqlite-wal"):
        path = os.path.join(state, name)
        if os.path.exists(path):
            total += os.path.getsize(path)
    return total


def cells(document):
    return sum(len(flag["environments"]) for flag in document["flags"])


def dashboard_rss(binary, config, env, state, timeout=900):
    """Peak RSS of the dashboard after its first scan, driven in a private tmux server."""
    if not shutil.which("tmux"):
        return None
    server = f"bench{os.getpid()}"
    command = " ".join(f"{k}={v}" for k, v in {**env, "FLAGDECK_STATE_DIR": state}.items()
                       if k in ("AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "HOME", "FLAGDECK_STATE_DIR", "LANG"))
    subprocess.run(["tmux", "-L", server, "new-session", "-d", "-x", "160", "-y", "50",
                    f"env {command} {binary} --config {config}"], check=True)
    try:
        deadline = time.time() + timeout
        pid = None
        while time.time() < deadline:
            pane = subprocess.run(["tmux", "-L", server, "list-panes", "-F", "#{pane_pid}"], capture_output=True, text=True)
            pid = pid or (pane.stdout.strip().splitlines() or [None])[0]
            screen = subprocess.run(["tmux", "-L", server, "capture-pane", "-p"], capture_output=True, text=True).stdout
            if "refreshed" in screen and "scanning" not in screen:
                break
            time.sleep(1)
        rss = None
        # The pane runs `env ... flagdeck`: env execs, so the pane pid is flagdeck's.
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    rss = int(line.split()[1]) * 1024
        return rss
    finally:
        subprocess.run(["tmux", "-L", server, "kill-server"], capture_output=True)


def measure(binary, n, args):
    seed = f"synthetic:accounts={n},regions={args.regions},apps={args.apps},envs={args.envs},flags={args.flags}"
    process, endpoint, accounts = start_emulator(binary, seed)
    home = tempfile.mkdtemp(prefix="fd-scale-")
    try:
        config, env = write_config(home, endpoint, accounts, args.concurrency)
        state = os.path.join(home, "state")
        figures = {"accounts": n}

        def scan(label, state_dir):
            before_requests = admin(endpoint, "/_emulator/stats")["total"]
            cpu_before, _ = children()
            wall, out, err, code = run_scan(binary, config, env, state_dir)
            cpu_after, maxrss = children()
            requests = admin(endpoint, "/_emulator/stats")["total"] - before_requests
            document = json.loads(out)
            figures[label] = {"wall_s": round(wall, 2), "requests": requests, "exit": code,
                              "cpu_ms_per_call": round((cpu_after - cpu_before) * 1000 / max(1, requests), 3),
                              "errors": len(document["errors"]), "cells": cells(document)}
            return document, maxrss

        cold, cold_rss = scan("cold", state)
        figures["cells"] = cells(cold)
        # ru_maxrss of children is the largest child so far: the cold scan is the first.
        figures["scan_peak_rss_mb"] = round(cold_rss / 2**20, 1)
        figures["scan_bytes_per_cell"] = round(cold_rss / max(1, figures["cells"]))
        scan("warm", state)
        before = db_bytes(state)
        scan("unchanged", state)
        figures["unchanged_rescan_db_bytes"] = db_bytes(state) - before

        admin(endpoint, "/_emulator/faults", {"throttlePercent": 30, "errorPercent": 10})
        scan("faults", os.path.join(home, "fault-state"))
        admin(endpoint, "/_emulator/faults", {})
        figures["faults"]["slowdown_vs_cold"] = round(figures["faults"]["wall_s"] / max(0.001, figures["cold"]["wall_s"]), 2)

        if not args.skip_dashboard:
            rss = dashboard_rss(binary, config, env, os.path.join(home, "dash-state"))
            if rss:
                figures["dashboard_peak_rss_mb"] = round(rss / 2**20, 1)
                figures["dashboard_bytes_per_cell"] = round(rss / max(1, figures["cells"]))
        if args.baseline:
            spec = os.path.join(home, "baseline.json")
            with open(spec, "w") as f:
                json.dump({"endpoint": endpoint, "accounts": accounts}, f)
            start = time.perf_counter()
            subprocess.run([sys.executable, os.path.join(HERE, "bench_scan_baseline.py"), spec], check=False,
                           capture_output=True, env={k: v for k, v in os.environ.items() if k not in AWS_VARIABLES})
            figures["boto3_baseline_s"] = round(time.perf_counter() - start, 2)
            figures["cold_speedup_vs_boto3"] = round(figures["boto3_baseline_s"] / max(0.001, figures["cold"]["wall_s"]), 1)
        return figures
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(home, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, nargs="+", default=[20])
    parser.add_argument("--regions", type=int, default=2)
    parser.add_argument("--apps", type=int, default=5)
    parser.add_argument("--envs", type=int, default=3)
    parser.add_argument("--flags", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--skip-dashboard", action="store_true")
    parser.add_argument("--baseline", action="store_true", help="also time the sequential boto3 walk")
    args = parser.parse_args()
    binary = flagdeck_binary()
    print(f"binary: {binary}")
    for n in args.accounts:
        figures = measure(binary, n, args)
        print(json.dumps(figures, indent=1), flush=True)


if __name__ == "__main__":
    main()
