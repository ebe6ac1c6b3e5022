"""The dashboard on a 300-account organization configured only by an `organization:` block:
the real binary in tmux against `flagdeck emulator serve --seed synthetic:accounts=300,...`
(an organization whose first account manages it; `platform-shared` lacks the reader role,
`search-staging` is SUSPENDED). An on-call engineer must see how many accounts were found,
read and lost, environments grouped by name with each flag's distribution, and be able to
open a group.

Secrets are never printed: the management keys go into the AWS config file only.
"""
import json
import os
import urllib.request

from moto_support import clean_environment  # noqa: F401  (same environment rules as the CLI tests)
from test_scan_cli import demo_emulator
from tmux_driver import TmuxSession

ACCOUNTS = 300
SEED = f"synthetic:accounts={ACCOUNTS},regions=2,apps=1,envs=3,flags=3,versions=1"


def admin(endpoint, path):
    with urllib.request.urlopen(endpoint + path, timeout=30) as response:
        return json.load(response)


def test_a_300_account_organization_opens_grouped_with_discovery_counts(flagdeck_bin, isolated_home):
    with demo_emulator(flagdeck_bin, "--seed", SEED) as emulator:
        accounts = admin(emulator.endpoint, "/_emulator/accounts")
        management = next(a for a in accounts if a.get("management"))
        active = [a for a in accounts if a.get("status", "ACTIVE") == "ACTIVE"]
        without_role = [a for a in active if not a.get("management") and a.get("readerRole") is False]
        assert len(accounts) == ACCOUNTS and without_role, "the seed has a member without the reader role"

        with open(isolated_home["AWS_CONFIG_FILE"], "w") as f:
            f.write(f"[profile org-admin]\naws_access_key_id = {management['accessKeyId']}\n"
                    f"aws_secret_access_key = {management['secretAccessKey']}\n")
        open(isolated_home["AWS_SHARED_CREDENTIALS_FILE"], "w").close()
        config = os.path.join(isolated_home["HOME"], "flagdeck.yaml")
        with open(config, "w") as f:
            f.write("organization:\n  profile: org-admin\n  roleName: FlagDeckReader\n"
                    f"  regions: [us-east-1, eu-west-1]\n  endpoint: {emulator.endpoint}\n"
                    "refreshSeconds: 3600\n")
        before = admin(emulator.endpoint, "/_emulator/stats")

        scanned = len(active) - len(without_role)
        with TmuxSession([flagdeck_bin, "--config", config], width=120, height=40, env=isolated_home) as tui:
            screen = tui.wait_for(rf"{scanned} accounts scanned of {len(active)} discovered", timeout=600)
            # Every discovered account is in the header; the one without the role is named, not skipped.
            assert f"✖ {len(without_role)} account" in screen, screen
            assert without_role[0]["name"] in screen, screen
            # Environments grouped by name across 2 regions × the scanned accounts.
            groups = [line for line in screen.splitlines() if "×" in line and "FLAG" in line]
            assert groups and "prod ×" in groups[0], screen
            assert "●" in screen or "○" in screen

            # Open the first group: its members (accounts and regions) appear, Esc folds it.
            tui.send("l")
            tui.wait_for(r"▸", timeout=10)
            tui.send("Enter")
            expanded = tui.wait_for(r"▾\S+ ×\d+", timeout=10)
            assert "us-east-1" in expanded or "eu-west-1" in expanded, expanded
            tui.send("Escape")
            tui.wait_for(r"←/→ pick a column|dev ×|staging ×", timeout=10)
            tui.send("q")

        after = admin(emulator.endpoint, "/_emulator/stats")
        calls = {op: after.get(op, 0) - before.get(op, 0)
                 for op in ("ListAccounts", "ListParents", "AssumeRole", "ListApplications")}
        # Discovery read the organization; every active member's role was asked for (the one
        # without it refused), and AppConfig was read in every scanned account's two regions.
        assert calls["ListAccounts"] >= 1, calls
        assert calls["AssumeRole"] >= len(active) - 1, calls
        assert calls["ListApplications"] >= 2 * scanned, calls
