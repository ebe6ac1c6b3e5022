"""`flagdeck scan` end to end: the real binary against `flagdeck emulator serve --seed demo`.

The emulator runs as its own process on a free port; its printed endpoint and fake
account keys go into a temporary HOME (AWS shared credentials file + flagdeck config),
and `flagdeck scan` runs there with stdin/stdout/stderr not terminals (as in cron).

Run:  FLAGDECK_BIN=/path/to/flagdeck python3 -m pytest -q integration/test_scan_cli.py
"""
import contextlib
import csv
import io
import json
import os
import pty
import re
import select
import queue
import signal
import subprocess
import threading
import time
import urllib.request

import pytest

from moto_support import clean_environment

ACCOUNT_LINE = re.compile(
    r"^\s+(?P<name>\S+)\s+(?P<id>\d{12})\s+(?P<regions>\S+)\s+"
    r"AWS_ACCESS_KEY_ID=(?P<key>\S+) AWS_SECRET_ACCESS_KEY=(?P<secret>\S+)\s*$")

# The README's JSON contract: keys always present, and keys present only when they say something.
TOP_KEYS = {"scannedAt", "asOf", "complete", "errors", "flags"}
TOP_OPTIONAL = {"discovery", "skippedProfiles"}
SKIPPED_KEYS = {"account", "region", "application", "profile", "reason"}
ERROR_KEYS = {"account", "region", "message"}
ERROR_OPTIONAL = {"accountId", "application"}
FLAG_KEYS = {"application", "profile", "key", "dialect", "name", "shortTerm", "deprecationDate", "verdicts", "reasons",
             "complete", "environments"}
FLAG_OPTIONAL = {"unreadable", "deprecationDates", "notes", "problems"}
ENV_KEYS = {"account", "accountId", "region", "environment", "state", "since", "version", "rollingOutPercent",
            "baking", "pending"}
ENV_OPTIONAL = {"bakeEndsAt", "lastReadAt", "value"}
VERDICTS = {"stale", "dead", "overdue", "drift", "permanent", "short-term"}
STATES = {"on", "off", "variants", "value", "absent"}
CSV_HEADER = ["application", "profile", "key", "name", "verdicts", "complete", "account", "account_id", "region",
              "environment", "state", "since", "version", "rolling_out_percent", "baking", "pending", "last_read_at"]
ISO_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def read_lines(stream):
    """Lines of `stream` on a queue (None at the end): a deadline can be kept while waiting."""
    lines = queue.Queue()

    def pump():
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


class Emulator:
    def __init__(self, process, endpoint, accounts):
        self.process = process
        self.endpoint = endpoint
        self.accounts = accounts

    def stats(self):
        with urllib.request.urlopen(self.endpoint + "/_emulator/stats", timeout=10) as response:
            return json.load(response)


@contextlib.contextmanager
def demo_emulator(flagdeck_bin, *extra_args):
    """`flagdeck emulator serve --seed demo --port 0 EXTRA...`, stopped (SIGINT) at the end."""
    process = subprocess.Popen([flagdeck_bin, "emulator", "serve", "--seed", "demo", "--port", "0", *extra_args],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=clean_environment())
    lines = read_lines(process.stdout)
    endpoint, accounts, seen = None, [], []
    deadline = time.monotonic() + 60
    try:
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
                break
        assert endpoint and accounts, "emulator did not start:\n" + "".join(seen)
        yield Emulator(process, endpoint, accounts)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def emulator(flagdeck_bin):
    with demo_emulator(flagdeck_bin) as running:
        yield running


@pytest.fixture
def home(isolated_home, emulator):
    """Credentials for every demo account (plus one with a wrong secret) and a config per case."""
    return write_credentials(isolated_home, emulator)


def write_credentials(isolated_home, emulator):
    """A profile per demo account (named like it) and `broken`, with a wrong secret."""
    with open(isolated_home["AWS_SHARED_CREDENTIALS_FILE"], "w") as f:
        for a in emulator.accounts:
            f.write(f"[{a['name']}]\naws_access_key_id = {a['key']}\naws_secret_access_key = {a['secret']}\n\n")
        bad = emulator.accounts[-1]
        f.write(f"[broken]\naws_access_key_id = {bad['key']}\naws_secret_access_key = {'x' * 40}\n\n")
    open(isolated_home["AWS_CONFIG_FILE"], "w").close()
    return isolated_home


def write_config(home, emulator, broken=False, names=None):
    lines = ["accounts:"]
    for a in emulator.accounts:
        if names and a["name"] not in names:
            continue
        lines += [f"  - name: {a['name']}", f"    profile: {a['name']}",
                  f"    regions: [{', '.join(a['regions'])}]", f"    endpoint: {emulator.endpoint}"]
    if broken:
        lines += ["  - name: broken", "    profile: broken", "    regions: [us-east-1]",
                  f"    endpoint: {emulator.endpoint}"]
    # The demo's shipping function keeps its Powertools features under `features`.
    lines += ["powertools:", "  envelope:", '    "shipping-quotes/*": features']
    path = os.path.join(home["HOME"], "flagdeck.yaml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def scan(flagdeck_bin, home, *args, stderr=subprocess.PIPE):
    env = clean_environment(**home)
    return subprocess.run([flagdeck_bin, "scan", *args], env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=stderr, text=True, timeout=180)


def check_shape(document):
    assert TOP_KEYS <= set(document) <= TOP_KEYS | TOP_OPTIONAL
    for skipped in document.get("skippedProfiles", []):
        assert set(skipped) == SKIPPED_KEYS
    assert ISO_SECONDS.match(document["scannedAt"]) and ISO_SECONDS.match(document["asOf"])
    assert document["complete"] == (document["errors"] == [])
    for error in document["errors"]:
        assert ERROR_KEYS <= set(error) <= ERROR_KEYS | ERROR_OPTIONAL
    assert document["flags"], "the demo fleet has flags"
    for flag in document["flags"]:
        assert FLAG_KEYS <= set(flag) <= FLAG_KEYS | FLAG_OPTIONAL, flag
        assert flag["dialect"] in ("appconfig", "powertools")
        assert flag["complete"] == ("unreadable" not in flag)
        assert set(flag["verdicts"]) <= VERDICTS
        assert len(flag["reasons"]) == len(flag["verdicts"])
        assert isinstance(flag["shortTerm"], bool)
        assert flag["deprecationDate"] is None or re.match(r"^\d{4}-\d\d-\d\d$", flag["deprecationDate"])
        assert flag["shortTerm"] == ("short-term" in flag["verdicts"])
        for env in flag["environments"]:
            assert ENV_KEYS <= set(env) <= ENV_KEYS | ENV_OPTIONAL, env
            assert isinstance(env["baking"], bool)
            assert env["rollingOutPercent"] is None or not env["baking"], "baking serves the new value"
            assert env["state"] in STATES
            assert ("value" in env) == (env["state"] == "value"), "a Powertools value says what it serves"
            assert isinstance(env["pending"], bool)
            assert env["since"] is None or ISO_SECONDS.match(env["since"])
            assert env["version"] is None or isinstance(env["version"], int)
            assert env["rollingOutPercent"] is None or 0 <= env["rollingOutPercent"] <= 100
            assert re.match(r"^\d{12}$", env["accountId"])


def test_json_shape_and_exit_zero(flagdeck_bin, emulator, home):
    config = write_config(home, emulator)
    result = scan(flagdeck_bin, home, "--config", config, "--format", "json")
    assert result.returncode == 0, result.stderr
    # Not a terminal: no progress (nor anything else) on stderr.
    assert result.stderr == ""
    document = json.loads(result.stdout)
    check_shape(document)
    assert document["errors"] == []
    accounts = {env["account"] for flag in document["flags"] for env in flag["environments"]}
    assert accounts == {a["name"] for a in emulator.accounts}
    assert len(document["flags"]) >= 100
    verdicts = {v for flag in document["flags"] for v in flag["verdicts"]}
    assert {"stale", "dead", "drift", "short-term", "overdue", "permanent"} <= verdicts
    states = {env["state"] for flag in document["flags"] for env in flag["environments"]}
    assert {"on", "off", "absent"} <= states
    # The Lambda team's Powertools features sit beside the native flags; the settings
    # profiles (Freeform, not flags) are skipped and named.
    powertools = [f for f in document["flags"] if f["dialect"] == "powertools"]
    assert {f["application"] for f in powertools} == {"order-events", "shipping-quotes"}
    batch = next(f for f in powertools if f["key"] == "order_batch_size")
    assert {env["state"] for env in batch["environments"]} == {"value"}
    assert all(env["value"] == {"size": 50} for env in batch["environments"])
    assert next(f for f in powertools if f["key"] == "new_order_pipeline")["verdicts"] == ["stale"]
    assert {(s["application"], s["profile"]) for s in document["skippedProfiles"]} >= {("checkout", "runtime-settings")}
    assert all(s["profile"] == "runtime-settings" for s in document["skippedProfiles"])


def test_csv(flagdeck_bin, emulator, home):
    config = write_config(home, emulator)
    as_json = json.loads(scan(flagdeck_bin, home, "--config", config, "--format", "json").stdout)
    result = scan(flagdeck_bin, home, "--config", config, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == CSV_HEADER
    assert all(len(row) == len(CSV_HEADER) for row in rows)
    assert len(rows) - 1 == sum(max(1, len(flag["environments"])) for flag in as_json["flags"])
    # No cell can start a spreadsheet formula.
    assert not any(cell[:1] in ("=", "+", "-", "@") for row in rows[1:] for cell in row)
    column = {name: i for i, name in enumerate(CSV_HEADER)}
    by_key = {(r[0], r[1], r[2], r[column["account"]], r[column["region"]], r[column["environment"]]): r for r in rows[1:]}
    flag = as_json["flags"][0]
    env = flag["environments"][0]
    row = by_key[(flag["application"], flag["profile"], flag["key"], env["account"], env["region"], env["environment"])]
    assert row[column["state"]] == env["state"]
    assert row[column["verdicts"]] == ";".join(flag["verdicts"])
    assert row[column["complete"]] == "true"


def test_table_is_the_default(flagdeck_bin, emulator, home):
    config = write_config(home, emulator)
    result = scan(flagdeck_bin, home, "--config", config)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("FLAG") and "VERDICTS" in lines[0]
    assert re.search(r"^\d+ flags in \d+ environments; ", result.stdout, re.M)


def test_as_of(flagdeck_bin, emulator, home):
    config = write_config(home, emulator)
    now = json.loads(scan(flagdeck_bin, home, "--config", config, "--format", "json").stdout)
    later = scan(flagdeck_bin, home, "--config", config, "--format", "json", "--as-of", "2099-01-01T00:00:00Z")
    assert later.returncode == 0, later.stderr
    later = json.loads(later.stdout)
    assert later["asOf"] == "2099-01-01T00:00:00Z"
    count = lambda doc, v: sum(v in f["verdicts"] for f in doc["flags"])  # noqa: E731
    # Decades later everything that does not move is stale or dead and every deprecation date has passed.
    assert count(later, "stale") + count(later, "dead") > count(now, "stale") + count(now, "dead")
    assert count(later, "overdue") >= count(now, "overdue")
    for flag in later["flags"]:
        if flag["deprecationDate"] and "permanent" not in flag["verdicts"]:
            assert "overdue" in flag["verdicts"], flag["key"]
    day_only = json.loads(scan(flagdeck_bin, home, "--config", config, "--format", "json", "--as-of", "2099-01-01").stdout)
    assert day_only["asOf"] == "2099-01-01T00:00:00Z"
    bad = scan(flagdeck_bin, home, "--config", config, "--as-of", "next tuesday")
    assert bad.returncode not in (0, 2)
    assert "--as-of" in bad.stderr


def test_account_with_bad_keys_exits_2_and_prints_the_rest(flagdeck_bin, emulator, home):
    config = write_config(home, emulator, broken=True)
    result = scan(flagdeck_bin, home, "--config", config, "--format", "json")
    assert result.returncode == 2, result.stderr
    document = json.loads(result.stdout)
    check_shape(document)
    assert [(e["account"], e["region"]) for e in document["errors"]] == [("broken", "us-east-1")]
    assert "SignatureDoesNotMatch" in document["errors"][0]["message"]
    accounts = {env["account"] for flag in document["flags"] for env in flag["environments"]}
    assert accounts == {a["name"] for a in emulator.accounts}
    assert "flagdeck scan: broken/us-east-1 failed: SignatureDoesNotMatch" in result.stderr
    assert "x" * 40 not in result.stderr + result.stdout


def test_output_file(flagdeck_bin, emulator, home):
    config = write_config(home, emulator)
    target = os.path.join(home["HOME"], "out", "scan.json")
    os.makedirs(os.path.dirname(target))
    result = scan(flagdeck_bin, home, "--config", config, "--format", "json", "--output", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    with open(target) as f:
        check_shape(json.load(f))


def test_warm_scan_uses_the_cache_and_no_cache_does_not(flagdeck_bin, emulator, home):
    config = write_config(home, emulator, names={emulator.accounts[0]["name"]})
    account = emulator.accounts[0]["id"]

    def fetched(*args):
        before = emulator.stats()["byAccount"].get(account, {})
        result = scan(flagdeck_bin, home, "--config", config, "--format", "json", *args)
        assert result.returncode == 0, result.stderr
        after = emulator.stats()["byAccount"][account]
        return {op: after[op] - before.get(op, 0) for op in after if after[op] != before.get(op, 0)}

    cold = fetched()
    assert cold.get("GetHostedConfigurationVersion", 0) > 0
    warm = fetched()
    assert "GetHostedConfigurationVersion" not in warm
    # Only deployments still in progress are fetched again.
    assert warm.get("GetDeployment", 0) < cold["GetDeployment"] / 10
    assert set(warm) <= {"GetCallerIdentity", "GetDeployment", "ListApplications", "ListDeploymentStrategies",
                         "ListEnvironments", "ListConfigurationProfiles", "ListDeployments",
                         "ListHostedConfigurationVersions"}
    uncached = fetched("--no-cache")
    assert uncached["GetHostedConfigurationVersion"] == cold["GetHostedConfigurationVersion"]
    assert os.stat(os.path.join(home["FLAGDECK_STATE_DIR"], "flagdeck.sqlite")).st_mode & 0o077 == 0


def test_progress_only_when_stderr_is_a_terminal(flagdeck_bin, emulator, home):
    config = write_config(home, emulator)
    quiet = scan(flagdeck_bin, home, "--config", config, "--format", "json", "--no-cache")
    assert quiet.returncode == 0 and quiet.stderr == ""

    master, slave = pty.openpty()
    try:
        result = scan(flagdeck_bin, home, "--config", config, "--format", "json", "--no-cache", stderr=slave)
        os.close(slave)
        slave = None
        chunks = []
        while True:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                break
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        shown = b"".join(chunks).decode(errors="replace")
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    assert result.returncode == 0
    assert re.search(r"scanning \d+/\d+", shown), shown[:500]
    json.loads(result.stdout)  # stdout stays clean


def test_doctor_passes_on_the_emulator_and_explains_the_broken_account(flagdeck_bin, home, emulator):
    """moto has no ListApplications; the emulator has, so the whole doctor table is checked here."""
    config = write_config(home, emulator, broken=True)
    result = subprocess.run([flagdeck_bin, "doctor", "--config", config], env=clean_environment(**home),
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out  # the broken account fails, the others pass
    for account in emulator.accounts:
        for region in account["regions"]:
            row = next(line for line in result.stdout.splitlines()
                       if line.startswith(account["name"] + " ") and f" {region} " in line)
            assert account["id"] in row and row.rstrip().endswith("ok"), row
        assert account["secret"] not in out
    broken = next(line for line in result.stdout.splitlines() if line.startswith("broken "))
    assert "ok" not in broken.split()[-1]
    assert "secret" in out.lower()  # the explanation says to check the secret key


def put_faults(emulator, **faults):
    request = urllib.request.Request(emulator.endpoint + "/_emulator/faults", data=json.dumps(faults).encode(),
                                     method="PUT", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()


def test_one_unreadable_application_is_reported_alone_with_its_last_known_values(flagdeck_bin, emulator, home):
    """Partial reads: AccessDenied on one application fails only that application; its flags
    are incomplete and keep the values the previous scan read; the rest is complete."""
    config = write_config(home, emulator)
    first = scan(flagdeck_bin, home, "--config", config, "--format", "json")
    assert first.returncode == 0, first.stderr
    before = json.loads(first.stdout)
    app = before["flags"][0]["application"]
    put_faults(emulator, deniedApplications=[app])
    try:
        result = scan(flagdeck_bin, home, "--config", config, "--format", "json")
    finally:
        put_faults(emulator)
    assert result.returncode == 2, result.stderr
    document = json.loads(result.stdout)
    check_shape(document)
    assert document["complete"] is False
    assert document["errors"] and {e.get("application") for e in document["errors"]} == {app}
    assert all("AccessDeniedException" in e["message"] for e in document["errors"])
    mine = [f for f in document["flags"] if f["application"] == app]
    others = [f for f in document["flags"] if f["application"] != app]
    assert mine and others
    assert all(not f["complete"] for f in mine)
    assert all(f["complete"] for f in others), "the previous scan says where the application lives"
    carried = [env for f in mine for env in f["environments"]]
    assert carried and all("lastReadAt" in env for env in carried)
    assert {f["key"] for f in mine} == {f["key"] for f in before["flags"] if f["application"] == app}
    assert f"/{app} failed: AccessDeniedException" in result.stderr


def test_as_of_inside_the_history_replays_the_past(flagdeck_bin, emulator, home):
    """Time travel: as of a moment before the newest deployments, those deployments are gone."""
    config = write_config(home, emulator)
    now = json.loads(scan(flagdeck_bin, home, "--config", config, "--format", "json").stdout)
    since = sorted({env["since"] for flag in now["flags"] for env in flag["environments"] if env["since"]})
    moment = since[len(since) // 2]
    past = scan(flagdeck_bin, home, "--config", config, "--format", "json", "--as-of", moment)
    assert past.returncode == 0, past.stderr
    past = json.loads(past.stdout)
    assert past["asOf"] == moment
    for flag in past["flags"]:
        for env in flag["environments"]:
            assert env["since"] is None or env["since"] <= moment, (flag["key"], env)
    assert past != now
