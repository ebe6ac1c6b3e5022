"""boto3 conformance suite for `flagdeck emulator serve`.

boto3 parses every response with the AppConfig/STS service models; the tests also assert
the fields, because botocore does not reject every shape mismatch. Tests taking the
`backend` fixture run against both the emulator and moto's server (the operations moto
implements), asserting the same observable results.
"""
import datetime
import json
import os
import shutil
import subprocess
import time

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT_A, ACCOUNT_B, REGION

FF = "AWS.AppConfig.FeatureFlags"


def flag_doc(enabled=True, extra=None):
    doc = {"version": "1", "flags": {"new_checkout": {"name": "New checkout"}},
           "values": {"new_checkout": {"enabled": enabled}}}
    if extra:
        doc["flags"].update(extra["flags"])
        doc["values"].update(extra["values"])
    return json.dumps(doc).encode()


def strip_stamps(value):
    if isinstance(value, dict):
        return {k: strip_stamps(v) for k, v in value.items() if k not in ("_createdAt", "_updatedAt")}
    if isinstance(value, list):
        return [strip_stamps(v) for v in value]
    return value


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def status(excinfo):
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def expect_created(backend, resp, code=201):
    """AWS (and the model) answer creates with 201; moto answers 200 (a moto gap, not asserted there)."""
    if backend.name != "moto":
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == code


def expect_not_found(backend, excinfo):
    """ResourceNotFoundException is HTTP 404 in the model; moto sends 400 (a moto gap, not asserted there)."""
    assert error_code(excinfo) == "ResourceNotFoundException"
    if backend.name != "moto":
        assert status(excinfo) == 404


def set_clock(emulator, when):
    emulator.admin("PUT", "clock", {"now": when.strftime("%Y-%m-%dT%H:%M:%S.000Z")})


def advance(emulator, seconds):
    emulator.admin("PUT", "clock", {"advanceSeconds": seconds})


# ---------------------------------------------------------------- shared with moto


def test_application_crud(backend):
    ac = backend.client()
    app = ac.create_application(Name="checkout", Description="Checkout service")
    expect_created(backend, app)
    assert app["Name"] == "checkout" and app["Description"] == "Checkout service"
    assert len(app["Id"]) == 7 and app["Id"].isalnum() and app["Id"] == app["Id"].lower()

    got = ac.get_application(ApplicationId=app["Id"])
    assert {k: got[k] for k in ("Id", "Name", "Description")} == {"Id": app["Id"], "Name": "checkout", "Description": "Checkout service"}

    upd = ac.update_application(ApplicationId=app["Id"], Name="checkout-v2")
    assert upd["Name"] == "checkout-v2" and upd["Description"] == "Checkout service"

    ac.delete_application(ApplicationId=app["Id"])
    with pytest.raises(ClientError) as e:
        ac.get_application(ApplicationId=app["Id"])
    expect_not_found(backend, e)


def test_configuration_profiles_and_type_filter(backend):
    ac = backend.client()
    app = ac.create_application(Name="search")["Id"]
    flags = ac.create_configuration_profile(ApplicationId=app, Name="flags", LocationUri="hosted", Type=FF)
    expect_created(backend, flags)
    assert flags["Type"] == FF and flags["LocationUri"] == "hosted" and flags["ApplicationId"] == app
    ac.create_configuration_profile(ApplicationId=app, Name="settings", LocationUri="hosted", Type="AWS.Freeform")

    all_profiles = ac.list_configuration_profiles(ApplicationId=app)["Items"]
    assert sorted(p["Name"] for p in all_profiles) == ["flags", "settings"]
    only_flags = ac.list_configuration_profiles(ApplicationId=app, Type=FF)["Items"]
    if backend.name == "moto":  # moto ignores the `type` query filter
        only_flags = [p for p in only_flags if p["Type"] == FF]
    assert [p["Name"] for p in only_flags] == ["flags"]
    assert only_flags[0]["Id"] == flags["Id"] and only_flags[0]["Type"] == FF

    got = ac.get_configuration_profile(ApplicationId=app, ConfigurationProfileId=flags["Id"])
    assert got["Name"] == "flags" and got["Type"] == FF
    upd = ac.update_configuration_profile(ApplicationId=app, ConfigurationProfileId=flags["Id"], Description="all flags")
    assert upd["Description"] == "all flags" and upd["Name"] == "flags"

    ac.delete_configuration_profile(ApplicationId=app, ConfigurationProfileId=flags["Id"])
    with pytest.raises(ClientError) as e:
        ac.get_configuration_profile(ApplicationId=app, ConfigurationProfileId=flags["Id"])
    assert error_code(e) == "ResourceNotFoundException"


def test_hosted_versions_roundtrip(backend):
    ac = backend.client()
    app = ac.create_application(Name="payments")["Id"]
    freeform = ac.create_configuration_profile(ApplicationId=app, Name="settings", LocationUri="hosted", Type="AWS.Freeform")["Id"]
    flags = ac.create_configuration_profile(ApplicationId=app, Name="flags", LocationUri="hosted", Type=FF)["Id"]

    raw = b'{"poolSize": 32}'
    v1 = ac.create_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=freeform, Content=raw,
                                                ContentType="application/json", Description="first", VersionLabel="v1.0")
    expect_created(backend, v1)
    assert v1["VersionNumber"] == 1 and v1["ApplicationId"] == app and v1["ConfigurationProfileId"] == freeform
    assert v1["VersionLabel"] == "v1.0" and v1["Description"] == "first" and v1["ContentType"] == "application/json"
    got = ac.get_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=freeform, VersionNumber=1)
    assert got["Content"].read() == raw
    assert got["VersionNumber"] == 1 and got["VersionLabel"] == "v1.0" and got["ContentType"] == "application/json"

    f1 = ac.create_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=flags, Content=flag_doc(True),
                                                ContentType="application/json")
    f2 = ac.create_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=flags, Content=flag_doc(False),
                                                ContentType="application/json")
    assert (f1["VersionNumber"], f2["VersionNumber"]) == (1, 2)
    body = json.loads(ac.get_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=flags, VersionNumber=2)["Content"].read())
    # The emulator adds _createdAt/_updatedAt like AppConfig does; the document is otherwise unchanged.
    assert strip_stamps(body) == json.loads(flag_doc(False))

    ac.delete_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=flags, VersionNumber=1)
    with pytest.raises(ClientError) as e:
        ac.get_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=flags, VersionNumber=1)
    assert error_code(e) == "ResourceNotFoundException"


def test_not_found(backend):
    ac = backend.client()
    with pytest.raises(ClientError) as e:
        ac.get_application(ApplicationId="nope123")
    expect_not_found(backend, e)
    app = ac.create_application(Name="x")["Id"]
    with pytest.raises(ClientError) as e:
        ac.get_configuration_profile(ApplicationId=app, ConfigurationProfileId="nope123")
    assert error_code(e) == "ResourceNotFoundException"


# ---------------------------------------------------------------- emulator only


def test_list_applications_pagination(emulator):
    ac = emulator.client()
    ids = [ac.create_application(Name=f"app-{i}")["Id"] for i in range(7)]
    page = ac.list_applications(MaxResults=3)
    assert len(page["Items"]) == 3 and "NextToken" in page
    seen = []
    for p in ac.get_paginator("list_applications").paginate(PaginationConfig={"PageSize": 2}):
        assert len(p["Items"]) <= 2
        seen += [a["Id"] for a in p["Items"]]
    assert seen == ids
    assert "NextToken" not in ac.list_applications(MaxResults=50)
    with pytest.raises(ClientError) as e:
        ac.list_applications(MaxResults=51)
    assert error_code(e) == "BadRequestException" and "less than or equal to 50" in e.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as e:
        ac.list_applications(NextToken="not-a-token")
    assert error_code(e) == "BadRequestException"


def test_environments(emulator):
    ac = emulator.client()
    app = ac.create_application(Name="checkout")["Id"]
    env = ac.create_environment(ApplicationId=app, Name="prod", Description="production",
                                Monitors=[{"AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors"}])
    assert env["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert env["State"] == "READY_FOR_DEPLOYMENT" and env["ApplicationId"] == app and env["Name"] == "prod"
    assert env["Monitors"] == [{"AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors"}]
    for n in ["dev", "staging"]:
        ac.create_environment(ApplicationId=app, Name=n)
    names = [e["Name"] for p in ac.get_paginator("list_environments").paginate(ApplicationId=app, PaginationConfig={"PageSize": 1}) for e in p["Items"]]
    assert names == ["prod", "dev", "staging"]
    upd = ac.update_environment(ApplicationId=app, EnvironmentId=env["Id"], Description="prod!")
    assert upd["Description"] == "prod!" and upd["Name"] == "prod"
    assert ac.get_environment(ApplicationId=app, EnvironmentId=env["Id"])["Description"] == "prod!"
    ac.delete_environment(ApplicationId=app, EnvironmentId=env["Id"])
    with pytest.raises(ClientError) as e:
        ac.get_environment(ApplicationId=app, EnvironmentId=env["Id"])
    assert error_code(e) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        ac.list_environments(ApplicationId="nope123")
    assert error_code(e) == "ResourceNotFoundException"


def test_deployment_strategies(emulator):
    ac = emulator.client()
    items = ac.list_deployment_strategies()["Items"]
    by_id = {s["Id"]: s for s in items}
    expected = {
        "AppConfig.AllAtOnce": ("LINEAR", 100.0, 0, 10),
        "AppConfig.Linear50PercentEvery30Seconds": ("LINEAR", 50.0, 1, 1),
        "AppConfig.Canary10Percent20Minutes": ("EXPONENTIAL", 10.0, 20, 10),
        "AppConfig.Linear20PercentEvery6Minutes": ("LINEAR", 20.0, 30, 30),
    }
    for sid, (growth, factor, duration, bake) in expected.items():
        s = by_id[sid]
        assert (s["GrowthType"], s["GrowthFactor"], s["DeploymentDurationInMinutes"], s["FinalBakeTimeInMinutes"]) == (growth, factor, duration, bake)
        assert s["ReplicateTo"] == "NONE"
    # Predefined strategies exist in every region.
    eu = emulator.client(region="eu-west-1")
    assert eu.get_deployment_strategy(DeploymentStrategyId="AppConfig.Canary10Percent20Minutes")["GrowthType"] == "EXPONENTIAL"

    custom = ac.create_deployment_strategy(Name="slow", DeploymentDurationInMinutes=60, GrowthFactor=25.0,
                                           FinalBakeTimeInMinutes=5, GrowthType="LINEAR", ReplicateTo="NONE")
    assert custom["ResponseMetadata"]["HTTPStatusCode"] == 201 and len(custom["Id"]) == 7
    got = ac.get_deployment_strategy(DeploymentStrategyId=custom["Id"])
    assert got["GrowthFactor"] == 25.0 and got["DeploymentDurationInMinutes"] == 60
    assert len(ac.list_deployment_strategies()["Items"]) == 5
    with pytest.raises(ClientError) as e:
        ac.get_deployment_strategy(DeploymentStrategyId="zzzz999")
    assert error_code(e) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        ac.create_deployment_strategy(Name="bad", DeploymentDurationInMinutes=2000, GrowthFactor=10.0)
    assert error_code(e) == "BadRequestException"


def test_hosted_version_locking_labels_and_validation(emulator):
    ac = emulator.client()
    app = ac.create_application(Name="checkout")["Id"]
    prof = ac.create_configuration_profile(ApplicationId=app, Name="flags", LocationUri="hosted", Type=FF)["Id"]
    v1 = ac.create_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=prof, Content=flag_doc(True),
                                                ContentType="application/json", LatestVersionNumber=0, VersionLabel="v1")
    assert v1["VersionNumber"] == 1
    v2 = ac.create_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=prof, Content=flag_doc(False),
                                                ContentType="application/json", LatestVersionNumber=1, VersionLabel="v2-off",
                                                Description="turn off new_checkout")
    assert v2["VersionNumber"] == 2 and v2["Description"] == "turn off new_checkout"

    with pytest.raises(ClientError) as e:
        ac.create_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=prof, Content=flag_doc(True),
                                               ContentType="application/json", LatestVersionNumber=1)
    assert error_code(e) == "ConflictException" and status(e) == 409

    bad = json.dumps({"version": 1, "flags": {"Bad Key": {}}}).encode()
    with pytest.raises(ClientError) as e:
        ac.create_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=prof, Content=bad, ContentType="application/json")
    assert error_code(e) == "BadRequestException" and status(e) == 400
    err = e.value.response
    assert err["Reason"] == "InvalidConfiguration"
    details = err["Details"]["InvalidConfiguration"]
    assert any("$.version" in d["Location"] for d in details)

    bad_attr = json.dumps({"version": "1",
                           "flags": {"limit": {"name": "Limit", "attributes": {"n": {"constraints": {"type": "number", "maximum": 10}}}}},
                           "values": {"limit": {"enabled": True, "n": 11}}}).encode()
    with pytest.raises(ClientError) as e:
        ac.create_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=prof, Content=bad_attr, ContentType="application/json")
    assert error_code(e) == "BadRequestException"

    items = ac.list_hosted_configuration_versions(ApplicationId=app, ConfigurationProfileId=prof)["Items"]
    assert [v["VersionNumber"] for v in items] == [2, 1]
    assert items[0] == {"ApplicationId": app, "ConfigurationProfileId": prof, "VersionNumber": 2,
                        "Description": "turn off new_checkout", "ContentType": "application/json", "VersionLabel": "v2-off"}
    assert [v["VersionNumber"] for v in ac.list_hosted_configuration_versions(ApplicationId=app, ConfigurationProfileId=prof, VersionLabel="v2*")["Items"]] == [2]
    assert [v["VersionNumber"] for v in ac.list_hosted_configuration_versions(ApplicationId=app, ConfigurationProfileId=prof, VersionLabel="v1")["Items"]] == [1]
    page = ac.list_hosted_configuration_versions(ApplicationId=app, ConfigurationProfileId=prof, MaxResults=1)
    assert len(page["Items"]) == 1 and page["NextToken"]

    doc = json.loads(ac.get_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=prof, VersionNumber=2)["Content"].read())
    stamp = doc["flags"]["new_checkout"]["_createdAt"]
    assert datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).tzinfo is not None
    assert doc["values"]["new_checkout"]["_updatedAt"]


def make_deployable(ac):
    app = ac.create_application(Name="checkout")["Id"]
    env = ac.create_environment(ApplicationId=app, Name="prod")["Id"]
    prof = ac.create_configuration_profile(ApplicationId=app, Name="flags", LocationUri="hosted", Type=FF)["Id"]
    ac.create_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=prof, Content=flag_doc(True),
                                           ContentType="application/json", VersionLabel="on")
    ac.create_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=prof, Content=flag_doc(False),
                                           ContentType="application/json")
    return app, env, prof


def test_deployment_lifecycle_follows_the_clock(emulator):
    start = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
    set_clock(emulator, start)
    ac = emulator.client()
    app, env, prof = make_deployable(ac)

    d = ac.start_deployment(ApplicationId=app, EnvironmentId=env, DeploymentStrategyId="AppConfig.Linear20PercentEvery6Minutes",
                            ConfigurationProfileId=prof, ConfigurationVersion="on", Description="enable new_checkout")
    assert d["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert d["DeploymentNumber"] == 1 and d["State"] == "DEPLOYING" and d["PercentageComplete"] == 20.0
    assert d["ConfigurationVersion"] == "1" and d["VersionLabel"] == "on" and d["ConfigurationName"] == "flags"
    assert d["ConfigurationLocationUri"] == "hosted" and d["DeploymentStrategyId"] == "AppConfig.Linear20PercentEvery6Minutes"
    assert (d["GrowthType"], d["GrowthFactor"], d["DeploymentDurationInMinutes"], d["FinalBakeTimeInMinutes"]) == ("LINEAR", 20.0, 30, 30)
    assert isinstance(d["StartedAt"], datetime.datetime) and abs((d["StartedAt"] - start).total_seconds()) < 5
    assert "CompletedAt" not in d
    assert d["EventLog"][-1]["EventType"] == "DEPLOYMENT_STARTED" and d["EventLog"][-1]["TriggeredBy"] == "USER"
    assert ac.get_environment(ApplicationId=app, EnvironmentId=env)["State"] == "DEPLOYING"

    with pytest.raises(ClientError) as e:
        ac.start_deployment(ApplicationId=app, EnvironmentId=env, DeploymentStrategyId="AppConfig.AllAtOnce",
                            ConfigurationProfileId=prof, ConfigurationVersion="2")
    assert error_code(e) == "ConflictException" and status(e) == 409

    advance(emulator, 6 * 60 + 1)
    assert ac.get_deployment(ApplicationId=app, EnvironmentId=env, DeploymentNumber=1)["PercentageComplete"] == 40.0
    advance(emulator, 24 * 60)
    g = ac.get_deployment(ApplicationId=app, EnvironmentId=env, DeploymentNumber=1)
    assert g["State"] == "BAKING" and g["PercentageComplete"] == 100.0
    assert g["EventLog"][0]["EventType"] == "BAKE_TIME_STARTED"
    advance(emulator, 30 * 60)
    g = ac.get_deployment(ApplicationId=app, EnvironmentId=env, DeploymentNumber=1)
    assert g["State"] == "COMPLETE"
    assert abs((g["CompletedAt"] - start).total_seconds() - 3600) < 5
    types = [ev["EventType"] for ev in g["EventLog"]]
    assert types[0] == "DEPLOYMENT_COMPLETED" and types[-1] == "DEPLOYMENT_STARTED"
    assert types.count("PERCENTAGE_UPDATED") == 5
    assert all(isinstance(ev["OccurredAt"], datetime.datetime) for ev in g["EventLog"])
    assert ac.get_environment(ApplicationId=app, EnvironmentId=env)["State"] == "READY_FOR_DEPLOYMENT"

    d2 = ac.start_deployment(ApplicationId=app, EnvironmentId=env, DeploymentStrategyId="AppConfig.AllAtOnce",
                             ConfigurationProfileId=prof, ConfigurationVersion="2")
    assert d2["DeploymentNumber"] == 2 and d2["State"] == "BAKING"
    listed = ac.list_deployments(ApplicationId=app, EnvironmentId=env)["Items"]
    assert [x["DeploymentNumber"] for x in listed] == [2, 1]
    assert listed[1]["State"] == "COMPLETE" and listed[1]["VersionLabel"] == "on"
    assert "ConfigurationProfileId" not in listed[0]
    assert len(ac.list_deployments(ApplicationId=app, EnvironmentId=env, MaxResults=1)["Items"]) == 1

    with pytest.raises(ClientError) as e:
        ac.start_deployment(ApplicationId=app, EnvironmentId=env, DeploymentStrategyId="AppConfig.AllAtOnce",
                            ConfigurationProfileId=prof, ConfigurationVersion="99")
    assert error_code(e) in ("ResourceNotFoundException", "ConflictException")
    with pytest.raises(ClientError) as e:
        ac.get_deployment(ApplicationId=app, EnvironmentId=env, DeploymentNumber=42)
    assert error_code(e) == "ResourceNotFoundException"


def test_stop_rolls_back_and_revert(emulator):
    set_clock(emulator, datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.timezone.utc))
    ac = emulator.client()
    app, env, prof = make_deployable(ac)
    ac.start_deployment(ApplicationId=app, EnvironmentId=env, DeploymentStrategyId="AppConfig.Canary10Percent20Minutes",
                        ConfigurationProfileId=prof, ConfigurationVersion="1")
    advance(emulator, 5 * 60)
    stopped = ac.stop_deployment(ApplicationId=app, EnvironmentId=env, DeploymentNumber=1)
    assert stopped["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert stopped["State"] == "ROLLED_BACK" and stopped["PercentageComplete"] == 20.0
    assert [ev["EventType"] for ev in stopped["EventLog"][:2]] == ["ROLLBACK_COMPLETED", "ROLLBACK_STARTED"]
    assert ac.get_environment(ApplicationId=app, EnvironmentId=env)["State"] == "ROLLED_BACK"

    ac.start_deployment(ApplicationId=app, EnvironmentId=env, DeploymentStrategyId="AppConfig.AllAtOnce",
                        ConfigurationProfileId=prof, ConfigurationVersion="2")
    advance(emulator, 11 * 60)
    with pytest.raises(ClientError) as e:
        ac.stop_deployment(ApplicationId=app, EnvironmentId=env, DeploymentNumber=2)
    assert error_code(e) == "BadRequestException"
    reverted = ac.stop_deployment(ApplicationId=app, EnvironmentId=env, DeploymentNumber=2, AllowRevert=True)
    assert reverted["State"] == "REVERTED"
    assert reverted["EventLog"][0]["EventType"] == "REVERT_COMPLETED"
    assert ac.get_environment(ApplicationId=app, EnvironmentId=env)["State"] == "REVERTED"

    # A COMPLETE deployment older than 72 hours cannot be reverted.
    ac.start_deployment(ApplicationId=app, EnvironmentId=env, DeploymentStrategyId="AppConfig.AllAtOnce",
                        ConfigurationProfileId=prof, ConfigurationVersion="1")
    advance(emulator, 73 * 3600)
    with pytest.raises(ClientError) as e:
        ac.stop_deployment(ApplicationId=app, EnvironmentId=env, DeploymentNumber=3, AllowRevert=True)
    assert error_code(e) == "BadRequestException"


def test_signatures_and_accounts(emulator):
    with pytest.raises(ClientError) as e:
        emulator.client(secret="wrong-secret").list_applications()
    assert error_code(e) == "SignatureDoesNotMatch" and status(e) == 403
    with pytest.raises(ClientError) as e:
        emulator.client(account=("AKIDEMOUNKNOWNKEY001", "x", "000000000001")).list_applications()
    assert error_code(e) == "UnrecognizedClientException" and status(e) == 403

    a = emulator.client(account=ACCOUNT_A)
    b = emulator.client(account=ACCOUNT_B)
    eu = emulator.client(account=ACCOUNT_A, region="eu-west-1")
    a.create_application(Name="only-in-a-us")
    assert [x["Name"] for x in a.list_applications()["Items"]] == ["only-in-a-us"]
    assert b.list_applications()["Items"] == []
    assert eu.list_applications()["Items"] == []


def test_sts_assume_role_and_session_credentials(emulator):
    sts = emulator.client("sts")
    ident = sts.get_caller_identity()
    assert ident["Account"] == ACCOUNT_A[2] and ident["Arn"].startswith(f"arn:aws:iam::{ACCOUNT_A[2]}:")

    role_arn = f"arn:aws:iam::{ACCOUNT_B[2]}:role/FlagDeckReader"
    resp = sts.assume_role(RoleArn=role_arn, RoleSessionName="conformance", DurationSeconds=900)
    creds = resp["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and creds["SessionToken"] and creds["SecretAccessKey"]
    assert isinstance(creds["Expiration"], datetime.datetime)
    assert resp["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT_B[2]}:assumed-role/FlagDeckReader/conformance"

    session = (creds["AccessKeyId"], creds["SecretAccessKey"], ACCOUNT_B[2])
    emulator.client(account=ACCOUNT_B).create_application(Name="in-b")
    as_b = emulator.client(account=session, token=creds["SessionToken"])
    assert [x["Name"] for x in as_b.list_applications()["Items"]] == ["in-b"]
    assert emulator.client("sts", account=session, token=creds["SessionToken"]).get_caller_identity()["Account"] == ACCOUNT_B[2]

    with pytest.raises(ClientError) as e:
        emulator.client(account=session).list_applications()  # no X-Amz-Security-Token
    assert error_code(e) == "UnrecognizedClientException"

    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn="arn:aws:iam::999999999999:role/Nope", RoleSessionName="x1")
    assert error_code(e) == "AccessDenied" and status(e) == 403
    with pytest.raises(ClientError) as e:
        emulator.client("sts", secret="bad").get_caller_identity()
    assert error_code(e) == "SignatureDoesNotMatch"
    with pytest.raises(ClientError) as e:
        emulator.client("sts", account=("AKIDEMOUNKNOWNKEY001", "x", "1")).get_caller_identity()
    assert error_code(e) == "InvalidClientTokenId"

    advance(emulator, 901)
    with pytest.raises(ClientError) as e:
        as_b.list_applications()
    assert error_code(e) == "ExpiredTokenException" and status(e) == 403


def test_faults_and_stats(emulator):
    ac = emulator.client()
    ac.list_applications()
    ac.list_applications()
    stats = emulator.admin("GET", "stats")
    assert stats["ListApplications"] == 2
    assert stats["byAccount"][ACCOUNT_A[2]]["ListApplications"] == 2

    emulator.admin("PUT", "faults", {"throttlePercent": 100})
    with pytest.raises(ClientError) as e:
        ac.list_applications()
    assert error_code(e) == "ThrottlingException" and status(e) == 400
    emulator.admin("PUT", "faults", {"errorPercent": 100, "accounts": [ACCOUNT_A[2]]})
    with pytest.raises(ClientError) as e:
        ac.list_applications()
    assert error_code(e) == "InternalServerException" and status(e) == 500
    assert emulator.client(account=ACCOUNT_B).list_applications()["Items"] == []  # other accounts unaffected
    emulator.admin("PUT", "faults", {"latencyMs": 300})
    started = time.monotonic()
    assert ac.list_applications()["Items"] == []
    assert time.monotonic() - started >= 0.3
    emulator.admin("PUT", "faults", {})
    assert ac.list_applications()["Items"] == []

    clock = emulator.admin("PUT", "clock", {"now": "2026-01-02T03:04:05Z"})
    assert clock["now"].startswith("2026-01-02T03:04:0")
    assert emulator.admin("GET", "clock")["now"].startswith("2026-01-02T03:04:")

    accounts = emulator.admin("GET", "accounts")
    assert {a["accountId"] for a in accounts} == {ACCOUNT_A[2], ACCOUNT_B[2]}
    assert all(set(a) == {"accountId", "name", "accessKeyId", "secretAccessKey", "regions"} for a in accounts)


@pytest.mark.skipif(shutil.which("aws") is None, reason="aws CLI not installed")
def test_aws_cli(emulator):
    emulator.client().create_application(Name="from-boto3")
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCOUNT_A[0], AWS_SECRET_ACCESS_KEY=ACCOUNT_A[1],
               AWS_DEFAULT_REGION=REGION, AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    out = subprocess.run(["aws", "appconfig", "list-applications", "--endpoint-url", emulator.endpoint, "--output", "json"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert [a["Name"] for a in json.loads(out.stdout)["Items"]] == ["from-boto3"]
