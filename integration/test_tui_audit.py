"""Issue 17 in `flagdeck demo`: the Audit view's WHO column names who made each deployment
(the demo's seeded history: Identity Center users, a CI role), the detail pane says who
started it, from where, with what, and who created its version; a change made meanwhile
through boto3 with an assumed-role session shows up, attributed, after Ctrl-R."""
import json
import os
import re
import tempfile

import boto3

from tmux_driver import TmuxSession

FLEET_LOADED = r"Flags\(175\)"


def session_client(info, account_name, role, session):
    account = next(a for a in info["accounts"] if a["name"] == account_name)
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=info["endpoint"],
                       aws_access_key_id=account["accessKeyId"], aws_secret_access_key=account["secretAccessKey"])
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account['accountId']}:role/{role}", RoleSessionName=session)["Credentials"]
    return boto3.client("appconfig", region_name="us-east-1", endpoint_url=info["endpoint"],
                        aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"])


def redeploy(client, app_name, env_name, description):
    """A new version (the latest again) of `app_name`'s flags, deployed all at once to `env_name`."""
    app = next(a for a in client.list_applications()["Items"] if a["Name"] == app_name)
    profile = next(p for p in client.list_configuration_profiles(ApplicationId=app["Id"])["Items"] if p["Name"] == "feature-flags")
    env = next(e for e in client.list_environments(ApplicationId=app["Id"])["Items"] if e["Name"] == env_name)
    latest = max(v["VersionNumber"] for v in client.list_hosted_configuration_versions(
        ApplicationId=app["Id"], ConfigurationProfileId=profile["Id"])["Items"])
    content = client.get_hosted_configuration_version(ApplicationId=app["Id"], ConfigurationProfileId=profile["Id"],
                                                      VersionNumber=latest)["Content"].read()
    version = client.create_hosted_configuration_version(
        ApplicationId=app["Id"], ConfigurationProfileId=profile["Id"], Content=content, ContentType="application/json",
        Description=description, LatestVersionNumber=latest)["VersionNumber"]
    client.start_deployment(ApplicationId=app["Id"], EnvironmentId=env["Id"], ConfigurationProfileId=profile["Id"],
                            ConfigurationVersion=str(version), DeploymentStrategyId="AppConfig.AllAtOnce",
                            Description=description)
    return version


def test_audit_view_says_who_made_each_deployment(flagdeck_bin, isolated_home):
    demo_dir = tempfile.mkdtemp(prefix="fd-demo-")
    env = {**isolated_home, "FLAGDECK_DEMO_DIR": demo_dir}
    with TmuxSession([flagdeck_bin, "demo"], width=120, height=40, env=env) as tui:
        tui.wait_for(FLEET_LOADED, timeout=60)
        tui.send("BTab")
        screen = tui.wait_for(r"maria\.garcia@example\.com", timeout=30)
        header = next(line for line in screen.splitlines() if "TIME (UTC)" in line)
        assert re.search(r"STATE\s+WHO\s+CHANGES", header), header
        assert "github-actions-deploy/" in screen, "production deployments come from the CI role"
        assert "reading CloudTrail" not in screen
        # The newest deployment is selected: its detail pane says who, from where, with what.
        assert re.search(r"started by github-actions-deploy/GitHubActions-\d+ · from 203\.0\.113\.\d+ · aws-cli/2\.22\.4", screen), screen
        assert re.search(r"v\d+ created by \S+@example\.com at 20\d\d-", screen), screen

        with open(os.path.join(demo_dir, "emulator.json")) as f:
            info = json.load(f)
        version = redeploy(session_client(info, "payments-prod", "release-manager", "alice"), "payments-api", "prod-canary",
                           "by alice from boto3")
        tui.send("C-r")
        screen = tui.wait_for(r"release-manager/alice", timeout=60)
        row = next(line for line in screen.splitlines() if "release-manager/alice" in line)
        assert f"v{version}" in row and "payments-prod/us-east-1/payments-a" in row, row
        # The newest row, still selected: the detail pane has the whole story.
        assert "by alice from boto3" in screen and "started by release-manager/alice · from 127.0.0.1 · Boto3/" in screen, screen
        print("\n" + screen)
        tui.send("q")
        assert tui.wait_exit(timeout=20) == 0
