"""`flagdeck store stats` end to end: two `flagdeck scan` runs against `flagdeck emulator
serve --seed demo` (its clock stopped, so the second scan finds the fleet unchanged),
then what the state directory holds, as text and as JSON.

Run:  FLAGDECK_BIN=/path/to/flagdeck python3 -m pytest -q integration/test_store_cli.py
"""
import json
import os
import subprocess

import pytest

from moto_support import clean_environment
from test_scan_cli import demo_emulator, write_config


@pytest.fixture(scope="module")
def frozen_emulator(flagdeck_bin):
    # Its clock stopped: the second scan finds the fleet unchanged.
    with demo_emulator(flagdeck_bin, "--time-scale", "0") as running:
        yield running


@pytest.fixture
def home(isolated_home, frozen_emulator):
    with open(isolated_home["AWS_SHARED_CREDENTIALS_FILE"], "w") as f:
        for a in frozen_emulator.accounts:
            f.write(f"[{a['name']}]\naws_access_key_id = {a['key']}\naws_secret_access_key = {a['secret']}\n\n")
    open(isolated_home["AWS_CONFIG_FILE"], "w").close()
    return isolated_home


def run(flagdeck_bin, home, *args):
    return subprocess.run([flagdeck_bin, *args], env=clean_environment(**home), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=180)


def database_bytes(home):
    path = os.path.join(home["FLAGDECK_STATE_DIR"], "flagdeck.sqlite")
    return sum(os.path.getsize(path + suffix) for suffix in ("", "-wal") if os.path.exists(path + suffix))


def test_stats_after_two_scans(flagdeck_bin, frozen_emulator, home):
    assert run(flagdeck_bin, home, "store", "stats").returncode == 1, "no state database yet"

    config = write_config(home, frozen_emulator)
    sizes = []
    for _ in range(2):
        scan = run(flagdeck_bin, home, "scan", "--config", config, "--format", "json")
        assert scan.returncode == 0, scan.stderr
        sizes.append(database_bytes(home))
    flags = len(json.loads(scan.stdout)["flags"])

    result = run(flagdeck_bin, home, "store", "stats", "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["directory"] == home["FLAGDECK_STATE_DIR"]
    files = {f["name"]: f["bytes"] for f in stats["files"]}
    assert files["flagdeck.sqlite"] == os.path.getsize(os.path.join(home["FLAGDECK_STATE_DIR"], "flagdeck.sqlite"))
    assert "flagdeck.log" in files

    snapshots = stats["snapshots"]
    # The second scan found the fleet as the first left it: counted, not stored again.
    assert snapshots["count"] == 1, snapshots
    assert snapshots["scans"] == 2
    assert snapshots["pinned"] == 0 and snapshots["legacy"] == 0
    assert snapshots["oldestScannedAt"] <= snapshots["newestScannedAt"]
    assert snapshots["pieces"] == flags + 1
    assert snapshots["pieceBytes"] > 0 and snapshots["bodyBytes"] > 0
    assert "7 days" in snapshots["retention"] and "90 days" in snapshots["retention"]
    # Opening the database (GRDB creates and drops a table once per open, which can leave
    # one free page behind, reused from then on) may cost the second run a page; the
    # rescan itself writes one small row.
    assert sizes[1] - sizes[0] <= 4096, sizes

    assert stats["hostedVersions"]["count"] > 0 and stats["hostedVersions"]["bytes"] > 0
    assert stats["deployments"]["count"] >= 0
    assert stats["decisions"] == {"count": 0, "bytes": 0, "diskBytes": stats["decisions"].get("diskBytes")}
    assert stats["journal"]["count"] == 0
    assert stats["pageSize"] > 0 and stats["pages"] > 0

    text = run(flagdeck_bin, home, "store", "stats")
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("state directory " + home["FLAGDECK_STATE_DIR"] + "\n")
    assert "snapshots: 1 stored for 2 scans (1 unchanged rescans), 0 pinned" in text.stdout
    for label in ("cached versions", "cached deployments", "decisions", "journal entries", "retention: "):
        assert label in text.stdout

    # A third scan, unchanged too: the database does not grow.
    scan = run(flagdeck_bin, home, "scan", "--config", config, "--format", "json")
    assert scan.returncode == 0, scan.stderr
    assert database_bytes(home) - sizes[1] <= 1024, (sizes, database_bytes(home))
    stats = json.loads(run(flagdeck_bin, home, "store", "stats", "--json").stdout)
    assert (stats["snapshots"]["count"], stats["snapshots"]["scans"]) == (1, 3)

    # A report compared with the fleet at the end of today: that snapshot is pinned.
    today = stats["snapshots"]["newestScannedAt"][:10]
    report = run(flagdeck_bin, home, "report", "--since", today, "--format", "json")
    assert report.returncode == 0, report.stderr
    assert json.loads(run(flagdeck_bin, home, "store", "stats", "--json").stdout)["snapshots"]["pinned"] == 1

    help_text = run(flagdeck_bin, home, "help", "store", "stats")
    assert help_text.returncode == 0 and "--json" in help_text.stdout
