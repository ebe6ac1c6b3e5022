"""A moto server with SigV4 verification on, and an IAM user plus a cross-account role.

Shared by the integration tests that talk to moto. moto only checks signatures
once INITIAL_NO_AUTH_ACTION_COUNT unsigned requests have been used up: those
are spent creating the user, its key and the role, so every later request
must be signed correctly.
"""
import contextlib
import json
import os
import socket
import subprocess
import sys
import time

import boto3

ACCOUNT = "123456789012"        # moto's default account: the IAM user lives here
OTHER_ACCOUNT = "210987654321"  # the role lives here; moto files assumed-role keys under it
USER_NAME = "flagdeck-reader"
ROLE_NAME = "FlagDeckReader"
ROLE_ARN = f"arn:aws:iam::{OTHER_ACCOUNT}:role/{ROLE_NAME}"
USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/{USER_NAME}"
# Unsigned setup calls: CreateUser, PutUserPolicy, CreateAccessKey, CreateRole, PutRolePolicy.
SETUP_ACTIONS = 5
# Variables that would make a child process use credentials or endpoints other than the test's.
AWS_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
                 "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
                 "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_APPCONFIG",
                 "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_MAX_ATTEMPTS",
                 "FLAGDECK_CONFIG", "FLAGDECK_READ_ONLY")


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


@contextlib.contextmanager
def moto_server(log_path, setup_actions=SETUP_ACTIONS):
    """Runs moto on a free loopback port; yields its URL."""
    port = free_port()
    # No MOTO_ACCOUNT_ID: it would pin every request to one account and defeat
    # moto's mapping of assumed-role keys to the role's account.
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT=str(setup_actions))
    env.pop("MOTO_ACCOUNT_ID", None)
    with open(log_path, "w") as log:
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


def create_user_and_role(url):
    """Spends the unsigned calls: a user allowed appconfig/sts with an access key, and a
    role in OTHER_ACCOUNT that the user's account may assume. Returns the user's Keys."""
    iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1",
                       aws_access_key_id="AKIDSETUPONLY", aws_secret_access_key="setup-only")
    iam.create_user(UserName=USER_NAME)
    iam.put_user_policy(UserName=USER_NAME, PolicyName="all", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["appconfig:*", "sts:*"], "Resource": "*"}],
    }))
    key = iam.create_access_key(UserName=USER_NAME)["AccessKey"]

    # The role lives in another account: moto picks the account from this header.
    other = boto3.client("iam", endpoint_url=url, region_name="us-east-1",
                         aws_access_key_id="AKIDSETUPONLY", aws_secret_access_key="setup-only")
    other.meta.events.register("before-sign.iam.*", _other_account_header)
    other.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                       "Action": "sts:AssumeRole"}],
    }))
    other.put_role_policy(RoleName=ROLE_NAME, PolicyName="appconfig", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "appconfig:*", "Resource": "*"}],
    }))
    return Keys(key["AccessKeyId"], key["SecretAccessKey"])


def _other_account_header(request, **_):
    request.headers["x-moto-account-id"] = OTHER_ACCOUNT


def clean_environment(**overrides):
    """os.environ without the caller's AWS settings, plus `overrides`."""
    env = {k: v for k, v in os.environ.items() if k not in AWS_VARIABLES}
    env.update(overrides)
    return env
