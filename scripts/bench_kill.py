#!/usr/bin/env python3
"""Benchmark of "time to kill" (not a test): prints figures, asserts nothing.

How long after an operator confirms a disable does the code that reads the flag first see
it off? Each trial starts `flagdeck emulator serve --seed demo --time-scale 1` with the
Agent API (polling AppConfigData every --poll seconds, 15 by default), and two readers of
checkout/feature-flags/checkout_bitcoin_payments in payments-staging/us-east-1/dev:
  sdk    a boto3 `appconfigdata` session (RequiredMinimumPollIntervalInSeconds=--poll) that
         calls GetLatestConfiguration every NextPollIntervalInSeconds, as AWS recommends
  agent  an application asking the Agent API every --agent-read seconds (a local call)
The readers start at random phases of the poll interval; then it runs
`flagdeck toggle --off --yes` (AllAtOnce) — the confirm — and records, per reader, the time
from that moment to its first read that returns the flag off.

    FLAGDECK_BIN=.build/debug/flagdeck python3 scripts/bench_kill.py [--trials 5] [--poll 15] [--agent-read 0.25]
"""
import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_scan import flagdeck_binary, fleet_home, start_emulator  # noqa: E402

import boto3  # noqa: E402

ACCOUNT, REGION, APP, ENV, PROFILE, FLAG = "payments-staging", "us-east-1", "checkout", "dev", "feature-flags", "checkout_bitcoin_payments"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Reader(threading.Thread):
    """Calls `read()` (True: the flag is on) until stopped; remembers when it first read off."""

    def __init__(self, read, wait):
        super().__init__(daemon=True)
        self.read, self.wait = read, wait
        self.first_off = None
        self.reads = 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            on = self.read()
            self.reads += 1
            if on is False and self.first_off is None:
                self.first_off = time.monotonic()
            self.stop.wait(self.wait())


def sdk_reader(endpoint, keys, poll):
    session = boto3.session.Session(aws_access_key_id=keys["key"], aws_secret_access_key=keys["secret"], region_name=REGION)
    os.environ["AWS_ENDPOINT_URL_APPCONFIGDATA"] = endpoint
    client = session.client("appconfigdata")
    state = {"token": client.start_configuration_session(
        ApplicationIdentifier=APP, EnvironmentIdentifier=ENV, ConfigurationProfileIdentifier=PROFILE,
        RequiredMinimumPollIntervalInSeconds=poll)["InitialConfigurationToken"], "on": None, "interval": poll}

    def read():
        answer = client.get_latest_configuration(ConfigurationToken=state["token"])
        state["token"] = answer["NextPollConfigurationToken"]
        state["interval"] = answer["NextPollIntervalInSeconds"]
        body = answer["Configuration"].read()
        if body:
            state["on"] = json.loads(body)[FLAG]["enabled"]
        return state["on"]
    # A hair over the interval: the emulator's clock and this one tick apart.
    return Reader(read, lambda: state["interval"] + 0.02)


def agent_reader(agent, every):
    url = f"{agent}/applications/{APP}/environments/{ENV}/configurations/{PROFILE}?flag={FLAG}"

    def read():
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.load(r)[FLAG]["enabled"]
    return Reader(read, lambda: every)


def trial(binary, poll, agent_every, rng):
    port = free_port()
    process, endpoint, accounts = start_emulator(binary, "demo", "--time-scale", "1", "--agent-port", str(port),
                                                 "--agent-account", ACCOUNT, "--agent-poll-interval", str(poll))
    work = tempfile.mkdtemp(prefix="fd-bench-kill-")
    try:
        config, env = fleet_home(work, accounts, endpoint)
        keys = next(a for a in accounts if a["name"] == ACCOUNT)
        readers = {"sdk": sdk_reader(endpoint, keys, poll), "agent": agent_reader(f"http://127.0.0.1:{port}", agent_every)}
        # Each reader starts at its own random phase of the poll interval (the Agent's session
        # starts with its first request), then the operator confirms at a random moment.
        for r in readers.values():
            r.start()
            time.sleep(rng.uniform(0, poll))
        confirm = time.monotonic()
        toggle = subprocess.run([binary, "toggle", "--config", config, "--flag", f"{APP}/{PROFILE}/{FLAG}",
                                 "--env", f"{ACCOUNT}/{REGION}/{ENV}", "--off", "--yes", "--reason", "bench_kill"],
                                env=env, capture_output=True, text=True, timeout=120)
        deployed = time.monotonic() - confirm
        if toggle.returncode != 0:
            sys.exit("toggle failed:\n" + toggle.stdout + toggle.stderr)
        deadline = time.monotonic() + 3 * poll + 10
        while time.monotonic() < deadline and any(r.first_off is None for r in readers.values()):
            time.sleep(0.05)
        for r in readers.values():
            r.stop.set()
        return deployed, {name: (r.first_off - confirm if r.first_off else None, r.reads) for name, r in readers.items()}
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--trials", type=int, default=5)
    p.add_argument("--poll", type=int, default=15, help="poll interval of the SDK session and of the Agent (s, ≥ 15)")
    p.add_argument("--agent-read", type=float, default=0.25, help="how often the application asks the Agent (s)")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    binary = flagdeck_binary()
    rng = random.Random(args.seed)
    results = {"sdk": [], "agent": []}
    toggles = []
    print(f"time to kill: AllAtOnce, poll {args.poll}s, time-scale 1, {args.trials} trials ({binary})")
    for n in range(args.trials):
        deployed, seen = trial(binary, args.poll, args.agent_read, rng)
        toggles.append(deployed)
        parts = []
        for name, (ttk, reads) in seen.items():
            parts.append(f"{name} {ttk:6.2f}s" if ttk is not None else f"{name} never")
            if ttk is not None:
                results[name].append(ttk)
        print(f"  trial {n + 1}: toggle command {deployed:5.2f}s; first read off: " + ", ".join(parts))
    print(f"flagdeck toggle (confirm to deployment started): median {statistics.median(toggles):.2f}s")
    for name, values in results.items():
        if values:
            print(f"time to kill via {name:5}: median {statistics.median(values):5.2f}s, min {min(values):5.2f}s, "
                  f"max {max(values):5.2f}s  (bound: toggle + poll {args.poll}s"
                  + (f" + agent read {args.agent_read}s" if name == "agent" else "") + ")")


if __name__ == "__main__":
    main()
