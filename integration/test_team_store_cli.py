"""Issue 19 (first part) against a real PostgreSQL: `flagdeck scan --publish` writes the
snapshot to the team store, `flagdeck store migrate` copies a local store (decisions,
journal, snapshots) without loss and idempotently, `flagdeck store status` works with the
SELECT-only role, and that role cannot publish. scripts/test.sh starts the private
cluster (scripts/pg_test_cluster.sh) and exports where it is."""
import json
import re
import os
import subprocess
import uuid

import pytest

from moto_support import clean_environment
from test_scan_cli import emulator, home, scan, write_config  # noqa: F401 (fixtures)
from test_scan_decisions_cli import import_file

pytestmark = pytest.mark.skipif("FLAGDECK_TEST_POSTGRES" not in os.environ,
                                reason="needs the private PostgreSQL cluster scripts/test.sh starts")


def psql(sql, database=None):
    """As the cluster's admin: a witness independent of flagdeck."""
    url = os.environ["FLAGDECK_TEST_POSTGRES"]
    host_port = url.split("@", 1)[1].split("/", 1)[0]
    host, port = host_port.split(":")
    result = subprocess.run(["psql", "-qtA", "-h", host, "-p", port, "-U", "flagdeck_admin", "-d", database or "flagdeck",
                             "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True, timeout=30,
                            env={**os.environ, "PGPASSFILE": os.environ["FLAGDECK_TEST_PGPASSFILE"]})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def team_db():
    """A database of the test's own, owned by the writer role, the reader granted SELECT."""
    name = "flagdeck_it_" + uuid.uuid4().hex[:8]
    psql(f"CREATE DATABASE {name} OWNER flagdeck_writer", database="postgres")
    psql("REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE, CREATE ON SCHEMA public TO flagdeck_writer; "
         "GRANT USAGE ON SCHEMA public TO flagdeck_reader; "
         "ALTER DEFAULT PRIVILEGES FOR ROLE flagdeck_writer IN SCHEMA public GRANT SELECT ON TABLES TO flagdeck_reader",
         database=name)
    base = os.environ["FLAGDECK_TEST_POSTGRES"].rsplit("/", 1)[0]
    reader = os.environ["FLAGDECK_TEST_POSTGRES_READER"].rsplit("/", 1)[0]
    return {"name": name, "writer": f"{base}/{name}", "reader": f"{reader}/{name}"}


def flagdeck(flagdeck_bin, home, *args, store=None):
    env = clean_environment(**home, PGPASSFILE=os.environ["FLAGDECK_TEST_PGPASSFILE"])
    if store:
        env["FLAGDECK_STORE"] = store
    return subprocess.run([flagdeck_bin, *args], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=180)


def test_scan_publishes_and_a_reader_sees_it_but_cannot_write(flagdeck_bin, emulator, home, team_db):  # noqa: F811
    config = write_config(home, emulator)
    published = flagdeck(flagdeck_bin, home, "scan", "--config", config, "--format", "json", "--publish",
                         store=team_db["writer"])
    assert published.returncode == 0, published.stderr
    assert f"published to {team_db['writer']}" in published.stderr
    flags = len(json.loads(published.stdout)["flags"])
    assert psql("SELECT flag_count FROM snapshot", database=team_db["name"]) == str(flags)
    # Every migration this flagdeck knows, each applied once.
    assert psql("SELECT max(version) = count(*) FROM flagdeck_schema", database=team_db["name"]) == "t"

    status = flagdeck(flagdeck_bin, home, "store", "status", "--store", team_db["reader"])
    assert status.returncode == 0, status.stderr
    assert re.search(r"schema version \d+;", status.stdout) and "1 published snapshots" in status.stdout

    refused = flagdeck(flagdeck_bin, home, "scan", "--config", config, "--publish", store=team_db["reader"])
    assert refused.returncode == 1
    assert "not published" in refused.stderr and "may only read" in refused.stderr
    assert psql("SELECT count(*) FROM snapshot", database=team_db["name"]) == "1"


def test_store_migrate_copies_everything_once(flagdeck_bin, emulator, home, team_db, tmp_path):  # noqa: F811
    config = write_config(home, emulator)
    assert scan(flagdeck_bin, home, "--config", config, "--format", "json").returncode == 0
    flag = {"application": "checkout", "profile": "feature-flags", "key": "checkout_one_click_upsell"}
    assert "imported 2 new" in import_file(flagdeck_bin, home, tmp_path, "d.json", [
        {"flag": flag, "kind": "keepUntil", "targetDate": "2027-01-31", "author": "alice", "createdAt": "2026-11-02T09:00:00.000Z"},
        {"flag": flag, "kind": "retire", "owner": "bob", "targetDate": "2027-02-28", "author": "bob",
         "createdAt": "2026-11-03T09:00:00.000Z"}])
    toggled = flagdeck(flagdeck_bin, home, "toggle", "--config", config, "--flag",
                       "fraud-detection/feature-flags/fraud_model_v7", "--env", "payments-prod/us-east-1/prod-canary",
                       "--off", "--yes", "--reason", "INC-7")
    assert toggled.returncode == 0, toggled.stdout + toggled.stderr

    state = home["FLAGDECK_STATE_DIR"]
    first = flagdeck(flagdeck_bin, home, "store", "migrate", "--from", f"sqlite:{state}", "--to", team_db["writer"])
    assert first.returncode == 0, first.stderr
    assert "decisions: 2 copied, 0 already there" in first.stdout, first.stdout
    journal = int(psql("SELECT count(*) FROM journal", database=team_db["name"]))
    assert journal >= 3, "the toggle's intent, step and end"
    assert psql("SELECT string_agg(author || ':' || kind, ',' ORDER BY created_at) FROM decision",
                database=team_db["name"]) == "alice:keepUntil,bob:retire"
    assert psql("SELECT count(*) FROM journal WHERE details->>'reason' = 'INC-7'", database=team_db["name"]) != "0"
    snapshots = int(psql("SELECT count(*) FROM snapshot", database=team_db["name"]))
    assert snapshots >= 1

    again = flagdeck(flagdeck_bin, home, "store", "migrate", "--from", f"sqlite:{state}", "--to", team_db["writer"])
    assert again.returncode == 0, again.stderr
    assert "decisions: 0 copied, 2 already there" in again.stdout
    assert f"journal: 0 copied, {journal} already there" in again.stdout
    assert psql("SELECT count(*) FROM snapshot", database=team_db["name"]) == str(snapshots)


def test_bad_store_settings_are_named_and_no_password_is_echoed(flagdeck_bin, home, team_db, tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("accounts:\n  - name: a\n    regions: [us-east-1]\nstore: postgres://u:s3cret@db/flagdeck\n")
    bad = flagdeck(flagdeck_bin, home, "scan", "--config", str(config), "--publish")
    assert bad.returncode == 1
    assert "c.yaml:4:8: store:" in bad.stderr and "PGPASSWORD" in bad.stderr and "s3cret" not in bad.stderr

    wrong = flagdeck(flagdeck_bin, {**home, "PGPASSWORD": "not-the-password"}, "store", "status", "--store", team_db["reader"])
    assert wrong.returncode == 1
    assert "password authentication failed" in wrong.stderr and "not-the-password" not in wrong.stderr


def test_an_auditor_opens_the_dashboard_from_the_store_without_aws(flagdeck_bin, emulator, home, team_db, tmp_path):  # noqa: F811
    """The writer publishes a scan and the team's decisions; the auditor — a SELECT-only role,
    no AWS credentials, no configuration — opens `flagdeck --from-store` in tmux."""
    from tmux_driver import TmuxSession

    config = write_config(home, emulator)
    flag = {"application": "fraud-detection", "profile": "feature-flags", "key": "fraud_biometrics"}  # dead in the demo
    assert "imported 1 new" in import_file(flagdeck_bin, home, tmp_path, "d.json", [
        {"flag": flag, "kind": "retire", "owner": "bob", "targetDate": "2099-01-31", "note": "audit sample",
         "author": "alice", "createdAt": "2026-11-02T09:00:00.000Z"}])
    published = flagdeck(flagdeck_bin, home, "scan", "--config", config, "--publish", store=team_db["writer"])
    assert published.returncode in (0, 2), published.stderr
    migrated = flagdeck(flagdeck_bin, home, "store", "migrate", "--from", f"sqlite:{home['FLAGDECK_STATE_DIR']}",
                        "--to", team_db["writer"])
    assert migrated.returncode == 0, migrated.stderr

    auditor_home = tmp_path / "auditor"
    auditor_home.mkdir()
    env = {"HOME": str(auditor_home), "FLAGDECK_STATE_DIR": str(auditor_home / "state"),
           "PGPASSFILE": os.environ["FLAGDECK_TEST_PGPASSFILE"], "FLAGDECK_STORE": team_db["reader"],
           "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}
    before = json.loads(subprocess.run(["curl", "-s", emulator.endpoint + "/_emulator/stats"], capture_output=True,
                                       text=True).stdout or "{}").get("total")
    with TmuxSession([flagdeck_bin, "--from-store"], width=120, height=40, env=env) as tui:
        screen = tui.wait_for(r"TEAM STORE \(published by \S+\)", timeout=30)
        assert "[RO]" in screen and re.search(r"Flags\(\d+\)", screen)
        tui.send("Tab")
        tui.send("/")
        tui.type("fraud_biometrics")
        tui.send("Enter")
        screen = tui.wait_for(r"Review\(1\)", timeout=10)
        row = next(line for line in screen.splitlines() if "fraud_biometrics" in line)
        assert "retire → bob by 2099-01-31" in row, row
        tui.send("t")
        tui.wait_for(r"does nothing here|nothing can be changed", timeout=10)
        tui.send("q")
        assert tui.wait_exit(timeout=20) == 0
    after = json.loads(subprocess.run(["curl", "-s", emulator.endpoint + "/_emulator/stats"], capture_output=True,
                                      text=True).stdout or "{}").get("total")
    assert before == after, "no AWS call at all"


def test_two_people_copying_at_the_same_moment_both_land(flagdeck_bin, home, team_db, tmp_path):
    """Two processes writing decisions at once (two laptops' stores copied together): every
    decision of both arrives, none twice, and the schema was created once."""
    flag = {"application": "checkout", "profile": "feature-flags", "key": "checkout_one_click_upsell"}
    homes = []
    for person in ("alice", "bob"):
        person_home = {**home, "FLAGDECK_STATE_DIR": str(tmp_path / person)}
        entries = [{"flag": flag, "kind": "keepUntil", "targetDate": f"2027-0{i + 1}-01", "author": person,
                    "createdAt": f"2026-11-1{i}T09:00:00.000Z"} for i in range(5)]
        assert "imported 5 new" in import_file(flagdeck_bin, person_home, tmp_path, f"{person}.json", entries)
        homes.append(person_home)
    env = clean_environment(**home, PGPASSFILE=os.environ["FLAGDECK_TEST_PGPASSFILE"])
    processes = [subprocess.Popen([flagdeck_bin, "store", "migrate", "--from", f"sqlite:{h['FLAGDECK_STATE_DIR']}",
                                   "--to", team_db["writer"]], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for h in homes]
    for p in processes:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        assert "decisions: 5 copied" in out
    assert psql("SELECT author || ':' || count(*) FROM decision GROUP BY author ORDER BY author",
                database=team_db["name"]).split() == ["alice:5", "bob:5"]
    # Each schema version applied once, though both started at the same moment.
    versions = psql("SELECT string_agg(version::text, ',' ORDER BY version) FROM flagdeck_schema",
                    database=team_db["name"]).split(",")
    assert versions == [str(v) for v in range(1, len(versions) + 1)]
