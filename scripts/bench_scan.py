#!/usr/bin/env python3
"""Benchmark of `flagdeck scan` (not a test).

Starts `flagdeck emulator serve` with a synthetic fleet (default 20 accounts × 2 regions
× 5 applications × 3 environments × 30 flags) and 30 ms injected latency per request,
then times:
  cold      `flagdeck scan --format json` with a fresh FLAGDECK_STATE_DIR
  warm      the same again, same state directory (the immutable caches are full)
  baseline  scripts/bench_scan_baseline.py: the sequential boto3 walk a user would write
and prints the ratios and the critical-path estimate:
  depth     the longest chain of dependent calls × latency
            (applications → environments → deployments → deployment → version: 5)
  rate      calls of the busiest account-region (from /_emulator/stats) ÷ the rate the
            scanner allows itself there (concurrency calls in flight, each taking latency)
  critical path = max(depth, rate)
Aims: cold ≥ 20× faster than the baseline and ≤ 2× the critical path; warm ≥ 3× faster than cold.

    FLAGDECK_BIN=.build/release/flagdeck python3 scripts/bench_scan.py [--concurrency 8] [--runs 3]
        [--seed synthetic:accounts=20,regions=2,apps=5,envs=3,flags=30] [--latency-ms 30]
        [--baseline-accounts N]   # time the baseline on N accounts and scale it up (faster)
"""
import argparse
import json
import os
import re
import resource
import shutil
import queue
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ACCOUNT_LINE = re.compile(
    r"^\s+(?P<name>\S+)\s+(?P<id>\d{12})\s+(?P<regions>\S+)\s+"
    r"AWS_ACCESS_KEY_ID=(?P<key>\S+) AWS_SECRET_ACCESS_KEY=(?P<secret>\S+)\s*$")
# The API's own chain of dependent calls: ListApplications → ListEnvironments → ListDeployments →
# GetDeployment → GetHostedConfigurationVersion (the identity call depends on nothing and is needed by none
# of them; profiles and version lists run alongside environments and deployments).
API_DEPTH = 5
# Warm: the immutable details come from the cache, so the chain ends at ListDeployments.
WARM_API_DEPTH = 3
AWS_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                 "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_APPCONFIG",
                 "AWS_ENDPOINT_URL_STS", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "FLAGDECK_CONFIG"]


def flagdeck_binary():
    if os.environ.get("FLAGDECK_BIN"):
        return os.environ["FLAGDECK_BIN"]
    return os.path.join(ROOT, ".build", "debug", "flagdeck")


def read_lines(stream):
    """Lines of `stream` on a queue (None at the end): a deadline can be kept while waiting."""
    lines = queue.Queue()

    def pump():
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def start_emulator(binary, seed, *extra_args):
    env = {k: v for k, v in os.environ.items() if k not in AWS_VARIABLES}
    process = subprocess.Popen([binary, "emulator", "serve", "--seed", seed, "--port", "0", *extra_args], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines = read_lines(process.stdout)
    endpoint, accounts, seen = None, [], []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        if line is None:
            break
        seen.append(line)
        if line.startswith("endpoint: "):
            endpoint = line.split(":", 1)[1].strip()
        elif m := ACCOUNT_LINE.match(line):
            accounts.append({"name": m["name"], "id": m["id"], "regions": m["regions"].split(","),
                             "key": m["key"], "secret": m["secret"]})
        elif line.strip() == "ready":
            return process, endpoint, accounts
    process.kill()
    sys.exit("emulator did not start:\n" + "".join(seen))


def fleet_home(work, accounts, endpoint, extra_config=""):
    """A HOME in `work` with the emulator accounts' credentials and a flagdeck configuration
    listing them (plus `extra_config` lines); returns (config path, environment without AWS_*)."""
    home = os.path.join(work, "home")
    os.makedirs(home)
    credentials = os.path.join(home, "credentials")
    with open(credentials, "w") as f:
        for a in accounts:
            f.write(f"[{a['name']}]\naws_access_key_id = {a['key']}\naws_secret_access_key = {a['secret']}\n\n")
    aws_config = os.path.join(home, "aws-config")
    open(aws_config, "w").close()
    config = os.path.join(home, "flagdeck.yaml")
    with open(config, "w") as f:
        f.write("accounts:\n")
        for a in accounts:
            f.write(f"  - name: {a['name']}\n    profile: {a['name']}\n    regions: [{', '.join(a['regions'])}]\n"
                    f"    endpoint: {endpoint}\n")
        f.write(extra_config)
    env = {k: v for k, v in os.environ.items() if k not in AWS_VARIABLES}
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"), AWS_CONFIG_FILE=aws_config,
               AWS_SHARED_CREDENTIALS_FILE=credentials)
    return config, env


def admin(endpoint, path, body=None):
    request = urllib.request.Request(endpoint + path, method="PUT" if body is not None else "GET",
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def delta(after, before):
    return {k: after[k] - before.get(k, 0) for k in after
            if isinstance(after[k], int) and after[k] != before.get(k, 0)}


def process_cpu(pid):
    """User + system CPU seconds of a running process (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command, env, stdout=subprocess.DEVNULL):
    start = time.perf_counter()
    result = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE,
                            text=True, timeout=1800)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", default="synthetic:accounts=20,regions=2,apps=5,envs=3,flags=30")
    parser.add_argument("--latency-ms", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=8, help="the config's per-account-region concurrency")
    parser.add_argument("--runs", type=int, default=3,
                        help="cold and warm runs each (the median is reported); 0 runs only the baseline")
    parser.add_argument("--baseline-accounts", type=int, default=0,
                        help="run the boto3 baseline on this many accounts and scale it (0: all)")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()

    binary = flagdeck_binary()
    if not os.access(binary, os.X_OK):
        sys.exit(f"flagdeck binary not found at {binary} (set FLAGDECK_BIN)")
    work = tempfile.mkdtemp(prefix="fd-bench-")
    process, endpoint, accounts = start_emulator(binary, args.seed)
    try:
        admin(endpoint, "/_emulator/faults", {"latencyMs": args.latency_ms})
        config, base_env = fleet_home(work, accounts, endpoint, f"concurrency: {args.concurrency}\n")
        scan = [binary, "scan", "--config", config, "--format", "json"]
        account_regions = sum(len(a["regions"]) for a in accounts)

        cpu = {}

        def run_scan(state, kind):
            env = dict(base_env, FLAGDECK_STATE_DIR=state)
            before = admin(endpoint, "/_emulator/stats")
            scan_cpu, emulator_cpu = children_cpu(), process_cpu(process.pid)
            elapsed, result = timed(scan, env, stdout=subprocess.PIPE)
            cpu.setdefault(kind, []).append((children_cpu() - scan_cpu, process_cpu(process.pid) - emulator_cpu))
            after = admin(endpoint, "/_emulator/stats")
            calls = delta(after, before)
            by_account = {acct: sum(delta(ops, before.get("byAccount", {}).get(acct, {})).values())
                          for acct, ops in after.get("byAccount", {}).items()}
            return elapsed, calls, by_account, json.loads(result.stdout)

        colds, warms = [], []
        if args.runs == 0:  # the baseline alone
            cold_calls = {"total": 0}
            cold_by_account = {}
        for i in range(args.runs):
            state = os.path.join(work, f"state-{i}")
            cold, cold_calls, cold_by_account, document = run_scan(state, "cold")
            warm, warm_calls, _, warm_document = run_scan(state, "warm")
            if document["errors"] or warm_document["errors"]:
                sys.exit(f"scan reported errors: {document['errors'] or warm_document['errors']}")
            colds.append(cold)
            warms.append(warm)
            print(f"run {i + 1}: cold {cold:.2f} s ({cold_calls['total']} calls), warm {warm:.2f} s "
                  f"({warm_calls['total']} calls)", flush=True)
        latency = args.latency_ms / 1000
        if args.runs:
            cold, warm = statistics.median(colds), statistics.median(warms)
            flags = len(document["flags"])
            cells = sum(len(f["environments"]) for f in document["flags"])
            busiest = max(cold_by_account.values()) / max(len(a["regions"]) for a in accounts)
        else:
            cold = warm = flags = cells = busiest = 0
            warm_calls = {"total": 0}
        depth_bound = API_DEPTH * latency
        rate_bound = busiest * latency / args.concurrency
        critical = max(depth_bound, rate_bound)
        warm_depth = WARM_API_DEPTH * latency
        warm_rate = (warm_calls["total"] / account_regions) * latency / args.concurrency

        baseline = None
        if not args.skip_baseline:
            subset = accounts[:args.baseline_accounts] if args.baseline_accounts else accounts
            spec = os.path.join(work, "baseline.json")
            with open(spec, "w") as f:
                json.dump({"endpoint": endpoint, "accounts": subset}, f)
            print(f"baseline: sequential boto3 over {len(subset)} of {len(accounts)} accounts …", flush=True)
            before = admin(endpoint, "/_emulator/stats")
            measured, result = timed([sys.executable, os.path.join(HERE, "bench_scan_baseline.py"), spec],
                                     dict(base_env), stdout=subprocess.PIPE)
            baseline_calls = delta(admin(endpoint, "/_emulator/stats"), before)["total"]
            baseline = measured * len(accounts) / len(subset)
            print(f"baseline: {measured:.1f} s for {baseline_calls} calls {result.stdout.strip()}"
                  + (f", scaled ×{len(accounts) / len(subset):.1f} to {baseline:.1f} s" if len(subset) < len(accounts) else ""))

        if not args.runs:
            return
        print()
        print(f"fleet: {args.seed}, {len(accounts)} accounts, {account_regions} account-regions, "
              f"{flags} flags, {cells} flag×environment cells; latency {args.latency_ms} ms; concurrency {args.concurrency}")
        print(f"cold scan: {cold:6.2f} s   {cold_calls['total']} calls "
              + " ".join(f"{k}={v}" for k, v in sorted(cold_calls.items()) if k != "total"))
        print(f"warm scan: {warm:6.2f} s   {warm_calls['total']} calls "
              + " ".join(f"{k}={v}" for k, v in sorted(warm_calls.items()) if k != "total"))
        if baseline:
            print(f"boto3 sequential baseline: {baseline:6.1f} s")
        print(f"critical path: depth {API_DEPTH} × {args.latency_ms} ms = {depth_bound:.3f} s; "
              f"rate {busiest:.0f} calls per account-region ÷ ({args.concurrency} / {args.latency_ms} ms) = {rate_bound:.3f} s; "
              f"→ {critical:.3f} s")
        print(f"warm critical path: max({warm_depth:.3f}, {warm_rate:.3f}) = {max(warm_depth, warm_rate):.3f} s")
        cores = os.cpu_count() or 1
        load = os.getloadavg()[0]
        for kind in ("cold", "warm"):
            scan_cpu = statistics.median(c[0] for c in cpu[kind])
            emulator_cpu = statistics.median(c[1] for c in cpu[kind])
            print(f"{kind} CPU: flagdeck {scan_cpu:.2f} s + emulator {emulator_cpu:.2f} s on {cores} cores "
                  f"(load average {load:.1f}) → CPU floor {(scan_cpu + emulator_cpu) / cores:.2f} s")
        print()
        verdicts = []
        if baseline:
            ratio = baseline / cold
            verdicts.append(("cold vs boto3 baseline", f"{ratio:.1f}× faster", ratio >= 20, "≥ 20×"))
        verdicts.append(("cold vs critical path", f"{cold / critical:.2f}× the critical path", cold <= 2 * critical, "≤ 2×"))
        verdicts.append(("warm vs cold", f"{cold / warm:.1f}× faster", cold / warm >= 3, "≥ 3×"))
        for name, value, ok, aim in verdicts:
            print(f"{name:24s} {value:28s} aim {aim:6s} {'met' if ok else 'NOT met'}")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
