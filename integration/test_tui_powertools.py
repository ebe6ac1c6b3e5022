"""Issue 15 in `flagdeck demo`, as an on-call engineer uses it: the Lambda team's Powertools
features sit beside the native flags; the Flag view says what the rules do and evaluates a
context; a disable switches the feature off for every context, and the new version
(checked with boto3) is the old one's bytes with only those values replaced."""
import json
import os
import tempfile

import boto3

from tmux_driver import TmuxSession

FLEET_LOADED = r"Flags\(175\)"
FLAG = "premium_checkout"  # order-events (platform/us-east-1): default false, rule "premium tier" → true


def appconfig(demo_dir):
    with open(os.path.join(demo_dir, "emulator.json")) as f:
        info = json.load(f)
    account = next(a for a in info["accounts"] if a["name"] == "platform")
    return boto3.client("appconfig", region_name="us-east-1", endpoint_url=info["endpoint"],
                        aws_access_key_id=account["accessKeyId"], aws_secret_access_key=account["secretAccessKey"])


def powertools_profile(client):
    app = next(a for a in client.list_applications()["Items"] if a["Name"] == "order-events")
    profile = next(p for p in client.list_configuration_profiles(ApplicationId=app["Id"])["Items"]
                   if p["Name"] == "powertools-flags")
    assert profile["Type"] == "AWS.Freeform"
    return app["Id"], profile["Id"]


def content(client, app_id, profile_id, version):
    return client.get_hosted_configuration_version(ApplicationId=app_id, ConfigurationProfileId=profile_id,
                                                   VersionNumber=version)["Content"].read().decode()


def test_powertools_feature_is_explained_evaluated_and_disabled_for_every_context(flagdeck_bin, isolated_home):
    demo_dir = tempfile.mkdtemp(prefix="fd-demo-")
    env = {**isolated_home, "FLAGDECK_DEMO_DIR": demo_dir}
    with TmuxSession([flagdeck_bin, "demo"], width=140, height=45, env=env) as tui:
        tui.wait_for(FLEET_LOADED, timeout=60)
        client = appconfig(demo_dir)
        app_id, profile_id = powertools_profile(client)
        versions_before = sorted(v["VersionNumber"] for v in client.list_hosted_configuration_versions(
            ApplicationId=app_id, ConfigurationProfileId=profile_id)["Items"])

        tui.send("/")
        tui.type(FLAG)
        tui.send("Enter")
        tui.wait_for(r"Flags\(1\)")
        tui.send("Enter")
        screen = tui.wait_for(r"Flag order-events/powertools-flags/" + FLAG)
        assert "Powertools feature (boolean)" in screen
        assert '1. "premium tier" → true  when tier = "premium"' in screen, screen

        # Evaluate: a premium customer gets it through the rule, a free one the default.
        tui.send("e")
        tui.type("tier=premium userId=42")
        tui.send("Enter")
        screen = tui.wait_for(r"Evaluation  for tier=premium userId=42")
        assert screen.count('→ true  rule "premium tier"') == 3, screen
        tui.send("e")
        for _ in range(30):
            tui.send("BSpace")
        tui.type("tier=free")
        tui.send("Enter")
        screen = tui.wait_for(r"Evaluation  for tier=free")
        assert screen.count("→ false  the default") == 3, screen

        # Disable it in dev only: off for every context.
        tui.send("t")
        screen = tui.wait_for(r"Toggle order-events/powertools-flags/" + FLAG)
        assert "New value  OFF" in screen, "a feature some rule switches on counts as on: the default is off"
        assert screen.count("[x]") == 3
        tui.send("j", "Space", "j", "Space")  # unselect prod and staging, keep dev (the first line)
        screen = tui.wait_for(r"\[ \] platform/us-east-1/staging")
        assert screen.count("[x]") == 1, screen
        tui.send("Enter")
        screen = tui.wait_for(r"y deploy · n/Esc back|press y twice", timeout=20)
        assert f"{FLAG}.default" not in screen, "the default is already false: no change there"
        assert f"{FLAG}.rules" in screen and "when_match: true → false" in screen, screen
        tui.send("y")
        tui.wait_for(r"✔ platform/us-east-1/dev", timeout=30)

        versions_after = sorted(v["VersionNumber"] for v in client.list_hosted_configuration_versions(
            ApplicationId=app_id, ConfigurationProfileId=profile_id)["Items"])
        assert len(versions_after) == len(versions_before) + 1
        new = versions_after[-1]
        envs = {e["Name"]: e["Id"] for e in client.list_environments(ApplicationId=app_id)["Items"]}
        deployments = client.list_deployments(ApplicationId=app_id, EnvironmentId=envs["dev"])["Items"]
        started = next(d for d in deployments if d["ConfigurationVersion"] == str(new))
        previous = max((d for d in deployments if d["DeploymentNumber"] < started["DeploymentNumber"]),
                       key=lambda d: d["DeploymentNumber"])
        old_text = content(client, app_id, profile_id, int(previous["ConfigurationVersion"]))
        new_text = content(client, app_id, profile_id, new)
        old, after = json.loads(old_text), json.loads(new_text)
        assert after[FLAG]["default"] is False
        assert after[FLAG]["rules"]["premium tier"]["when_match"] is False
        # Everything else, byte for byte: one line differs, and only in that value.
        assert old[FLAG]["rules"]["premium tier"]["when_match"] is True
        old_lines, new_lines = old_text.split("\n"), new_text.split("\n")
        assert len(old_lines) == len(new_lines)
        changed = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
        assert len(changed) == 1, changed
        assert changed[0][0].replace("true", "false") == changed[0][1] and '"when_match"' in changed[0][0]
        tui.send("Escape", "q")
        assert tui.wait_exit(timeout=20) == 0
