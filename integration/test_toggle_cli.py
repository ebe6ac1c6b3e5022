"""`flagdeck toggle` end to end: the real binary, the emulator's demo fleet over HTTP, and
boto3 as the independent witness of what was written.

Binary: $FLAGDECK_BIN, else .build/debug/flagdeck of this checkout.
"""
import json
import os
import re
import subprocess
import tempfile
import urllib.request

import boto3
import botocore.config
import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
ACCOUNT = "payments-prod"
APP = "payments-api"
PROFILE = "feature-flags"
PROD_ENVS = [("us-east-1", "prod"), ("eu-west-1", "prod")]
STAMPS = {"_createdAt", "_updatedAt"}


def binary():
    return os.environ.get("FLAGDECK_BIN") or os.path.join(REPO, ".build", "debug", "flagdeck")


def start_emulator():
    """`flagdeck emulator serve --seed demo --port 0`: (process, endpoint, the fake keys it prints)."""
    if not os.access(binary(), os.X_OK):
        pytest.fail(f"flagdeck binary not found at {binary()}: run `swift build` or set FLAGDECK_BIN")
    proc = subprocess.Popen([binary(), "emulator", "serve", "--seed", "demo", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    endpoint, keys = None, {}
    for line in proc.stdout:
        if m := re.match(r"endpoint: (\S+)", line):
            endpoint = m.group(1)
        if m := re.match(r"\s+(\S+)\s+(\d{12})\s+\S+\s+AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)", line):
            keys[m.group(1)] = (m.group(3), m.group(4), m.group(2))
        if line.strip() == "ready":
            break
    assert endpoint and ACCOUNT in keys, "the emulator did not print its endpoint and accounts"
    return proc, endpoint, keys


def stop_emulator(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        # A request held open by an injected delay keeps a graceful shutdown waiting.
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def emulator():
    proc, endpoint, keys = start_emulator()
    yield endpoint, keys
    stop_emulator(proc)


def cli_for(emulator):
    """A `flagdeck toggle` runner with a configuration, credentials and state of its own."""
    endpoint, keys = emulator
    home = tempfile.mkdtemp(prefix="fd-toggle-")
    credentials = os.path.join(home, "credentials")
    with open(credentials, "w") as f:
        for name, (akid, secret, _) in keys.items():
            f.write(f"[{name}]\naws_access_key_id = {akid}\naws_secret_access_key = {secret}\n\n")
    open(os.path.join(home, "aws-config"), "w").close()
    config = os.path.join(home, "config.yaml")
    with open(config, "w") as f:
        f.write("accounts:\n")
        f.write(f"  - name: {ACCOUNT}\n    profile: {ACCOUNT}\n    regions: [us-east-1, eu-west-1]\n    endpoint: {endpoint}\n")
        f.write('production: ["prod*"]\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and not k.startswith("FLAGDECK_")}
    env.update({"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config"),
                "FLAGDECK_STATE_DIR": os.path.join(home, "state"),
                "AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": os.path.join(home, "aws-config")})

    def command(*args):
        return [binary(), "toggle", "--config", config, *args]

    def run(*args, extra_env=None, stdin=subprocess.DEVNULL, timeout=60):
        return subprocess.run(command(*args), env={**env, **(extra_env or {})},
                              stdin=stdin, capture_output=True, text=True, timeout=timeout)
    run.state_dir = env["FLAGDECK_STATE_DIR"]
    run.env = env
    run.command = command
    return run


@pytest.fixture
def cli(emulator):
    return cli_for(emulator)


def appconfig(emulator, region):
    endpoint, keys = emulator
    akid, secret, _ = keys[ACCOUNT]
    return boto3.client("appconfig", region_name=region, endpoint_url=endpoint, aws_access_key_id=akid,
                        aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))


def ids(client, env_name):
    app = next(a for a in client.list_applications()["Items"] if a["Name"] == APP)
    env = next(e for e in client.list_environments(ApplicationId=app["Id"])["Items"] if e["Name"] == env_name)
    profile = next(p for p in client.list_configuration_profiles(ApplicationId=app["Id"])["Items"] if p["Name"] == PROFILE)
    return app["Id"], env["Id"], profile["Id"]


def deployments(client, app_id, env_id):
    return sorted(client.list_deployments(ApplicationId=app_id, EnvironmentId=env_id)["Items"],
                  key=lambda d: d["DeploymentNumber"], reverse=True)


def deployed_version(client, app_id, env_id, profile_id):
    for d in deployments(client, app_id, env_id):
        if d["State"] == "COMPLETE":
            full = client.get_deployment(ApplicationId=app_id, EnvironmentId=env_id, DeploymentNumber=d["DeploymentNumber"])
            if full["ConfigurationProfileId"] == profile_id:
                return int(full["ConfigurationVersion"])
    return None


def document(client, app_id, profile_id, version):
    r = client.get_hosted_configuration_version(ApplicationId=app_id, ConfigurationProfileId=profile_id,
                                                VersionNumber=version)
    return json.loads(r["Content"].read())


def versions(client, app_id, profile_id):
    return sorted(v["VersionNumber"] for v in
                  client.list_hosted_configuration_versions(ApplicationId=app_id, ConfigurationProfileId=profile_id)["Items"])


def leaves(value, path=()):
    """Every leaf value by its path, without the service's bookkeeping timestamps."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k not in STAMPS:
                out.update(leaves(v, path + (k,)))
        return out
    if isinstance(value, list):
        out = {}
        for i, v in enumerate(value):
            out.update(leaves(v, path + (i,)))
        return out
    return {path: value}


def state(emulator):
    """Per prod environment: ids, deployed version and its document."""
    out = []
    for region, env_name in PROD_ENVS:
        c = appconfig(emulator, region)
        app_id, env_id, profile_id = ids(c, env_name)
        deployed = deployed_version(c, app_id, env_id, profile_id)
        out.append({"client": c, "region": region, "env": env_name, "app": app_id, "envId": env_id,
                    "profile": profile_id, "deployed": deployed, "doc": document(c, app_id, profile_id, deployed)})
    return out


def flag_on_everywhere(envs, taken=()):
    """A plain (not multi-variant) flag that is on in every given environment."""
    keys = None
    for e in envs:
        on = {k for k, v in e["doc"].get("values", {}).items() if v.get("enabled") is True and "_variants" not in v}
        keys = on if keys is None else keys & on
    candidates = sorted(keys - set(taken))
    assert candidates, "the demo fleet has no flag that is on in both prod environments"
    return candidates[0]


def requests_made(emulator):
    with urllib.request.urlopen(emulator[0] + "/_emulator/stats", timeout=10) as r:
        stats = json.loads(r.read())
    return stats["total"]


def env_args():
    return [f"{ACCOUNT}/{region}/{name}" for region, name in PROD_ENVS]


def test_off_in_two_prod_environments_changes_one_value_and_deploys_all_at_once(emulator, cli):
    before = state(emulator)
    key = flag_on_everywhere(before)
    versions_before = [versions(e["client"], e["app"], e["profile"]) for e in before]

    r = cli("--flag", f"{APP}/{PROFILE}/{key}", "--env", *env_args(), "--off", "--yes", "--reason", "INC-99 errors")
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"values.{key}.enabled: true → false" in r.stdout
    assert "[PRODUCTION]" in r.stdout
    assert r.stdout.count("started deployment") == 2, r.stdout

    for e, old_versions in zip(before, versions_before):
        c = e["client"]
        new_versions = [v for v in versions(c, e["app"], e["profile"]) if v not in old_versions]
        assert len(new_versions) == 1, f"one new version per profile and base, got {new_versions}"
        new = new_versions[0]

        old_leaves = leaves(e["doc"])
        new_leaves = leaves(document(c, e["app"], e["profile"], new))
        changed = {p for p in old_leaves.keys() | new_leaves.keys() if old_leaves.get(p) != new_leaves.get(p)}
        assert changed == {("values", key, "enabled")}, changed
        assert new_leaves[("values", key, "enabled")] is False

        meta = c.get_hosted_configuration_version(ApplicationId=e["app"], ConfigurationProfileId=e["profile"],
                                                  VersionNumber=new)
        assert meta["Description"].startswith("flagdeck: ")
        assert "INC-99 errors" in meta["Description"]
        assert meta["VersionLabel"].startswith("flagdeck.")

        latest = deployments(c, e["app"], e["envId"])[0]
        assert latest["ConfigurationVersion"] == str(new)
        full = c.get_deployment(ApplicationId=e["app"], EnvironmentId=e["envId"], DeploymentNumber=latest["DeploymentNumber"])
        assert full["DeploymentStrategyId"] == "AppConfig.AllAtOnce"
        assert full["ConfigurationProfileId"] == e["profile"]
        assert full["State"] in ("DEPLOYING", "BAKING", "COMPLETE")


def test_without_yes_and_without_a_terminal_nothing_is_sent(emulator, cli):
    before = state(emulator)
    key = flag_on_everywhere(before)
    counts = [versions(e["client"], e["app"], e["profile"]) for e in before]
    made = requests_made(emulator)
    r = cli("--flag", f"{APP}/{PROFILE}/{key}", "--env", *env_args(), "--off")
    assert r.returncode == 1
    assert "--yes" in r.stderr and "nothing was changed" in r.stderr
    assert requests_made(emulator) == made
    assert [versions(e["client"], e["app"], e["profile"]) for e in before] == counts


def test_read_only_refuses_before_any_request(emulator, cli):
    made = requests_made(emulator)
    r = cli("--flag", f"{APP}/{PROFILE}/anything", "--env", *env_args(), "--off", "--yes",
            extra_env={"FLAGDECK_READ_ONLY": "1"})
    assert r.returncode == 1
    assert "read-only" in r.stderr and "nothing was sent" in r.stderr
    assert requests_made(emulator) == made


def test_usage_errors_exit_1(cli):
    assert cli("--flag", "a/b", "--env", f"{ACCOUNT}/us-east-1/prod", "--off").returncode == 1
    assert cli("--flag", f"{APP}/{PROFILE}/x", "--env", f"{ACCOUNT}/us-east-1/prod", "--on", "--off").returncode == 1
    r = cli("--flag", f"{APP}/{PROFILE}/x", "--env", "nobody/us-east-1/prod", "--off", "--yes")
    assert r.returncode == 1 and "no account \"nobody\"" in r.stderr
