"""A multi-variant flag in `flagdeck demo`: `!`, the flag, "all variants off" in the
variant picker, the per-variant diff in the confirmation, y twice for production; then
boto3 (the real SDK) checks that the new hosted versions differ from the deployed ones in
exactly the `_variants[*].enabled` leaves that were on, and that the deployments started."""
import json
import re
import tempfile

from test_tui_toggle import appconfig, demo_session, leaves

FLEET_LOADED = r"Flags\(175\)"
FLAG = "admin_table_density"  # multi-variant in the demo seed: platform/us-east-1 admin-console
APP = "admin-console"
ACCOUNT, REGION = "platform", "us-east-1"


def document(client, app_id, profile_id, version):
    body = client.get_hosted_configuration_version(ApplicationId=app_id, ConfigurationProfileId=profile_id,
                                                   VersionNumber=int(version))["Content"].read()
    return json.loads(body)


def served(client, app_id, env_id):
    """The latest COMPLETE deployment of an environment (what every client gets)."""
    deployments = client.list_deployments(ApplicationId=app_id, EnvironmentId=env_id)["Items"]
    complete = [d for d in deployments if d["State"] == "COMPLETE"]
    return max(complete, key=lambda d: d["DeploymentNumber"]) if complete else None


def test_incident_switches_every_variant_off_from_the_picker(flagdeck_bin, isolated_home):
    demo_dir = tempfile.mkdtemp(prefix="fd-demo-")
    with demo_session(flagdeck_bin, isolated_home, demo_dir) as tui:
        tui.wait_for(FLEET_LOADED, timeout=60)
        client = appconfig(demo_dir, ACCOUNT, REGION)
        app = next(a for a in client.list_applications()["Items"] if a["Name"] == APP)
        profile = next(p for p in client.list_configuration_profiles(ApplicationId=app["Id"])["Items"]
                       if p["Type"] == "AWS.AppConfig.FeatureFlags")
        environments = client.list_environments(ApplicationId=app["Id"])["Items"]

        # Before: which environments serve the flag as variants, and which variants are on.
        before = {}
        for env in environments:
            deployment = served(client, app["Id"], env["Id"])
            assert deployment is not None, env["Name"]
            doc = document(client, app["Id"], profile["Id"], deployment["ConfigurationVersion"])
            value = doc["values"][FLAG]
            assert value.get("_variants"), f"{FLAG} is not multi-variant in {env['Name']}"
            before[env["Name"]] = (env["Id"], deployment, doc)
        variants = before["prod"][2]["values"][FLAG]["_variants"]
        on = [i for i, v in enumerate(variants) if v["enabled"]]
        assert on and len(on) < len(variants), "the seed has variants on and the default off"

        tui.send("!")
        tui.wait_for(r"Incident: which flag\?")
        tui.type(FLAG)
        tui.wait_for(rf"› {APP}/feature-flags/{FLAG} +◆ variants in 3 of 3")
        tui.send("Enter")
        # The picker: "all variants off" first and selected, then each variant with its value.
        screen = tui.wait_for(r"› all variants off \(disable\)")
        assert f"{FLAG} is a multi-variant flag (3 variants" in screen
        for v in variants:
            line = next((l for l in screen.splitlines() if re.search(rf"│\s+{v['name']}\s", l)), None)
            assert line is not None, f"no picker line for {v['name']}:\n{screen}"
            assert ("ON" if v["enabled"] else "OFF") in line
            assert ("DEFAULT" in line) == ("rule" not in v), line
        tui.send("Enter")
        screen = tui.wait_for(r"Change +ALL VARIANTS OFF")
        assert screen.count("[x]") == 3 and "PRODUCTION" in screen
        assert screen.count("◆ 2 of 3 on") == 3
        tui.send("Enter")
        screen = tui.wait_for(r"press y twice to deploy \(0/2\)", timeout=20)
        assert f"{FLAG} → all variants off" in screen
        for i, v in enumerate(variants):
            line = f"values.{FLAG}._variants[{i}].enabled: true → false (variant {v['name']}"
            assert (line in screen) == (i in on), f"{line!r}:\n{screen}"
        assert "AppConfig.AllAtOnce" in screen
        tui.send("y")
        tui.wait_for(r"\(1/2\)")
        tui.send("y")
        tui.wait_for(r"(?s)(✔ platform/us-east-1/\w+.*){3}", timeout=30)

        # After: a deployment started by flagdeck in each environment, of a new version that
        # differs from the one deployed there in exactly the `enabled` leaves that were on.
        expected = {f"$.values.{FLAG}._variants[{i}].enabled" for i in on}
        for name, (env_id, base, base_doc) in before.items():
            deployments = client.list_deployments(ApplicationId=app["Id"], EnvironmentId=env_id)["Items"]
            started = max(deployments, key=lambda d: d["DeploymentNumber"])
            assert started["DeploymentNumber"] > base["DeploymentNumber"], name
            detail = client.get_deployment(ApplicationId=app["Id"], EnvironmentId=env_id,
                                           DeploymentNumber=started["DeploymentNumber"])
            assert "flagdeck" in detail["Description"] and "all variants off" in detail["Description"], detail["Description"]
            assert detail["DeploymentStrategyId"] == "AppConfig.AllAtOnce"
            assert int(detail["ConfigurationVersion"]) > int(base["ConfigurationVersion"])
            new_doc = document(client, app["Id"], profile["Id"], detail["ConfigurationVersion"])
            old_leaves, new_leaves = leaves(base_doc), leaves(new_doc)
            changed = {k for k in old_leaves.keys() | new_leaves.keys() if old_leaves.get(k) != new_leaves.get(k)}
            assert changed == expected, (name, changed)
            assert all(v["enabled"] is False for v in new_doc["values"][FLAG]["_variants"])

        tui.wait_for(r"(?s)(platform/us-east-1/\w+ +COMPLETE 100%.*){3}", timeout=60)
        tui.send("Escape", "q")
        assert tui.wait_exit(timeout=20) == 0
