"""`flagdeck scan --no-cache` still honours permanent decisions, and the current decision
is the newest by createdAt even when an older one is imported after it (issue 13, item 7).

Run:  FLAGDECK_BIN=/path/to/flagdeck python3 -m pytest -q integration/test_scan_decisions_cli.py
"""
import json
import subprocess

from moto_support import clean_environment
from test_scan_cli import emulator, home, scan, write_config  # noqa: F401 (fixtures)

RETIREMENT = {"stale", "dead", "overdue"}


def decisions(flagdeck_bin, home, *args):
    return subprocess.run([flagdeck_bin, "decisions", *args], env=clean_environment(**home),
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=60)


def import_file(flagdeck_bin, home, tmp_path, name, entries):
    path = tmp_path / name
    path.write_text(json.dumps({"version": 1, "decisions": entries}))
    result = decisions(flagdeck_bin, home, "import", str(path))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_no_cache_scan_honours_the_newest_permanent_decision(flagdeck_bin, emulator, home, tmp_path):  # noqa: F811
    config = write_config(home, emulator)
    first = scan(flagdeck_bin, home, "--config", config, "--format", "json", "--no-cache")
    assert first.returncode == 0, first.stderr
    flags = json.loads(first.stdout)["flags"]
    target = next(f for f in flags if RETIREMENT & set(f["verdicts"]) and "permanent" not in f["verdicts"])
    flag = {"application": target["application"], "profile": target["profile"], "key": target["key"]}

    # The newer decision (permanent) first; a colleague's older one (retire) imported after it.
    assert "imported 1 new" in import_file(flagdeck_bin, home, tmp_path, "newer.json", [
        {"flag": flag, "kind": "permanent", "author": "alice", "createdAt": "2026-02-01T09:00:00.000Z"}])
    assert "imported 1 new" in import_file(flagdeck_bin, home, tmp_path, "older.json", [
        {"flag": flag, "kind": "retire", "owner": "bob", "targetDate": "2099-12-31", "author": "bob",
         "createdAt": "2026-01-10T09:00:00.000Z"}])

    for args in (("--no-cache",), ()):
        result = scan(flagdeck_bin, home, "--config", config, "--format", "json", *args)
        assert result.returncode == 0, result.stderr
        row = next(f for f in json.loads(result.stdout)["flags"]
                   if (f["application"], f["profile"], f["key"]) == tuple(flag.values()))
        assert "permanent" in row["verdicts"], (args, row["verdicts"])
        assert not RETIREMENT & set(row["verdicts"]), (args, row["verdicts"])

    # The export lists both, oldest first: the permanent one is the flag's last.
    exported = json.loads(decisions(flagdeck_bin, home, "export").stdout)["decisions"]
    assert [d["kind"] for d in exported] == ["retire", "permanent"]
