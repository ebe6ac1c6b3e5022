"""Issue 16 on the command line: `flagdeck retire` removes a flag from every environment
where its profile is deployed (as the last scan saw them), leaves every other value, waits
for the deployments, records the decision; `report` lists it. Checked with boto3."""
import json

import boto3

from fast_demo import emulator, home, run  # noqa: F401 (fixtures)
from test_tui_toggle import leaves

FLAG = "fraud-detection/feature-flags/fraud_legacy_rules_engine"  # dead in the demo: off everywhere, nothing busy


def clients(emulator):
    return {(a["name"], region): boto3.client("appconfig", region_name=region, endpoint_url=emulator.endpoint,
                                              aws_access_key_id=a["key"], aws_secret_access_key=a["secret"])
            for a in emulator.accounts for region in a["regions"]}


def fraud_profile(client):
    app = next((a for a in client.list_applications()["Items"] if a["Name"] == "fraud-detection"), None)
    if app is None:
        return None
    profile = next(p for p in client.list_configuration_profiles(ApplicationId=app["Id"])["Items"]
                   if p["Name"] == "feature-flags")
    return app["Id"], profile["Id"]


def versions(client, app_id, profile_id):
    return sorted(v["VersionNumber"] for v in client.list_hosted_configuration_versions(
        ApplicationId=app_id, ConfigurationProfileId=profile_id)["Items"])


def document(client, app_id, profile_id, version):
    return json.loads(client.get_hosted_configuration_version(ApplicationId=app_id, ConfigurationProfileId=profile_id,
                                                              VersionNumber=version)["Content"].read())


def test_retire_removes_exactly_the_flag_everywhere_and_records_it(flagdeck_bin, emulator, home):
    assert run(flagdeck_bin, home, "scan", "--config", home["config"], "--format", "json").returncode == 0
    before = {}
    for place, client in clients(emulator).items():
        ids = fraud_profile(client)
        if ids:
            before[place] = (client, *ids, versions(client, *ids))
    assert len(before) == 3, "fraud-detection lives in payments-prod (2 regions) and payments-staging"

    result = run(flagdeck_bin, home, "retire", "--config", home["config"], "--flag", FLAG, "--yes", "--reason", "minutes 12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "flags.fraud_legacy_rules_engine: removed" in result.stdout
    assert "AppConfig.Linear50PercentEvery30Seconds" in result.stdout
    assert f"Recorded: {FLAG} retired." in result.stdout

    for place, (client, app_id, profile_id, numbers) in before.items():
        after = versions(client, app_id, profile_id)
        new = [n for n in after if n not in numbers]
        assert new, f"{place}: a new version"
        for version in new:
            created = document(client, app_id, profile_id, version)
            assert "fraud_legacy_rules_engine" not in created["flags"] and "fraud_legacy_rules_engine" not in created["values"]
            # Its base: the deployed version it was built from, named in its description.
            desc = client.get_hosted_configuration_version(ApplicationId=app_id, ConfigurationProfileId=profile_id,
                                                           VersionNumber=version)["Description"]
            base = int(desc.split("(from version ")[1].split(")")[0])
            old, fresh = leaves(document(client, app_id, profile_id, base)), leaves(created)
            gone = {k for k in old if k.startswith("$.flags.fraud_legacy_rules_engine.") or k.startswith("$.values.fraud_legacy_rules_engine.")}
            assert gone, "the flag had a definition and a value"
            assert {k: v for k, v in old.items() if k not in gone} == fresh, f"{place}: every other value kept"

    report = run(flagdeck_bin, home, "report", "--config", home["config"], "--format", "json")
    assert report.returncode == 0, report.stderr
    retired = json.loads(report.stdout)["retired"]
    assert [r["flag"] for r in retired] == [FLAG]
    assert retired[0]["note"] == "minutes 12-01"


def test_retiring_a_flag_that_is_on_is_refused_and_nothing_is_written(flagdeck_bin, emulator, home):
    assert run(flagdeck_bin, home, "scan", "--config", home["config"], "--format", "json").returncode == 0
    client = clients(emulator)[("payments-prod", "us-east-1")]
    ids = fraud_profile(client)
    numbers = versions(client, *ids)
    result = run(flagdeck_bin, home, "retire", "--config", home["config"], "--flag",
                 "fraud-detection/feature-flags/fraud_velocity_rules", "--yes")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "REFUSED" in result.stdout and "still on" in result.stdout
    assert versions(client, *ids) == numbers
