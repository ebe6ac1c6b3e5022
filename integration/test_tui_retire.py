"""Issue 16 in `flagdeck demo`: the review meeting retires a dead flag from the Review view
with `R` (twice: it has no retire decision yet), confirms production with `y` twice, watches
the clean-up deployments complete, and the flag leaves the Review list with its decision
recorded; boto3 checks the new versions lack the flag."""
import json
import os
import tempfile

import boto3

from tmux_driver import TmuxSession

FLEET_LOADED = r"Flags\(175\)"
KEY = "fraud_legacy_rules_engine"  # dead in the demo (off everywhere), fraud-detection, six environments


def test_review_R_retires_a_dead_flag_everywhere(flagdeck_bin, isolated_home):
    demo_dir = tempfile.mkdtemp(prefix="fd-demo-")
    env = {**isolated_home, "FLAGDECK_DEMO_DIR": demo_dir}
    with TmuxSession([flagdeck_bin, "demo"], width=120, height=40, env=env) as tui:
        tui.wait_for(FLEET_LOADED, timeout=60)
        tui.send("Tab")
        tui.wait_for(r"Review\(\d+\)")
        tui.send("/")
        tui.type(KEY)
        tui.send("Enter")
        tui.wait_for(r"Review\(1\)")
        tui.send("R")
        tui.wait_for(r"has no retire decision: press R again")
        tui.send("R")
        screen = tui.wait_for(r"Retire fraud-detection/feature-flags/" + KEY)
        assert "RETIRE" in screen and "Linear50PercentEvery30Seconds" in screen
        assert screen.count("[x] payments-") == 6, screen
        tui.send("Enter")
        screen = tui.wait_for(r"press y twice to deploy \(0/2\)", timeout=20)
        assert f"flags.{KEY}: removed" in screen
        tui.send("y")
        tui.wait_for(r"\(1/2\)")
        tui.send("y")
        tui.wait_for(KEY + r" retired everywhere: decision recorded", timeout=60)
        tui.send("Escape")
        screen = tui.wait_for(r"Review\(0\)")

        with open(os.path.join(demo_dir, "emulator.json")) as f:
            info = json.load(f)
        account = next(a for a in info["accounts"] if a["name"] == "payments-staging")
        client = boto3.client("appconfig", region_name="us-east-1", endpoint_url=info["endpoint"],
                              aws_access_key_id=account["accessKeyId"], aws_secret_access_key=account["secretAccessKey"])
        app = next(a for a in client.list_applications()["Items"] if a["Name"] == "fraud-detection")
        profile = next(p for p in client.list_configuration_profiles(ApplicationId=app["Id"])["Items"]
                       if p["Name"] == "feature-flags")
        newest = max(v["VersionNumber"] for v in client.list_hosted_configuration_versions(
            ApplicationId=app["Id"], ConfigurationProfileId=profile["Id"])["Items"])
        document = json.loads(client.get_hosted_configuration_version(
            ApplicationId=app["Id"], ConfigurationProfileId=profile["Id"], VersionNumber=newest)["Content"].read())
        assert KEY not in document["flags"] and KEY not in document["values"]
        assert len(document["flags"]) > 5, "the other flags stay"
        tui.send("q")
        assert tui.wait_exit(timeout=20) == 0
