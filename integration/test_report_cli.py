"""`flagdeck report` and `flagdeck decisions export|import` against a state directory that a
real `flagdeck scan` of the emulator's demo fleet filled.

Run:  FLAGDECK_BIN=/path/to/flagdeck python3 -m pytest -q integration/test_report_cli.py
(without FLAGDECK_BIN: this checkout's debug build).
"""
import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest

DECISION_KINDS = "retire, keepUntil, permanent, snooze, retired"


@pytest.fixture(scope="module")
def emulator(flagdeck_bin):
    """The demo fleet on a free port: its endpoint and the fake per-account keys it prints."""
    proc = subprocess.Popen([flagdeck_bin, "emulator", "serve", "--seed", "demo", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    endpoint, accounts, lines = None, [], []
    try:
        for line in proc.stdout:
            lines.append(line)
            if m := re.match(r"endpoint: (\S+)", line):
                endpoint = m.group(1)
            if m := re.match(r"\s+(\S+)\s+(\d{12})\s+(\S+)\s+AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)", line):
                accounts.append({"name": m.group(1), "regions": m.group(3).split(","),
                                 "key": m.group(4), "secret": m.group(5)})
            if line.strip() == "ready":
                break
        assert endpoint and accounts, "emulator did not start:\n" + "".join(lines)
        yield {"endpoint": endpoint, "accounts": accounts}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def make_home(emulator):
    """A HOME with AWS credentials (one profile per emulator account), a flagdeck config and
    an empty state directory of its own."""
    root = tempfile.mkdtemp(prefix="fd-report-")
    home = os.path.join(root, "home")
    os.makedirs(home)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
        "FLAGDECK_STATE_DIR": os.path.join(root, "state"),
        "AWS_CONFIG_FILE": os.path.join(home, "aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "aws-credentials"),
        "NO_COLOR": "1",
    }
    with open(env["AWS_SHARED_CREDENTIALS_FILE"], "w") as f:
        for a in emulator["accounts"]:
            f.write(f"[{a['name']}]\naws_access_key_id = {a['key']}\naws_secret_access_key = {a['secret']}\n\n")
    with open(env["AWS_CONFIG_FILE"], "w") as f:
        for a in emulator["accounts"]:
            f.write(f"[profile {a['name']}]\nregion = {a['regions'][0]}\n\n")
    config = os.path.join(home, "flagdeck.yaml")
    with open(config, "w") as f:
        f.write("accounts:\n")
        for a in emulator["accounts"]:
            f.write(f"  - name: {a['name']}\n    profile: {a['name']}\n"
                    f"    regions: [{', '.join(a['regions'])}]\n    endpoint: {emulator['endpoint']}\n")
    env["CONFIG"] = config
    return root, env


def run(flagdeck_bin, env, *args, check=True):
    proc = subprocess.run([flagdeck_bin, *args], env={k: v for k, v in env.items() if k != "CONFIG"},
                          capture_output=True, text=True, timeout=120)
    if check:
        assert proc.returncode == 0, f"flagdeck {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def scanned(flagdeck_bin, emulator):
    """A state directory holding one scan of the demo fleet, and the scan's JSON."""
    root, env = make_home(emulator)
    proc = run(flagdeck_bin, env, "scan", "--config", env["CONFIG"], "--format", "json", check=False)
    assert proc.returncode in (0, 2), proc.stderr
    yield env, json.loads(proc.stdout)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def copy_of(scanned):
    """A fresh copy of the scanned state, so tests that record decisions stay independent."""
    roots = []

    def make():
        env, scan = scanned
        root = tempfile.mkdtemp(prefix="fd-state-")
        roots.append(root)
        mine = dict(env, FLAGDECK_STATE_DIR=os.path.join(root, "state"))
        shutil.copytree(env["FLAGDECK_STATE_DIR"], mine["FLAGDECK_STATE_DIR"])
        return mine, scan
    yield make
    for root in roots:
        shutil.rmtree(root, ignore_errors=True)


def present_flags(scan):
    return [f for f in scan["flags"] if any(e["state"] != "absent" for e in f["environments"])]


def flag_id(f):
    return {"application": f["application"], "profile": f["profile"], "key": f["key"]}


def decision(f, kind, author, created, **extra):
    return {"flag": flag_id(f), "kind": kind, "author": author, "createdAt": created, **extra}


def write_decisions(path, decisions):
    with open(path, "w") as f:
        json.dump({"version": 1, "decisions": decisions}, f)


def test_report_without_a_scan_says_to_scan_first(flagdeck_bin, emulator):
    root, env = make_home(emulator)
    try:
        proc = run(flagdeck_bin, env, "report", check=False)
        assert proc.returncode == 1
        assert "run `flagdeck scan` first" in proc.stderr
        assert proc.stdout == ""
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_markdown_minutes_of_the_demo_fleet(flagdeck_bin, scanned):
    env, scan = scanned
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    text = run(flagdeck_bin, env, "report", "--format", "markdown", "--config", env["CONFIG"]).stdout
    assert text.startswith(f"# Flag review — {today}\n")
    for heading in ["## Summary", "## Candidates", "## Decisions", "## Overdue retirements",
                    "## Since the previous review", "## Short-term flags by age"]:
        assert f"\n{heading}" in text, heading
    assert f": {len(present_flags(scan))} flags in " in text
    assert "No decisions recorded." in text
    assert "no previous review recorded" in text
    # The age histogram is a text bar chart in a code block.
    chart = text.split("## Short-term flags by age", 1)[1]
    assert "```\n" in chart and "0–29 days │" in chart and "never served │" in chart
    # Every candidate the scan found by its own verdicts is in the minutes.
    for f in present_flags(scan):
        if set(f["verdicts"]) & {"stale", "dead", "overdue"}:
            assert f"`{f['application']}/{f['profile']}/{f['key']}`" in text


def test_json_and_csv_and_output_file(flagdeck_bin, scanned, tmp_path):
    env, scan = scanned
    report = json.loads(run(flagdeck_bin, env, "report", "--format", "json").stdout)
    assert report["scan"]["flags"] == len(present_flags(scan))
    assert {c["verdict"] for c in report["verdictCounts"]} == {"short-term", "overdue", "stale", "dead", "drift", "permanent"}
    csv_path = tmp_path / "minutes.csv"
    proc = run(flagdeck_bin, env, "report", "--format", "csv", "--output", str(csv_path))
    assert proc.stdout == ""
    lines = csv_path.read_text().splitlines()
    assert lines[0].startswith("flag,application,profile,key,status,verdicts,reasons,days_unchanged,decision")
    assert len(lines) - 1 == len(set(c["flag"] for c in report["candidates"] + report["heldBack"]))
    bad = run(flagdeck_bin, env, "report", "--format", "pdf", check=False)
    assert bad.returncode != 0 and "pdf" in bad.stderr


def test_since_a_date(flagdeck_bin, scanned):
    env, _ = scanned
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    text = run(flagdeck_bin, env, "report", "--since", today).stdout
    assert f"## Since {today}" in text
    assert "- New flags: none" in text and "- Removed flags: none" in text
    before = run(flagdeck_bin, env, "report", "--since", "2000-01-01").stdout
    assert "no snapshot stored on or before 2000-01-01" in before
    bad = run(flagdeck_bin, env, "report", "--since", "last week", check=False)
    assert bad.returncode != 0 and "--since" in bad.stderr


def test_decisions_export_import_round_trip_and_merge(flagdeck_bin, copy_of, tmp_path):
    alice, scan = copy_of()
    bob, _ = copy_of()
    flags = present_flags(scan)
    first, second = flags[0], flags[1]

    shared = [decision(first, "retire", "carol", "2026-01-10T10:00:00.000Z", owner="alice", targetDate="2099-12-31",
                       note="after the freeze", checklist={"noLongerNeeded": True}),
              decision(second, "snooze", "carol", "2026-01-10T10:01:00.000Z", targetDate="2099-01-01")]
    write_decisions(tmp_path / "shared.json", shared)
    for env in (alice, bob):
        out = run(flagdeck_bin, env, "decisions", "import", str(tmp_path / "shared.json")).stdout
        assert "imported 2 new decisions" in out and "0 already present" in out

    # Round trip: what is exported imports as nothing new, and exports the same again.
    exported = run(flagdeck_bin, alice, "decisions", "export").stdout
    doc = json.loads(exported)
    assert doc["version"] == 1 and len(doc["decisions"]) == 2
    assert doc["decisions"][0]["note"] == "after the freeze"
    assert doc["decisions"][0]["checklist"] == {"positiveFeedback": False, "noRefactorsExpected": False, "noLongerNeeded": True}
    (tmp_path / "alice.json").write_text(exported)
    again = run(flagdeck_bin, alice, "decisions", "import", str(tmp_path / "alice.json")).stdout
    assert "imported 0 new decisions" in again and "2 already present" in again
    run(flagdeck_bin, alice, "decisions", "export", "--output", str(tmp_path / "alice-again.json"))
    assert (tmp_path / "alice-again.json").read_text() == exported

    # The stores diverge: each side records one decision of its own…
    write_decisions(tmp_path / "a-only.json", [decision(first, "keepUntil", "alice", "2026-02-01T09:00:00.000Z",
                                                        targetDate="2099-06-30")])
    write_decisions(tmp_path / "b-only.json", [decision(second, "permanent", "bob", "2026-01-20T09:00:00.000Z")])
    run(flagdeck_bin, alice, "decisions", "import", str(tmp_path / "a-only.json"))
    run(flagdeck_bin, bob, "decisions", "import", str(tmp_path / "b-only.json"))
    # …and merge both ways through their exports.
    run(flagdeck_bin, alice, "decisions", "export", "--output", str(tmp_path / "a.json"))
    run(flagdeck_bin, bob, "decisions", "export", "--output", str(tmp_path / "b.json"))
    into_bob = run(flagdeck_bin, bob, "decisions", "import", str(tmp_path / "a.json")).stdout
    into_alice = run(flagdeck_bin, alice, "decisions", "import", str(tmp_path / "b.json")).stdout
    assert "imported 1 new decisions" in into_bob and "2 already present" in into_bob
    assert "imported 1 new decisions" in into_alice and "2 already present" in into_alice
    a_final = run(flagdeck_bin, alice, "decisions", "export").stdout
    b_final = run(flagdeck_bin, bob, "decisions", "export").stdout
    assert a_final == b_final
    assert len(json.loads(a_final)["decisions"]) == 4

    # The minutes show each flag's newest decision.
    report = json.loads(run(flagdeck_bin, alice, "report", "--format", "json").stdout)
    by_flag = {d["flag"]: d for d in report["decisions"]}
    name = lambda f: f"{f['application']}/{f['profile']}/{f['key']}"
    assert by_flag[name(first)]["badge"] == "keep until 2099-06-30"
    assert by_flag[name(first)]["superseded"] == 1
    assert by_flag[name(second)]["badge"] == "permanent"
    markdown = run(flagdeck_bin, alice, "report").stdout
    assert "keep until 2099-06-30" in markdown


def test_import_rejects_a_bad_file_naming_the_json_path(flagdeck_bin, copy_of, tmp_path):
    env, scan = copy_of()
    f = present_flags(scan)[0]
    path = tmp_path / "decisions.json"
    write_decisions(path, [decision(f, "retire", "carol", "2026-01-10T10:00:00Z", owner="alice", targetDate="2099-12-31"),
                           decision(f, "retiring", "carol", "2026-01-11T10:00:00Z")])
    proc = run(flagdeck_bin, env, "decisions", "import", str(path), check=False)
    assert proc.returncode == 1
    assert f'{path}: $.decisions[1].kind: "retiring" is not one of {DECISION_KINDS}' in proc.stderr
    # Nothing of a rejected file is imported.
    assert json.loads(run(flagdeck_bin, env, "decisions", "export").stdout)["decisions"] == []
    path.write_text('{"version": 1, "decisions": [')
    proc = run(flagdeck_bin, env, "decisions", "import", str(path), check=False)
    assert proc.returncode == 1 and f"{path}: 1:30:" in proc.stderr
    missing = run(flagdeck_bin, env, "decisions", "import", str(tmp_path / "nope.json"), check=False)
    assert missing.returncode == 1 and "cannot read" in missing.stderr
