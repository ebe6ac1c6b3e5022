"""Issue 19, the rest: what an auditor without AWS access reads from the team store
(`report --from-store`, `audit --from-store`, the dashboard with its Audit view, implied
when no AWS credentials exist), changes journaled there by the command line under
`--as NAME`, and a dashboard session that loses no decision while the server is down."""
import json
import os
import re
import subprocess
import time
import urllib.request

import pytest

from fast_demo import emulator, home, run  # noqa: F401 (fixtures)
from test_team_store_cli import psql, team_db  # noqa: F401 (fixtures)

pytestmark = pytest.mark.skipif("FLAGDECK_TEST_POSTGRES" not in os.environ,
                                reason="needs the private PostgreSQL cluster scripts/test.sh starts")

ACCOUNT, REGION = "payments-prod", "us-east-1"
FLAG = "fraud-detection/feature-flags/fraud_model_v7"
CLUSTER = os.environ.get("FLAGDECK_TEST_PGCLUSTER", "")
SCRIPT = os.path.join(os.path.dirname(__file__), "..", "scripts", "pg_test_cluster.sh")


def with_store(home, store):
    """`home` whose flagdeck also finds the team store (and the cluster's passwords)."""
    return {**home, "FLAGDECK_STORE": store, "PGPASSFILE": os.environ["FLAGDECK_TEST_PGPASSFILE"]}


def auditor_env(tmp_path, store):
    """No AWS credentials anywhere, no configuration: only the reader's team store."""
    auditor = tmp_path / "auditor"
    auditor.mkdir(exist_ok=True)
    return {"HOME": str(auditor), "FLAGDECK_STATE_DIR": str(auditor / "state"), "PATH": os.environ["PATH"],
            "PGPASSFILE": os.environ["FLAGDECK_TEST_PGPASSFILE"], "FLAGDECK_STORE": store,
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "LANG": "C.UTF-8"}


def as_auditor(flagdeck_bin, env, *args):
    return subprocess.run([flagdeck_bin, *args], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=120)


def requests_served(emulator):
    with urllib.request.urlopen(emulator.endpoint + "/_emulator/stats", timeout=10) as r:
        return json.loads(r.read())["total"]


def row_keys(rows):
    return sorted((r["kind"], r["application"], r["environment"] or "", r.get("deploymentNumber") or 0, r["version"])
                  for r in rows)


def test_an_auditor_reads_the_published_report_and_audit_without_any_aws_call(flagdeck_bin, emulator, home, team_db,
                                                                              tmp_path):  # noqa: F811
    writer = with_store(home, team_db["writer"])
    toggled = run(flagdeck_bin, writer, "toggle", "--config", home["config"], "--flag", FLAG,
                  "--env", f"{ACCOUNT}/{REGION}/prod-canary", "--off", "--yes", "--reason", "INC-7 false positives",
                  "--as", "oncall-lead")
    assert toggled.returncode == 0, toggled.stdout + toggled.stderr
    # The journal reached the team store under the name given, not the OS user.
    actors = psql("SELECT DISTINCT actor FROM journal", database=team_db["name"]).split()
    assert actors == ["oncall-lead"], actors

    published = run(flagdeck_bin, writer, "scan", "--config", home["config"], "--publish", "--format", "json")
    assert published.returncode in (0, 2), published.stderr
    assert f"published to {team_db['writer']}" in published.stderr
    assert psql("SELECT encoding FROM snapshot", database=team_db["name"]) == "1"  # compact, as the local store keeps them

    before = requests_served(emulator)
    env = auditor_env(tmp_path, team_db["reader"])
    audit = as_auditor(flagdeck_bin, env, "audit", "--from-store", "--format", "json", "--account", ACCOUNT)
    assert audit.returncode == 0, audit.stderr
    assert "as published to" in audit.stderr
    rows = json.loads(audit.stdout)["rows"]
    mine = [r for r in rows if r["flagdeck"] is not None and r["kind"] == "deployment"]
    assert mine and mine[0]["flagdeck"]["actor"] == "oncall-lead"
    assert mine[0]["flagdeck"]["reason"] == "INC-7 false positives"
    assert mine[0]["who"]["type"] == "IAMUser", "CloudTrail's who, as read by the publisher"

    report = as_auditor(flagdeck_bin, env, "report", "--from-store", "--format", "json")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["scan"]["flags"] == len(json.loads(published.stdout)["flags"])
    assert requests_served(emulator) == before, "the auditor made no AWS call"

    # The writer's own audit of the same fleet has the same rows.
    local = run(flagdeck_bin, home, "audit", "--config", home["config"], "--format", "json", "--account", ACCOUNT)
    assert local.returncode == 0, local.stderr
    assert row_keys(json.loads(local.stdout)["rows"]) == row_keys(rows)

    # A reader cannot publish; --from-store without a store says what is missing.
    denied = as_auditor(flagdeck_bin, {**env, "FLAGDECK_STORE": ""}, "audit", "--from-store")
    assert denied.returncode == 1 and "needs a team store" in denied.stderr


def test_the_store_commands_take_config_and_show_the_team_store(flagdeck_bin, emulator, home, team_db):  # noqa: F811
    config = home["config"]
    with open(config, "a") as f:
        f.write(f"store: {team_db['writer']}\n")
    env = {**home, "PGPASSFILE": os.environ["FLAGDECK_TEST_PGPASSFILE"]}
    assert run(flagdeck_bin, env, "scan", "--config", config, "--publish").returncode in (0, 2)
    stats = run(flagdeck_bin, env, "store", "stats", "--config", config)
    assert stats.returncode == 0, stats.stderr
    assert re.search(rf"team store {re.escape(team_db['writer'])}: schema version \d+; 0 decisions, 0 journal entries, "
                     r"1 published snapshots", stats.stdout), stats.stdout
    status = run(flagdeck_bin, env, "store", "status", "--config", config)
    assert status.returncode == 0 and "published snapshots" in status.stdout, status.stderr
    # decisions import --config lands in the team store too; export reads it back.
    decision = {"flag": {"application": "checkout", "profile": "feature-flags", "key": "checkout_one_click_upsell"},
                "kind": "keepUntil", "targetDate": "2099-01-01", "author": "dana", "createdAt": "2026-11-20T10:00:00.000Z"}
    path = os.path.join(home["HOME"], "decisions.json")
    with open(path, "w") as f:
        json.dump({"version": 1, "decisions": [decision]}, f)
    imported = run(flagdeck_bin, env, "decisions", "import", path, "--config", config)
    assert imported.returncode == 0, imported.stderr
    assert "team store" in imported.stdout and "1 new" in imported.stdout
    assert psql("SELECT author FROM decision", database=team_db["name"]) == "dana"
    exported = run(flagdeck_bin, {**env, "FLAGDECK_STATE_DIR": env["FLAGDECK_STATE_DIR"] + "-other"},
                   "decisions", "export", "--config", config)
    assert exported.returncode == 0, exported.stderr
    assert [d["author"] for d in json.loads(exported.stdout)["decisions"]] == ["dana"]


def operation_counts(emulator):
    with urllib.request.urlopen(emulator.endpoint + "/_emulator/stats", timeout=10) as r:
        return json.loads(r.read())


def test_a_second_machine_scans_warm_from_the_team_cache(flagdeck_bin, emulator, home, team_db, tmp_path):  # noqa: F811
    """Versions and finished deployments one machine fetched are in the team store: a
    machine with an empty state directory fetches none of them again."""
    first = with_store(home, team_db["writer"])
    before = operation_counts(emulator)
    assert run(flagdeck_bin, first, "scan", "--config", home["config"], "--publish").returncode in (0, 2)
    middle = operation_counts(emulator)
    fetched_first = middle.get("GetHostedConfigurationVersion", 0) - before.get("GetHostedConfigurationVersion", 0)
    assert fetched_first > 0
    assert int(psql("SELECT count(*) FROM hosted_version", database=team_db["name"])) >= fetched_first

    second = {**first, "FLAGDECK_STATE_DIR": str(tmp_path / "second-machine")}
    assert run(flagdeck_bin, second, "scan", "--config", home["config"], "--publish").returncode in (0, 2)
    after = operation_counts(emulator)
    fetched_second = after.get("GetHostedConfigurationVersion", 0) - middle.get("GetHostedConfigurationVersion", 0)
    # Only versions created since (none here) would be fetched again.
    assert fetched_second == 0, f"first machine fetched {fetched_first} versions, the second {fetched_second}"


def test_an_auditor_without_aws_credentials_gets_the_team_picture_and_its_audit(flagdeck_bin, emulator, home, team_db,
                                                                                 tmp_path):  # noqa: F811
    from tmux_driver import TmuxSession

    writer = with_store(home, team_db["writer"])
    assert run(flagdeck_bin, writer, "scan", "--config", home["config"], "--publish").returncode in (0, 2)
    env = auditor_env(tmp_path, team_db["reader"])
    # Plain `flagdeck`: no --from-store, no configuration, no AWS credentials.
    with TmuxSession([flagdeck_bin], width=120, height=40, env=env) as tui:
        screen = tui.wait_for(r"TEAM STORE \(published by \S+\)", timeout=30)
        assert "[RO]" in screen
        tui.send("Tab", "Tab")
        screen = tui.wait_for(r"Audit\((\d+)\) — deployments", timeout=10)
        assert int(re.search(r"Audit\((\d+)\)", screen).group(1)) > 0, screen
        assert "WHO" in screen and re.search(r"arn:aws:iam::\d+:user/|payments-prod", screen), screen
        tui.send("q")
        assert tui.wait_exit(timeout=20) == 0


def cluster(action):
    subprocess.run(["bash", SCRIPT, action, CLUSTER], check=True, timeout=60, stdin=subprocess.DEVNULL,
                   capture_output=True)


def decide_keep_until(tui, date):
    tui.send("K")
    tui.wait_for(r"Decision on .*: keep until")
    tui.type(date)
    tui.send("Enter", "Enter")


@pytest.mark.skipif(not CLUSTER, reason="needs FLAGDECK_TEST_PGCLUSTER")
def test_a_decision_taken_while_the_team_store_is_down_lands_when_it_is_back(flagdeck_bin, emulator, home,
                                                                             team_db):  # noqa: F811
    from tmux_driver import TmuxSession

    env = {**with_store(home, team_db["writer"]), "LANG": "C.UTF-8"}
    env = {k: v for k, v in env.items() if k != "config"}
    with TmuxSession([flagdeck_bin, "--config", home["config"], "--as", "carol"], width=140, height=40, env=env) as tui:
        tui.wait_for(r"Flags\((?!0\))\d+\)", timeout=60)
        tui.send("Tab")
        tui.wait_for(r"Review\(\d+\)")
        decide_keep_until(tui, "2099-01-01")
        tui.wait_for(r"decision recorded: \S+ .* carol: keepUntil")
        cluster("stop")
        try:
            tui.send("j")
            decide_keep_until(tui, "2099-02-02")
            screen = tui.wait_for(r"the team store does not answer", timeout=30)
            assert "decision not recorded" not in screen
        finally:
            cluster("resume")
        # The next refresh sends what waited.
        tui.send("C-r")
        deadline = time.monotonic() + 60
        dates = []
        while time.monotonic() < deadline:
            dates = psql("SELECT target_date FROM decision WHERE author = 'carol' ORDER BY target_date",
                         database=team_db["name"]).split()
            if len(dates) == 2:
                break
            time.sleep(0.5)
        assert dates == ["2099-01-01", "2099-02-02"]
        tui.send("q")
        assert tui.wait_exit(timeout=20) == 0
