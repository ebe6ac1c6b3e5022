"""Issue 15 on the command line: `flagdeck toggle` and `flagdeck doc set` on Powertools
features, and `flagdeck doctor` counting the profiles a scan reads and skips. The real
binary against `flagdeck emulator serve --seed demo`; what AppConfig received is read back
with boto3."""
import json
import os
import time

import boto3

from fast_demo import emulator, home, run  # noqa: F401 (fixtures)


def platform_client(emulator):
    account = next(a for a in emulator.accounts if a["name"] == "platform")
    return boto3.client("appconfig", region_name="us-east-1", endpoint_url=emulator.endpoint,
                        aws_access_key_id=account["key"], aws_secret_access_key=account["secret"])


def ids(client, app_name, env_name):
    app = next(a for a in client.list_applications()["Items"] if a["Name"] == app_name)
    profile = next(p for p in client.list_configuration_profiles(ApplicationId=app["Id"])["Items"]
                   if p["Name"] == "powertools-flags")
    env = next(e for e in client.list_environments(ApplicationId=app["Id"])["Items"] if e["Name"] == env_name)
    return app["Id"], profile["Id"], env["Id"]


def text(client, app_id, profile_id, version):
    return client.get_hosted_configuration_version(ApplicationId=app_id, ConfigurationProfileId=profile_id,
                                                   VersionNumber=version)["Content"].read().decode()


def test_toggle_off_under_an_envelope_changes_only_the_rules_values(flagdeck_bin, emulator, home):
    client = platform_client(emulator)
    app_id, profile_id, env_id = ids(client, "shipping-quotes", "staging")
    result = run(flagdeck_bin, home, "toggle", "--config", home["config"], "--flag",
                 "shipping-quotes/powertools-flags/express_shipping", "--env", "platform/us-east-1/staging",
                 "--off", "--yes", "--reason", "INC-15")
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'features.express_shipping.rules["launch countries"].when_match: true → false' in result.stdout
    deployments = client.list_deployments(ApplicationId=app_id, EnvironmentId=env_id)["Items"]
    newest = max(deployments, key=lambda d: d["DeploymentNumber"])
    base = max((d for d in deployments if d["DeploymentNumber"] < newest["DeploymentNumber"]),
               key=lambda d: d["DeploymentNumber"])
    new_text = text(client, app_id, profile_id, int(newest["ConfigurationVersion"]))
    old_text = text(client, app_id, profile_id, int(base["ConfigurationVersion"]))
    feature = json.loads(new_text)["features"]["express_shipping"]
    assert feature["default"] is False
    assert [r["when_match"] for r in feature["rules"].values()] == [False, False]
    changed = [(a, b) for a, b in zip(old_text.split("\n"), new_text.split("\n")) if a != b]
    assert len(old_text.split("\n")) == len(new_text.split("\n"))
    assert changed == [(a, a.replace("true", "false")) for a, _ in changed] and len(changed) == 2, changed

    # Switched on again once the disable completed: only the default changes, and the
    # rules (their when_match now false) that still switch it off are named.
    for _ in range(100):
        states = [d["State"] for d in client.list_deployments(ApplicationId=app_id, EnvironmentId=env_id)["Items"]]
        if "BAKING" not in states and "DEPLOYING" not in states:
            break
        time.sleep(0.1)
    again = run(flagdeck_bin, home, "toggle", "--config", home["config"], "--flag",
                "shipping-quotes/powertools-flags/express_shipping", "--env", "platform/us-east-1/staging",
                "--on", "--yes")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "features.express_shipping.default: false → true" in again.stdout
    assert 'rule "launch countries" still switches express_shipping off when country in ["DE","FR","NL"]' in again.stdout + again.stderr


def test_a_non_boolean_feature_is_refused_and_nothing_is_written(flagdeck_bin, emulator, home):
    client = platform_client(emulator)
    app_id, profile_id, _ = ids(client, "order-events", "dev")
    before = client.list_hosted_configuration_versions(ApplicationId=app_id, ConfigurationProfileId=profile_id)["Items"]
    result = run(flagdeck_bin, home, "toggle", "--config", home["config"], "--flag",
                 "order-events/powertools-flags/order_batch_size", "--env", "platform/us-east-1/dev", "--off", "--yes")
    assert result.returncode != 0
    assert "non-boolean Powertools feature" in result.stdout + result.stderr
    after = client.list_hosted_configuration_versions(ApplicationId=app_id, ConfigurationProfileId=profile_id)["Items"]
    assert len(after) == len(before)


def test_doc_set_keeps_every_other_byte_of_a_powertools_file(flagdeck_bin, home, tmp_path):
    source = '{"features": {"a": {"default": true,  "rules": {"r": {"when_match": true, "conditions": [{"action": "EQUALS", "key": "k", "value": 1.50}]}}}},\n "owner":"x"}\n'
    path = tmp_path / "flags.json"
    path.write_text(source)
    result = run(flagdeck_bin, home, "doc", "set", str(path), "a", "--enabled", "false", "--envelope", "features")
    assert result.returncode == 0, result.stderr
    assert result.stdout == source.replace('"default": true', '"default": false').replace('"when_match": true', '"when_match": false')
    assert "features.a.default: true → false" in result.stderr


def test_doctor_counts_powertools_profiles_and_the_skipped_ones(flagdeck_bin, home):
    result = run(flagdeck_bin, home, "doctor", "--config", home["config"])
    assert result.returncode == 0, result.stdout + result.stderr
    platform = next(line for line in result.stdout.splitlines() if line.startswith("platform "))
    assert "3 AppConfig, 2 Powertools, 3 skipped" in platform
    assert "16 Freeform profiles are not Powertools feature flags: the scan skips them (--list-skipped names them)." in result.stdout
    listed = run(flagdeck_bin, home, "doctor", "--config", home["config"], "--list-skipped")
    assert "platform us-east-1: identity/runtime-settings: not a Powertools features document" in listed.stdout
