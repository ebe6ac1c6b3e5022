"""The on-call path in `flagdeck demo`: find a flag, disable it in production, watch it
deploy, and check with boto3 (the real SDK) what the emulator received."""
import json
import os
import re
import tempfile
import time

import boto3
import pytest

from tmux_driver import TmuxSession, disable_with_bang

FLEET_LOADED = r"Flags\(175\)"
FLAG = "recs_cart_addons"  # on in prod in both search-prod regions in the demo seed


def demo_session(flagdeck_bin, isolated_home, demo_dir):
    env = {**isolated_home, "FLAGDECK_DEMO_DIR": demo_dir}
    return TmuxSession([flagdeck_bin, "demo"], width=140, height=45, env=env)


def appconfig(demo_dir, account_name, region):
    with open(os.path.join(demo_dir, "emulator.json")) as f:
        info = json.load(f)
    account = next(a for a in info["accounts"] if a["name"] == account_name)
    return boto3.client("appconfig", region_name=region, endpoint_url=info["endpoint"],
                        aws_access_key_id=account["accessKeyId"], aws_secret_access_key=account["secretAccessKey"])


def profile_ids(client, app_name):
    app = next(a for a in client.list_applications()["Items"] if a["Name"] == app_name)
    profile = next(p for p in client.list_configuration_profiles(ApplicationId=app["Id"])["Items"]
                   if p["Type"] == "AWS.AppConfig.FeatureFlags")
    return app["Id"], profile["Id"]


def latest_two_versions(client, app_id, profile_id):
    items = client.list_hosted_configuration_versions(ApplicationId=app_id, ConfigurationProfileId=profile_id)["Items"]
    numbers = sorted(i["VersionNumber"] for i in items)
    return numbers


def leaves(value, path="$"):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("_createdAt", "_updatedAt"):
                continue
            out.update(leaves(v, f"{path}.{k}"))
        return out
    if isinstance(value, list):
        out = {}
        for i, v in enumerate(value):
            out.update(leaves(v, f"{path}[{i}]"))
        return out
    return {path: value}


def document(client, app_id, profile_id, version):
    body = client.get_hosted_configuration_version(ApplicationId=app_id, ConfigurationProfileId=profile_id,
                                                   VersionNumber=version)["Content"].read()
    return json.loads(body)


def test_incident_disables_a_flag_in_two_production_regions(flagdeck_bin, isolated_home):
    demo_dir = tempfile.mkdtemp(prefix="fd-demo-")
    with demo_session(flagdeck_bin, isolated_home, demo_dir) as tui:
        tui.wait_for(FLEET_LOADED, timeout=60)
        clients = {r: appconfig(demo_dir, "search-prod", r) for r in ("us-east-1", "eu-west-1")}
        before = {}
        for region, client in clients.items():
            app_id, profile_id = profile_ids(client, "recommendations")
            before[region] = (app_id, profile_id, latest_two_versions(client, app_id, profile_id))

        tui.send("!")
        tui.wait_for(r"Incident: which flag\?")
        tui.type(FLAG)
        tui.wait_for(r"› recommendations/feature-flags/" + FLAG)
        # After typing the name: Enter (choose), Enter (plan), y, y (production) = 4 keys.
        keys = ["Enter", "Enter", "y", "y"]
        tui.send(keys[0])
        screen = tui.wait_for(r"Toggle recommendations/feature-flags/" + FLAG)
        assert "New value  OFF" in screen
        assert screen.count("[x]") == 2 and screen.count("PRODUCTION") >= 2
        tui.send(keys[1])
        screen = tui.wait_for(r"press y twice to deploy \(0/2\)", timeout=20)
        assert f"values.{FLAG}.enabled: true → false" in screen
        assert "AppConfig.AllAtOnce" in screen
        tui.send(keys[2])
        tui.wait_for(r"\(1/2\)")
        tui.send(keys[3])
        screen = tui.wait_for(r"✔ search-prod/eu-west-1/prod(.*\n)*.*✔ search-prod/us-east-1/prod", timeout=30)
        assert len(keys) <= 6

        for region, client in clients.items():
            app_id, profile_id, versions_before = before[region]
            versions_after = latest_two_versions(client, app_id, profile_id)
            assert len(versions_after) == len(versions_before) + 1, "exactly one new version per profile"
            new = versions_after[-1]
            # Built from the deployed version: find the version the new one replaced in prod.
            env = next(e for e in client.list_environments(ApplicationId=app_id)["Items"] if e["Name"] == "prod")
            deployments = client.list_deployments(ApplicationId=app_id, EnvironmentId=env["Id"])["Items"]
            started = next(d for d in deployments if d["ConfigurationVersion"] == str(new))
            detail = client.get_deployment(ApplicationId=app_id, EnvironmentId=env["Id"],
                                           DeploymentNumber=started["DeploymentNumber"])
            assert detail["DeploymentStrategyId"] == "AppConfig.AllAtOnce"
            assert "flagdeck" in detail["Description"]
            previous = [d for d in deployments if d["State"] == "COMPLETE" and d["DeploymentNumber"] < started["DeploymentNumber"]]
            base = max(previous, key=lambda d: d["DeploymentNumber"])["ConfigurationVersion"]
            old_leaves = leaves(document(client, app_id, profile_id, int(base)))
            new_leaves = leaves(document(client, app_id, profile_id, new))
            changed = {k for k in old_leaves.keys() | new_leaves.keys() if old_leaves.get(k) != new_leaves.get(k)}
            assert changed == {f"$.values.{FLAG}.enabled"}, changed
            assert new_leaves[f"$.values.{FLAG}.enabled"] is False

        # The deployments panel follows them to COMPLETE (AllAtOnce bakes 10 virtual minutes).
        tui.wait_for(r"eu-west-1/prod +COMPLETE 100%(.*\n)*.*us-east-1/prod +COMPLETE 100%", timeout=60)
        tui.send("Escape", "q")
        assert tui.wait_exit(timeout=20) == 0


def test_conflicting_version_is_shown_and_nothing_is_overwritten(flagdeck_bin, isolated_home):
    demo_dir = tempfile.mkdtemp(prefix="fd-demo-")
    with demo_session(flagdeck_bin, isolated_home, demo_dir) as tui:
        tui.wait_for(FLEET_LOADED, timeout=60)
        client = appconfig(demo_dir, "search-prod", "eu-west-1")
        app_id, profile_id = profile_ids(client, "recommendations")

        tui.send("!")
        tui.type(FLAG)
        tui.wait_for(r"› recommendations/feature-flags/" + FLAG)
        tui.send("Enter")
        tui.wait_for(r"Toggle recommendations")
        tui.send("Enter")
        tui.wait_for(r"press y twice", timeout=20)

        # Someone else creates a version between the dialog and the confirmation.
        latest = latest_two_versions(client, app_id, profile_id)[-1]
        theirs = document(client, app_id, profile_id, latest)
        theirs["values"][FLAG]["enabled"] = True
        theirs["flags"][FLAG]["description"] = "edited by a colleague"
        created = client.create_hosted_configuration_version(
            ApplicationId=app_id, ConfigurationProfileId=profile_id, Content=json.dumps(theirs).encode(),
            ContentType="application/json", LatestVersionNumber=latest)["VersionNumber"]

        tui.send("y", "y")
        screen = tui.wait_for(r"conflict", timeout=30)
        assert "✖" in screen
        # Nothing of ours was written over theirs in that region.
        assert latest_two_versions(client, app_id, profile_id)[-1] == created
        assert document(client, app_id, profile_id, created)["flags"][FLAG]["description"] == "edited by a colleague"
        tui.send("Escape", "q")
        assert tui.wait_exit(timeout=20) == 0


def test_running_deployment_is_reported_and_can_be_stopped(flagdeck_bin, isolated_home):
    demo_dir = tempfile.mkdtemp(prefix="fd-demo-")
    with demo_session(flagdeck_bin, isolated_home, demo_dir) as tui:
        tui.wait_for(FLEET_LOADED, timeout=60)
        # checkout prod in payments-prod/us-east-1 is mid-rollout in the demo seed, and
        # checkout_promo_banner is on everywhere, so a disable reaches that environment.
        disable_with_bang(tui, "checkout/feature-flags/checkout_promo_banner")
        screen = tui.wait_for(r"not deployed: .*(DEPLOYING|BAKING)", timeout=30)
        assert "wait for it or stop it" in screen

        # Put the cursor on that line and stop the deployment in the way (x, then y).
        for _ in range(12):
            current = next((l for l in tui.screen().splitlines() if "›" in l), "")
            if re.search(r"✖ payments-prod/us-east-1/prod\s", current):
                break
            tui.send("j")
            time.sleep(0.1)
        tui.send("x")
        tui.wait_for(r"Stop deployment #\d+ .* y to confirm")
        tui.send("y")
        tui.wait_for(r"stopped deployment \d+ .*ROLL", timeout=30)

        client = appconfig(demo_dir, "payments-prod", "us-east-1")
        app = next(a for a in client.list_applications()["Items"] if a["Name"] == "checkout")
        env = next(e for e in client.list_environments(ApplicationId=app["Id"])["Items"] if e["Name"] == "prod")
        states = [d["State"] for d in client.list_deployments(ApplicationId=app["Id"], EnvironmentId=env["Id"])["Items"]]
        assert "ROLLED_BACK" in states and "DEPLOYING" not in states and "BAKING" not in states
        tui.send("Escape", "q")
        assert tui.wait_exit(timeout=20) == 0
