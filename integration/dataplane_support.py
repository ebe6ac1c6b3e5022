"""Reading configuration the way applications do, from `flagdeck emulator serve`: boto3's
`appconfigdata` client (through AWS_ENDPOINT_URL_APPCONFIGDATA, as Powertools finds it) and
the Agent API over plain HTTP."""
import contextlib
import json
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
import botocore.config

from test_scan_cli import demo_emulator


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def emulator_with_agent(flagdeck_bin, *extra_args, agent_account="payments-staging", poll_interval=15):
    """`flagdeck emulator serve --seed demo` with the Agent API on a free port: (emulator, agent URL)."""
    port = free_port()
    with demo_emulator(flagdeck_bin, "--agent-port", str(port), "--agent-account", agent_account,
                       "--agent-poll-interval", str(poll_interval), *extra_args) as emulator:
        yield emulator, f"http://127.0.0.1:{port}"


def account(emulator, name):
    return next(a for a in emulator.accounts if a["name"] == name)


def data_client(emulator, account_name, region="us-east-1", validate=True):
    """boto3 `appconfigdata` with the account's fake keys; the endpoint comes from the
    environment variable applications would set, not from an argument."""
    a = account(emulator, account_name)
    os.environ["AWS_ENDPOINT_URL_APPCONFIGDATA"] = emulator.endpoint
    try:
        return boto3.session.Session(aws_access_key_id=a["key"], aws_secret_access_key=a["secret"], region_name=region).client(
            "appconfigdata", config=botocore.config.Config(parameter_validation=validate, retries={"max_attempts": 1}))
    finally:
        del os.environ["AWS_ENDPOINT_URL_APPCONFIGDATA"]


def agent_get(agent, app, env, profile, flags=(), context=None):
    """GET the Agent API: (status, headers, body text)."""
    query = urllib.parse.urlencode([("flag", f) for f in flags])
    url = f"{agent}/applications/{app}/environments/{env}/configurations/{profile}" + (f"?{query}" if query else "")
    request = urllib.request.Request(url, headers={"Context": context} if context else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def agent_flag(agent, app, env, profile, flag):
    status, _, body = agent_get(agent, app, env, profile, flags=[flag])
    assert status == 200, body
    return json.loads(body)[flag]


def wait_until(predicate, timeout, what, interval=0.05):
    """Polls `predicate` until it returns a truthy value; fails naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"{what}: not seen within {timeout}s (last: {last!r})")
