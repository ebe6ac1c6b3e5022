"""`flagdeck refs` end to end (issue 16): the real binary, a snapshot stored by `flagdeck scan`
of `flagdeck emulator serve --seed demo`, and git repositories made here that reference two
demo flags.

Run:  FLAGDECK_BIN=/path/to/flagdeck python3 -m pytest -q integration/test_refs_cli.py
"""
import json
import os
import re
import subprocess

import pytest

from moto_support import clean_environment
from test_scan_cli import demo_emulator, write_config, write_credentials

ISO_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture(scope="module")
def emulator(flagdeck_bin):
    with demo_emulator(flagdeck_bin) as running:
        yield running


@pytest.fixture
def home(isolated_home, emulator):
    return write_credentials(isolated_home, emulator)


def run(flagdeck_bin, home, *args):
    return subprocess.run([flagdeck_bin, *args], env=clean_environment(**home), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=180)


def git(repo, *args):
    env = clean_environment(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", "-C", repo, "-c", "user.name=Test", "-c", "user.email=test@example.com",
                           "-c", "commit.gpgsign=false", *args],
                          env=env, check=True, capture_output=True, text=True).stdout.strip()


def make_repository(path, files):
    os.makedirs(path)
    git(path, "init", "-q")
    for name, text in files.items():
        os.makedirs(os.path.join(path, os.path.dirname(name)), exist_ok=True)
        with open(os.path.join(path, name), "w") as f:
            f.write(text)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "references")
    return git(path, "rev-parse", "HEAD")


# Two demo flags: checkout's new_checkout_flow and payments-api's payments_webhook_v3.
SHOP_FILES = {
    "README.md": "The shop.\n",
    "src/checkout.ts": "import { flags } from './flags';\n\nif (flags.newCheckoutFlow) {\n"
                       "  render();\n}\n// new_checkout_flow_v2 is another flag\n",
    "services/payments.py": 'WEBHOOK = "payments_webhook_v3"\n\nPAYMENTS_WEBHOOK_V3 = True\n',
    "vendor/lib.js": "var new_checkout_flow = 1;\n",
}


def configure(home, emulator, repositories):
    """The scan configuration plus a `codeReferences` list of (path, applications)."""
    path = write_config(home, emulator)
    with open(path, "a") as f:
        f.write("codeReferences:\n")
        for repo, applications in repositories:
            f.write(f"  - path: {repo}\n")
            if applications:
                f.write(f"    applications: [{', '.join(applications)}]\n")
    return path


def scanned_flags(flagdeck_bin, home, config):
    result = run(flagdeck_bin, home, "scan", "--config", config, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {f["key"]: f for f in json.loads(result.stdout)["flags"]}


def test_nothing_to_do_is_exit_one_with_the_way_forward(flagdeck_bin, emulator, home):
    config = write_config(home, emulator)
    result = run(flagdeck_bin, home, "refs", "--config", config)
    assert result.returncode == 1
    assert "no code references configured" in result.stderr and "codeReferences:" in result.stderr
    config = configure(home, emulator, [("~/shop", None)])
    result = run(flagdeck_bin, home, "refs", "--config", config)
    assert result.returncode == 1
    assert result.stderr == "flagdeck refs: no scan stored yet: run `flagdeck scan` first\n"


def test_json_counts_paths_and_lines(flagdeck_bin, emulator, home):
    repo = os.path.join(home["HOME"], "shop")
    commit = make_repository(repo, SHOP_FILES)
    config = configure(home, emulator, [("~/shop", None)])
    flags = scanned_flags(flagdeck_bin, home, config)

    result = run(flagdeck_bin, home, "refs", "--config", config, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert set(document) == {"repositories", "flags"}
    [repository] = document["repositories"]
    assert repository["path"] == repo and repository["commit"] == commit
    assert ISO_SECONDS.match(repository["scannedAt"])
    assert repository["filesScanned"] == 3, "README, the TypeScript and the Python file; vendor/ is skipped"

    checkout, payments = flags["new_checkout_flow"], flags["payments_webhook_v3"]
    expected = [
        (payments, [("services/payments.py", 1), ("services/payments.py", 3)]),
        (checkout, [("src/checkout.ts", 3)]),
    ]
    expected.sort(key=lambda e: (e[0]["application"], e[0]["profile"], e[0]["key"]))
    assert [(f["application"], f["profile"], f["key"]) for f in document["flags"]] == \
        [(f["application"], f["profile"], f["key"]) for f, _ in expected]
    for got, (flag, files) in zip(document["flags"], expected):
        refs = got["codeReferences"]
        assert set(refs) == {"count", "files", "scannedAt"}
        assert refs["count"] == len(files)
        assert refs["files"] == [{"repository": repo, "path": p, "line": n} for p, n in files]
        assert refs["scannedAt"] == repository["scannedAt"]

    # The table says the same.
    result = run(flagdeck_bin, home, "refs", "--config", config)
    assert result.returncode == 0, result.stderr
    name = f"{checkout['application']}/{checkout['profile']}/new_checkout_flow"
    line = next(line for line in result.stdout.splitlines() if line.startswith(name + " "))
    assert re.search(r"  1 ref +src/checkout\.ts:3$", line), line
    name = f"{payments['application']}/{payments['profile']}/payments_webhook_v3"
    line = next(line for line in result.stdout.splitlines() if line.startswith(name + " "))
    assert line.endswith("2 refs  services/payments.py:1, services/payments.py:3"), line


def test_an_unreadable_repository_is_named_and_the_others_still_count(flagdeck_bin, emulator, home):
    shop = os.path.join(home["HOME"], "shop")
    make_repository(shop, SHOP_FILES)
    plain = os.path.join(home["HOME"], "not-a-repo")
    os.makedirs(plain)
    # Only checkout's flags may be referenced from the shop: the payments flag is not looked for.
    config = configure(home, emulator, [(plain, None), ("~/shop", ["checkout"])])
    scanned_flags(flagdeck_bin, home, config)

    result = run(flagdeck_bin, home, "refs", "--config", config, "--format", "json")
    assert result.returncode == 2
    assert result.stderr.startswith(f"flagdeck refs: {plain} is not a readable git work tree: "), result.stderr
    document = json.loads(result.stdout)
    assert [r["path"] for r in document["repositories"]] == [shop]
    assert [(f["key"], f["codeReferences"]["count"]) for f in document["flags"]] == [("new_checkout_flow", 1)]


def test_scan_json_carries_the_references_and_retire_refuses_while_they_exist(flagdeck_bin, emulator, home):
    # payments_partial_capture... any dead flag will do: checkout_gift_wrap is off everywhere in the demo.
    repo = os.path.join(home["HOME"], "shop")
    make_repository(repo, {"src/gift.go": 'package gift\n\nconst key = "checkout_gift_wrap"\n'})
    config = configure(home, emulator, [("~/shop", ["checkout"])])
    scanned_flags(flagdeck_bin, home, config)
    assert run(flagdeck_bin, home, "refs", "--config", config).returncode == 0

    flags = scanned_flags(flagdeck_bin, home, config)
    gift = flags["checkout_gift_wrap"]["codeReferences"]
    assert gift["count"] == 1 and gift["files"] == [{"repository": repo, "path": "src/gift.go", "line": 3}]
    assert flags["new_checkout_flow"]["codeReferences"]["count"] == 0, "configured, applies, nothing found"
    assert "codeReferences" not in flags["payments_webhook_v3"], "no repository applies to payments-api"

    result = run(flagdeck_bin, home, "retire", "--config", config, "--flag", "checkout/feature-flags/checkout_gift_wrap", "--yes")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "is still referenced in code (1 place" in result.stderr
    assert f"{repo}/src/gift.go:3: const key = \"checkout_gift_wrap\"" in result.stderr
    assert "Plan:" not in result.stdout, "refused before anything is read from AWS"
