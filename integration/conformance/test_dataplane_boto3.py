"""AppConfigData and the Agent API of `flagdeck emulator serve`, checked with boto3 (which
parses every answer with botocore's `appconfigdata` model) and plain HTTP."""
import json
import os
import sys

import boto3
import botocore.exceptions
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from dataplane_support import account, agent_get, data_client, emulator_with_agent  # noqa: E402

APP, ENV, PROFILE, FLAG = "checkout", "staging", "feature-flags", "checkout_bitcoin_payments"


@pytest.fixture(scope="module")
def running(flagdeck_bin):
    # A frozen clock: what a session sees depends only on what the tests do.
    with emulator_with_agent(flagdeck_bin, "--time-scale", "0") as pair:
        yield pair


def start(client, **kw):
    args = {"ApplicationIdentifier": APP, "EnvironmentIdentifier": ENV, "ConfigurationProfileIdentifier": PROFILE, **kw}
    return client.start_configuration_session(**args)["InitialConfigurationToken"]


def error(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response


def test_session_by_names_returns_the_retrieval_format_then_nothing(running):
    emulator, _ = running
    client = data_client(emulator, "payments-staging")
    first = client.get_latest_configuration(ConfigurationToken=start(client))
    flags = json.loads(first["Configuration"].read())
    assert flags[FLAG] == {"enabled": True, "discount_percent": 5, "label": "Bitcoin"}
    assert all(set(v) >= {"enabled"} and not any(k.startswith("_") for k in v) for v in flags.values())
    # Disabled flags carry nothing but `enabled`; multi-variant flags come as their default variant.
    assert flags["checkout_gift_wrap"] == {"enabled": False}
    assert flags["checkout_button_color"] == {"enabled": False}
    assert first["ContentType"] == "application/json"
    assert first["VersionLabel"].startswith("v")
    assert first["NextPollIntervalInSeconds"] == 60
    again = client.get_latest_configuration(ConfigurationToken=first["NextPollConfigurationToken"])
    assert again["Configuration"].read() == b""
    assert "VersionLabel" not in again


def test_session_by_ids_and_freeform_content_as_stored(running):
    emulator, _ = running
    client = data_client(emulator, "payments-staging")
    keys = account(emulator, "payments-staging")
    control = boto3.client("appconfig", region_name="us-east-1", endpoint_url=emulator.endpoint,
                           aws_access_key_id=keys["key"], aws_secret_access_key=keys["secret"])
    app = next(a for a in control.list_applications()["Items"] if a["Name"] == APP)
    env = next(e for e in control.list_environments(ApplicationId=app["Id"])["Items"] if e["Name"] == ENV)
    profile = next(p for p in control.list_configuration_profiles(ApplicationId=app["Id"])["Items"] if p["Name"] == PROFILE)
    token = start(client, ApplicationIdentifier=app["Id"], EnvironmentIdentifier=env["Id"], ConfigurationProfileIdentifier=profile["Id"],
                  RequiredMinimumPollIntervalInSeconds=15)
    answer = client.get_latest_configuration(ConfigurationToken=token)
    assert FLAG in json.loads(answer["Configuration"].read())
    assert answer["NextPollIntervalInSeconds"] == 15


def test_reused_expired_and_forged_tokens_are_bad_requests(running):
    emulator, _ = running
    client = data_client(emulator, "payments-staging")
    token = start(client)
    client.get_latest_configuration(ConfigurationToken=token)
    with pytest.raises(botocore.exceptions.ClientError) as reused:
        client.get_latest_configuration(ConfigurationToken=token)
    code, response = error(reused)
    assert code == "BadRequestException" and response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["Details"]["InvalidParameters"]["ConfigurationToken"]["Problem"] == "Expired"
    with pytest.raises(botocore.exceptions.ClientError) as forged:
        client.get_latest_configuration(ConfigurationToken="AYADeforged")
    assert error(forged)[1]["Details"]["InvalidParameters"]["ConfigurationToken"]["Problem"] == "Corrupted"


def test_bad_inputs_name_what_is_wrong(running):
    emulator, _ = running
    client = data_client(emulator, "payments-staging", validate=False)
    with pytest.raises(botocore.exceptions.ClientError) as short:
        start(client, RequiredMinimumPollIntervalInSeconds=5)
    assert error(short)[0] == "BadRequestException"
    assert "requiredMinimumPollIntervalInSeconds" in error(short)[1]["Error"]["Message"]
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        start(client, EnvironmentIdentifier="nope")
    code, response = error(missing)
    assert code == "ResourceNotFoundException" and response["ResourceType"] == "Environment"
    assert response["ReferencedBy"] == {"EnvironmentIdentifier": "nope"}
    # Another account's session token is not this account's.
    token = start(client)
    other = data_client(emulator, "payments-prod")
    with pytest.raises(botocore.exceptions.ClientError) as foreign:
        other.get_latest_configuration(ConfigurationToken=token)
    assert error(foreign)[0] == "BadRequestException"


def test_agent_serves_flags_by_name_with_metadata_headers(running):
    emulator, agent = running
    status, headers, body = agent_get(agent, APP, ENV, PROFILE, flags=[FLAG, "checkout_gift_wrap"])
    assert status == 200, body
    assert json.loads(body) == {FLAG: {"enabled": True, "discount_percent": 5, "label": "Bitcoin"},
                                "checkout_gift_wrap": {"enabled": False}}
    assert headers["Content-Type"] == "application/json"
    assert int(headers["Configuration-Version"]) >= 1
    # The freeform profile (never deployed in the seed): 404 until deployed, then as stored.
    status, _, body = agent_get(agent, APP, ENV, "runtime-settings")
    assert status == 404 and "has not been deployed" in body
    keys = account(emulator, "payments-staging")
    control = boto3.client("appconfig", region_name="us-east-1", endpoint_url=emulator.endpoint,
                           aws_access_key_id=keys["key"], aws_secret_access_key=keys["secret"])
    app = next(a for a in control.list_applications()["Items"] if a["Name"] == APP)
    env = next(e for e in control.list_environments(ApplicationId=app["Id"])["Items"] if e["Name"] == ENV)
    profile = next(p for p in control.list_configuration_profiles(ApplicationId=app["Id"])["Items"] if p["Name"] == "runtime-settings")
    control.start_deployment(ApplicationId=app["Id"], EnvironmentId=env["Id"], DeploymentStrategyId="AppConfig.AllAtOnce",
                             ConfigurationProfileId=profile["Id"], ConfigurationVersion="1")
    status, headers, body = agent_get(agent, APP, ENV, "runtime-settings")
    assert status == 200 and json.loads(body) == {"logLevel": "info", "poolSize": 32}
    assert headers["Configuration-Version"] == "1" and headers["Content-Type"] == "application/json"


def test_agent_evaluates_variants_for_the_context_header(running):
    _, agent = running
    beta = agent_get(agent, APP, ENV, PROFILE, flags=["checkout_button_color"], context="email=ann@example.com")
    assert json.loads(beta[2])["checkout_button_color"] == {"enabled": True, "style": "bold", "_variant": "Beta"}
    nobody = agent_get(agent, APP, ENV, PROFILE, flags=["checkout_button_color"])
    assert json.loads(nobody[2])["checkout_button_color"]["_variant"] == "Default"


def test_agent_errors_are_clear(running):
    _, agent = running
    status, _, body = agent_get(agent, APP, ENV, PROFILE, flags=["no_such_flag"])
    assert status == 400 and "no_such_flag" in body
    status, _, body = agent_get(agent, APP, "nope", PROFILE)
    assert status == 404 and "Environment nope not found" in body
    status, _, body = agent_get(agent, APP, ENV, PROFILE, context="no-equals-sign")
    assert status == 400 and "key=value" in body


def test_a_gradual_deployment_reaches_a_stable_share_of_sessions(running):
    """Frozen at the first step of a 20%-linear deployment: about a fifth of the sessions
    read the new version, and each keeps reading what it read."""
    emulator, _ = running
    keys = account(emulator, "payments-staging")
    control = boto3.client("appconfig", region_name="us-east-1", endpoint_url=emulator.endpoint,
                           aws_access_key_id=keys["key"], aws_secret_access_key=keys["secret"])
    app = next(a for a in control.list_applications()["Items"] if a["Name"] == APP)
    env = next(e for e in control.list_environments(ApplicationId=app["Id"])["Items"] if e["Name"] == "dev")
    profile = next(p for p in control.list_configuration_profiles(ApplicationId=app["Id"])["Items"] if p["Name"] == PROFILE)
    latest = control.list_hosted_configuration_versions(ApplicationId=app["Id"], ConfigurationProfileId=profile["Id"])["Items"][0]
    document = json.loads(control.get_hosted_configuration_version(
        ApplicationId=app["Id"], ConfigurationProfileId=profile["Id"], VersionNumber=latest["VersionNumber"])["Content"].read())
    document["values"][FLAG]["enabled"] = False
    new = control.create_hosted_configuration_version(ApplicationId=app["Id"], ConfigurationProfileId=profile["Id"],
                                                      Content=json.dumps(document).encode(), ContentType="application/json")
    strategy = control.create_deployment_strategy(Name="linear20", DeploymentDurationInMinutes=10, GrowthFactor=20,
                                                  GrowthType="LINEAR", FinalBakeTimeInMinutes=0, ReplicateTo="NONE")
    control.start_deployment(ApplicationId=app["Id"], EnvironmentId=env["Id"], DeploymentStrategyId=strategy["Id"],
                             ConfigurationProfileId=profile["Id"], ConfigurationVersion=str(new["VersionNumber"]))
    client = data_client(emulator, "payments-staging")
    sessions = []
    for _ in range(300):
        answer = client.get_latest_configuration(ConfigurationToken=start(client, EnvironmentIdentifier="dev"))
        sessions.append((json.loads(answer["Configuration"].read())[FLAG]["enabled"], answer["NextPollConfigurationToken"]))
    share_new = sum(1 for enabled, _ in sessions if enabled is False) / len(sessions)
    assert 0.12 <= share_new <= 0.28, share_new
    for enabled, token in sessions[:50]:
        again = client.get_latest_configuration(ConfigurationToken=token)
        assert again["Configuration"].read() == b"", "a session does not change sides within a step"
