"""Fixtures for the boto3 conformance suite.

The emulator is started once per session (`flagdeck emulator serve --seed empty --port 0`),
reset before every test; moto's server is started for the tests that also run against moto.

Binary: $FLAGDECK_BIN, else `swift build --show-bin-path` (in the repository root) + /flagdeck.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field

import boto3
import botocore.config
import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# Fake, emulator-only credentials.
ACCOUNT_A = ("AKIDEMOCONFORMANCE01", "emulator-conformance-secret-a-0000000001", "123456789012")
ACCOUNT_B = ("AKIDEMOCONFORMANCE02", "emulator-conformance-secret-b-0000000002", "210987654321")
REGION = "us-east-1"


def flagdeck_binary():
    env = os.environ.get("FLAGDECK_BIN")
    if env:
        return env
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPO, capture_output=True, text=True, check=True)
    return os.path.join(out.stdout.strip(), "flagdeck")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


@dataclass
class Backend:
    name: str
    endpoint: str
    accounts: list = field(default_factory=list)

    def client(self, service="appconfig", account=ACCOUNT_A, region=REGION, token=None, secret=None, **config):
        cfg = botocore.config.Config(parameter_validation=True, retries={"max_attempts": 1, "mode": "standard"}, **config)
        return boto3.client(
            service, region_name=region, endpoint_url=self.endpoint,
            aws_access_key_id=account[0], aws_secret_access_key=secret or account[1], aws_session_token=token,
            config=cfg,
        )

    # emulator admin API
    def admin(self, method, path, body=None):
        return http(method, f"{self.endpoint}/_emulator/{path}", body)


@pytest.fixture(scope="session")
def emulator_process():
    binary = flagdeck_binary()
    if not os.path.exists(binary):
        pytest.skip(f"flagdeck binary not found at {binary}; build it or set FLAGDECK_BIN")
    args = [binary, "emulator", "serve", "--seed", "empty", "--port", "0",
            "--credentials", ":".join(ACCOUNT_A), "--credentials", ":".join(ACCOUNT_B)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    endpoint = None
    lines = []
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("endpoint: "):
            endpoint = line.split(" ", 1)[1].strip()
        if line.strip() == "ready":
            break
    if endpoint is None:
        proc.kill()
        raise RuntimeError("emulator did not print its endpoint:\n" + "".join(lines))
    yield Backend("emulator", endpoint, [ACCOUNT_A, ACCOUNT_B])
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def emulator(emulator_process):
    emulator_process.admin("POST", "reset")
    emulator_process.admin("PUT", "faults", {})
    yield emulator_process


@pytest.fixture(scope="session")
def moto_process():
    try:
        import moto.server  # noqa: F401
    except ImportError:
        pytest.skip("moto[server] is not installed")
    port = free_port()
    env = dict(os.environ)
    env.pop("INITIAL_NO_AUTH_ACTION_COUNT", None)
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
            break
        except Exception:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("moto server did not start")
    yield Backend("moto", endpoint, [ACCOUNT_A])
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(params=["emulator", "moto"])
def backend(request):
    """The subset moto supports runs against both: same calls, same observable results."""
    if request.param == "emulator":
        b = request.getfixturevalue("emulator")
    else:
        b = request.getfixturevalue("moto_process")
        http("POST", b.endpoint + "/moto-api/reset")
    return b
