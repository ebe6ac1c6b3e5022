"""AWSCore against a real moto server with SigV4 verification switched on.

Starts `python3 -m moto.server` on 127.0.0.1 with INITIAL_NO_AUTH_ACTION_COUNT
so the first few (unsigned) requests can create an IAM user and its access
key; every later request must be correctly signed. Then runs the Swift suite
`MotoIntegration` (Tests/AWSCoreTests/MotoIntegrationTests.swift) with the
endpoint and keys in environment variables.

Run:  python3 -m pytest -q integration/test_awscore_moto.py

Environment:
  FLAGDECK_SWIFT_PACKAGE_DIR  package to run `swift test` in (default: repo root)
  FLAGDECK_SWIFT_SKIP_BUILD   "1" to pass --skip-build (after a full `swift build --build-tests`)
"""
import json
import os
import socket
import subprocess
import sys
import time

import boto3
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCOUNT = "123456789012"        # moto's default account
OTHER_ACCOUNT = "210987654321"  # the role lives here; moto files assumed-role keys under it
ROLE_ARN = f"arn:aws:iam::{OTHER_ACCOUNT}:role/FlagDeckReader"
# Unsigned setup calls: CreateUser, PutUserPolicy, CreateAccessKey, CreateRole, PutRolePolicy.
SETUP_ACTIONS = 5


class Keys:
    """The moto user's keys; repr masks them so pytest tracebacks never show the secret."""

    def __init__(self, access_key_id, secret):
        self.access_key_id = access_key_id
        self.secret = secret

    def __repr__(self):
        return f"Keys({self.access_key_id[:4]}****)"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"moto.server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("moto.server did not start listening")


@pytest.fixture(scope="module")
def moto_server(tmp_path_factory):
    port = free_port()
    log = open(tmp_path_factory.mktemp("moto") / "moto.log", "w")
    # No MOTO_ACCOUNT_ID: it would pin every request to one account and defeat
    # moto's mapping of assumed-role keys to the role's account.
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT=str(SETUP_ACTIONS))
    env.pop("MOTO_ACCOUNT_ID", None)
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def iam_user(moto_server):
    # The only unsigned calls: these consume INITIAL_NO_AUTH_ACTION_COUNT.
    iam = boto3.client("iam", endpoint_url=moto_server, region_name="us-east-1",
                       aws_access_key_id="AKIDSETUPONLY", aws_secret_access_key="setup-only")
    iam.create_user(UserName="flagdeck-reader")
    iam.put_user_policy(UserName="flagdeck-reader", PolicyName="all", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["appconfig:*", "sts:*"], "Resource": "*"}],
    }))
    key = iam.create_access_key(UserName="flagdeck-reader")["AccessKey"]

    # The role lives in another account: moto picks the account from this header.
    other = boto3.client("iam", endpoint_url=moto_server, region_name="us-east-1",
                         aws_access_key_id="AKIDSETUPONLY", aws_secret_access_key="setup-only")
    other.meta.events.register("before-sign.iam.*", _other_account_header)
    other.create_role(RoleName="FlagDeckReader", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                       "Action": "sts:AssumeRole"}],
    }))
    other.put_role_policy(RoleName="FlagDeckReader", PolicyName="appconfig", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "appconfig:*", "Resource": "*"}],
    }))
    return Keys(key["AccessKeyId"], key["SecretAccessKey"])


def _other_account_header(request, **_):
    request.headers["x-moto-account-id"] = OTHER_ACCOUNT


def test_moto_is_enforcing_signatures(moto_server, iam_user):
    """Sanity check of the setup itself: a wrong secret must be rejected."""
    sts = boto3.client("sts", endpoint_url=moto_server, region_name="us-east-1",
                       aws_access_key_id=iam_user.access_key_id, aws_secret_access_key="wrong")
    with pytest.raises(Exception) as info:
        sts.get_caller_identity()
    assert "SignatureDoesNotMatch" in str(info.value)


def test_swift_awscore_against_moto(moto_server, iam_user):
    package = os.environ.get("FLAGDECK_SWIFT_PACKAGE_DIR", REPO)
    cmd = ["swift", "test", "--filter", "MotoIntegration"]
    if os.environ.get("FLAGDECK_SWIFT_SKIP_BUILD") == "1":
        cmd.append("--skip-build")
    env = dict(os.environ,
               FLAGDECK_MOTO_URL=moto_server,
               FLAGDECK_MOTO_ACCESS_KEY_ID=iam_user.access_key_id,
               FLAGDECK_MOTO_SECRET_ACCESS_KEY=iam_user.secret,
               FLAGDECK_MOTO_ACCOUNT=ACCOUNT,
               FLAGDECK_MOTO_ROLE_ARN=ROLE_ARN,
               FLAGDECK_MOTO_OTHER_ACCOUNT=OTHER_ACCOUNT)
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_APPCONFIG"):
        env.pop(var, None)
    result = subprocess.run(cmd, cwd=package, env=env, capture_output=True, text=True, timeout=1800)
    output = result.stdout + result.stderr
    # The keys are moto's, not real, but keep them out of logs all the same.
    printable = output.replace(iam_user.secret, "<secret>")
    print(printable[-6000:])
    assert result.returncode == 0, "swift MotoIntegration tests failed (output above)"
    # Guard against the suite being silently skipped (FLAGDECK_MOTO_URL not seen).
    assert "Suite MotoIntegration passed" in output, "MotoIntegration suite did not run"
