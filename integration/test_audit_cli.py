"""Issue 17 on the command line: changes made through boto3 with two identities (an IAM
user's key and an assumed-role session) and through flagdeck are attributed, in
`flagdeck audit`, to the identity CloudTrail recorded — the emulator records every mutating
AppConfig call and serves LookupEvents; flagdeck reads it incrementally, keeps it, and
survives throttled lookups without losing events."""
import csv
import io
import json
import urllib.request

import boto3

from fast_demo import emulator, home, run  # noqa: F401 (fixtures)

ACCOUNT = "payments-prod"
REGION = "us-east-1"


def account(emulator, name=ACCOUNT):
    return next(a for a in emulator.accounts if a["name"] == name)


def put_faults(emulator, faults):
    request = urllib.request.Request(emulator.endpoint + "/_emulator/faults", data=json.dumps(faults).encode(),
                                     method="PUT", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()


def stats(emulator):
    with urllib.request.urlopen(emulator.endpoint + "/_emulator/stats", timeout=10) as r:
        return json.loads(r.read())


def user_client(emulator, service="appconfig"):
    a = account(emulator)
    return boto3.client(service, region_name=REGION, endpoint_url=emulator.endpoint,
                        aws_access_key_id=a["key"], aws_secret_access_key=a["secret"])


def role_session_client(emulator, role="release-manager", session="alice"):
    """An STS session: AssumeRole with the account's key, then the session's credentials."""
    a = account(emulator)
    creds = user_client(emulator, "sts").assume_role(
        RoleArn=f"arn:aws:iam::{a['id']}:role/{role}", RoleSessionName=session)["Credentials"]
    return boto3.client("appconfig", region_name=REGION, endpoint_url=emulator.endpoint,
                        aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"])


def ids(client, app_name, env_name):
    app = next(a for a in client.list_applications()["Items"] if a["Name"] == app_name)
    profile = next(p for p in client.list_configuration_profiles(ApplicationId=app["Id"])["Items"]
                   if p["Name"] == "feature-flags")
    env = next(e for e in client.list_environments(ApplicationId=app["Id"])["Items"] if e["Name"] == env_name)
    return app["Id"], profile["Id"], env["Id"]


def change(client, app_name, env_name, description):
    """A new version (the latest, re-described) deployed all at once to `env_name`:
    (version number, deployment number)."""
    app_id, profile_id, env_id = ids(client, app_name, env_name)
    latest = max(v["VersionNumber"] for v in client.list_hosted_configuration_versions(
        ApplicationId=app_id, ConfigurationProfileId=profile_id)["Items"])
    content = client.get_hosted_configuration_version(ApplicationId=app_id, ConfigurationProfileId=profile_id,
                                                      VersionNumber=latest)["Content"].read()
    version = client.create_hosted_configuration_version(
        ApplicationId=app_id, ConfigurationProfileId=profile_id, Content=content, ContentType="application/json",
        Description=description, LatestVersionNumber=latest)["VersionNumber"]
    deployment = client.start_deployment(ApplicationId=app_id, EnvironmentId=env_id, ConfigurationProfileId=profile_id,
                                         ConfigurationVersion=str(version), DeploymentStrategyId="AppConfig.AllAtOnce",
                                         Description=description)["DeploymentNumber"]
    return version, deployment


def audit(flagdeck_bin, home, *args):
    result = run(flagdeck_bin, home, "audit", "--config", home["config"], "--account", ACCOUNT, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def rows_of(result):
    return json.loads(result.stdout)["rows"]


def find(rows, kind, application, number, environment=None):
    key = "deploymentNumber" if kind == "deployment" else "version"
    found = [r for r in rows if r["kind"] == kind and r["application"] == application and r[key] == number
             and r["region"] == REGION and (environment is None or r["environment"] == environment)]
    assert len(found) == 1, f"one {kind} {number} of {application} {environment or ''}: {found}"
    return found[0]


def test_each_change_is_attributed_to_the_identity_that_made_it(flagdeck_bin, emulator, home):
    user_version, user_deployment = change(user_client(emulator), "checkout", "prod-canary", "by the IAM user")
    role_version, role_deployment = change(role_session_client(emulator), "payments-api", "prod-canary", "by alice's session")
    toggled = run(flagdeck_bin, home, "toggle", "--config", home["config"], "--flag",
                  "fraud-detection/feature-flags/fraud_model_v7", "--env", f"{ACCOUNT}/{REGION}/prod-canary",
                  "--off", "--yes", "--reason", "INC-42 false positives")
    assert toggled.returncode == 0, toggled.stdout + toggled.stderr

    rows = rows_of(audit(flagdeck_bin, home, "--format", "json"))
    a = account(emulator)

    for row in (find(rows, "version", "checkout", user_version), find(rows, "deployment", "checkout", user_deployment, "prod-canary")):
        assert row["who"]["type"] == "IAMUser"
        assert row["who"]["arn"] == f"arn:aws:iam::{a['id']}:user/{ACCOUNT}"
        assert row["who"]["userAgent"].startswith("Boto3/")
        assert row["who"]["sourceIP"] == "127.0.0.1"
        assert row["flagdeck"] is None

    for row in (find(rows, "version", "payments-api", role_version),
                find(rows, "deployment", "payments-api", role_deployment, "prod-canary")):
        assert row["who"]["type"] == "AssumedRole"
        assert row["who"]["arn"] == f"arn:aws:sts::{a['id']}:assumed-role/release-manager/alice"
        assert (row["who"]["role"], row["who"]["session"], row["who"]["name"]) == \
            ("release-manager", "alice", "release-manager/alice")

    mine = [r for r in rows if r["flagdeck"] is not None]
    assert mine, "the toggle's deployment carries flagdeck's journal note"
    for row in mine:
        assert row["flagdeck"]["reason"] == "INC-42 false positives"
        assert row["flagdeck"]["flag"] == "fraud-detection/feature-flags/fraud_model_v7"
        assert row["who"]["type"] == "IAMUser" and row["who"]["userAgent"].startswith("flagdeck")
        assert row["application"] == "fraud-detection"
        assert row["environment"] == ("prod-canary" if row["kind"] == "deployment" else None)
        assert any(c["key"] == "fraud_model_v7" and c["stateAfter"] == "off" for c in row["changes"])
    # The toggle's new version has its row too, attributed and with the same reason.
    version_rows = [r for r in rows if r["kind"] == "version" and r["application"] == "fraud-detection"
                    and r["flagdeck"] is not None]
    assert version_rows and version_rows[0]["who"]["type"] == "IAMUser"

    # The demo's seeded history: an Identity Center user named as the person, not the role.
    seeded = [r for r in rows if r["who"].get("role", "") and r["who"]["role"].startswith("AWSReservedSSO_")]
    assert seeded and all("@example.com" in r["who"]["name"] for r in seeded)

    # Newest first, one row per deployment and per version creation.
    times = [r["time"] for r in rows]
    assert times == sorted(times, reverse=True)


def test_throttled_lookups_are_retried_and_no_event_is_lost(flagdeck_bin, emulator, home):
    start = stats(emulator).get("LookupEvents", 0)
    audit(flagdeck_bin, home, "--format", "json")  # everything read once: the next read is incremental
    before = stats(emulator).get("LookupEvents", 0)
    first_read = before - start
    version, deployment = change(user_client(emulator), "payments-api", "prod-canary", "while CloudTrail throttles")
    put_faults(emulator, {"operations": {"LookupEvents": {"failures": 4, "status": 429}}})
    try:
        rows = rows_of(audit(flagdeck_bin, home, "--format", "json"))
    finally:
        put_faults(emulator, {})
    after = stats(emulator).get("LookupEvents", 0)
    account_regions = sum(len(a["regions"]) for a in emulator.accounts)
    names = 4  # CreateHostedConfigurationVersion, StartDeployment, StopDeployment, DeleteHostedConfigurationVersion
    assert after - before >= names * account_regions + 4, "the throttled lookups were retried"
    assert find(rows, "version", "payments-api", version)["who"]["type"] == "IAMUser"
    assert find(rows, "deployment", "payments-api", deployment, "prod-canary")["who"]["type"] == "IAMUser"
    # Incremental: the second read asked only for what was new (one page per event name and
    # account-region, plus the 4 retried), fewer than the first read of 90 days of history.
    assert after - before == names * account_regions + 4
    assert after - before - 4 < first_read


def test_unreadable_cloudtrail_is_said_once_and_fails_nothing(flagdeck_bin, emulator, home):
    put_faults(emulator, {"operations": {"LookupEvents": {"failures": 1000, "status": 403}}})
    try:
        result = run(flagdeck_bin, home, "audit", "--config", home["config"], "--format", "json")
    finally:
        put_faults(emulator, {})
    assert result.returncode == 2, result.stderr
    document = json.loads(result.stdout)
    assert document["rows"], "the audit still lists every deployment"
    assert document["unreadable"] and all("AccessDenied" in u for u in document["unreadable"])
    denied = [r for r in document["rows"] if r["who"]["status"] == "unreadable"]
    assert denied and all("AccessDenied" in r["who"]["reason"] for r in denied)
    assert "CloudTrail of" in result.stderr


def test_filters_formats_and_read_only(flagdeck_bin, emulator, home):
    flag = "fraud-detection/feature-flags/fraud_model_v7"
    toggled = run(flagdeck_bin, home, "toggle", "--config", home["config"], "--flag", flag,
                  "--env", f"{ACCOUNT}/eu-west-1/prod-canary", "--off", "--yes", "--reason", "filter check")
    assert toggled.returncode == 0, toggled.stdout + toggled.stderr
    rows = rows_of(audit(flagdeck_bin, home, "--format", "json", "--flag", flag))
    assert rows and all(r["application"] == "fraud-detection" for r in rows)
    assert all(r["changes"] is None or any(c["key"] == "fraud_model_v7" for c in r["changes"]) for r in rows)

    everything = rows_of(audit(flagdeck_bin, home, "--format", "json"))
    newest = everything[0]["time"]
    recent = rows_of(audit(flagdeck_bin, home, "--format", "json", "--since", newest))
    assert recent and all(r["time"] >= newest for r in recent) and len(recent) < len(everything)
    old = rows_of(audit(flagdeck_bin, home, "--format", "json", "--until", everything[-1]["time"]))
    assert old and all(r["time"] <= everything[-1]["time"] for r in old)

    table = csv.DictReader(io.StringIO(audit(flagdeck_bin, home, "--format", "csv").stdout))
    lines = list(table)
    assert len(lines) == len(everything)
    assert {"time", "who", "who_arn", "flagdeck_reason", "changes"} <= set(table.fieldnames)

    # Read-only mode: the audit needs no write and sends none.
    read_only = run(flagdeck_bin, {**home, "FLAGDECK_READ_ONLY": "1"}, "audit", "--config", home["config"],
                    "--account", ACCOUNT)
    assert read_only.returncode == 0, read_only.stderr
    assert "WHO" in read_only.stdout.splitlines()[0]

    bad = run(flagdeck_bin, home, "audit", "--config", home["config"], "--flag", "just-a-key")
    assert bad.returncode != 0 and "APPLICATION/PROFILE/KEY" in bad.stderr


def test_lookup_events_is_what_botocore_models(emulator):
    """boto3 validates the request; the response is checked against the CloudTrail model."""
    ct = user_client(emulator, "cloudtrail")
    model = ct.meta.service_model.operation_model("LookupEvents").output_shape
    page = ct.lookup_events(LookupAttributes=[{"AttributeKey": "EventSource", "AttributeValue": "appconfig.amazonaws.com"}],
                            MaxResults=5)
    assert set(page) - {"ResponseMetadata"} <= set(model.members)
    assert len(page["Events"]) == 5 and page["NextToken"]
    event_members = set(model.members["Events"].member.members)
    for e in page["Events"]:
        assert set(e) <= event_members
        record = json.loads(e["CloudTrailEvent"])
        assert record["eventSource"] == "appconfig.amazonaws.com" and record["eventID"] == e["EventId"]
        assert record["readOnly"] is False and record["managementEvent"] is True
    times = [e["EventTime"] for e in page["Events"]]
    assert times == sorted(times, reverse=True)
    nxt = ct.lookup_events(LookupAttributes=[{"AttributeKey": "EventSource", "AttributeValue": "appconfig.amazonaws.com"}],
                           MaxResults=5, NextToken=page["NextToken"])
    assert not {e["EventId"] for e in nxt["Events"]} & {e["EventId"] for e in page["Events"]}

    by_user = ct.lookup_events(LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": "maria.garcia@example.com"}],
                               MaxResults=50)["Events"]
    assert by_user and all(e["Username"] == "maria.garcia@example.com" for e in by_user)
    # botocore does not check enums: the service does.
    for kwargs, code in [({"LookupAttributes": [{"AttributeKey": "NoSuchKey", "AttributeValue": "x"}]},
                          "InvalidLookupAttributesException"),
                         ({"LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "a"},
                                                {"AttributeKey": "Username", "AttributeValue": "b"}]},
                          "InvalidLookupAttributesException"),
                         ({"StartTime": 2_000_000_000, "EndTime": 1_000_000_000}, "InvalidTimeRangeException"),
                         ({"NextToken": "not-a-token"}, "InvalidNextTokenException")]:
        try:
            ct.lookup_events(**kwargs)
            raise AssertionError(f"{kwargs} accepted")
        except ct.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == code
