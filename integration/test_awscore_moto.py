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
import os
import subprocess
import sys

import boto3
import pytest

import moto_support
from moto_support import ACCOUNT, OTHER_ACCOUNT, ROLE_ARN

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def moto_server(tmp_path_factory):
    with moto_support.moto_server(tmp_path_factory.mktemp("moto") / "moto.log") as url:
        yield url


@pytest.fixture(scope="module")
def iam_user(moto_server):
    # The only unsigned calls: these consume INITIAL_NO_AUTH_ACTION_COUNT.
    return moto_support.create_user_and_role(moto_server)


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
