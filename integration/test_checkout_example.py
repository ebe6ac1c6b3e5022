"""examples/checkout-app against `flagdeck emulator serve --seed demo`: the page offers
Bitcoin with its discount, `flagdeck toggle --off` disables the flag, and a reload after
the deployment no longer offers it."""
import os
import re
import subprocess
import sys
import urllib.request

import pytest

from dataplane_support import account, free_port, wait_until
from fast_demo import emulator, home, run  # noqa: F401 (fixtures)
from moto_support import clean_environment

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
APP = os.path.join(REPO, "examples", "checkout-app", "app.py")
FLAG = "checkout/feature-flags/checkout_bitcoin_payments"


@pytest.fixture
def shop(emulator):
    keys = account(emulator, "payments-staging")
    port = free_port()
    env = clean_environment(AWS_ENDPOINT_URL_APPCONFIGDATA=emulator.endpoint, AWS_DEFAULT_REGION="us-east-1",
                            AWS_ACCESS_KEY_ID=keys["key"], AWS_SECRET_ACCESS_KEY=keys["secret"])
    # --refresh 0: poll on every page load (the emulator's clock runs 1200x, so the
    # session's 15 s minimum has passed by the next request).
    process = subprocess.Popen([sys.executable, APP, "--port", str(port), "--environment", "dev", "--refresh", "0"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert "checkout-app: http://127.0.0.1" in process.stdout.readline()
        yield f"http://127.0.0.1:{port}/checkout"
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.status == 200
        return r.read().decode()


def test_disabling_the_flag_removes_the_bitcoin_option(flagdeck_bin, emulator, home, shop):
    before = get(shop)
    assert re.search(r'<li id="bitcoin">Bitcoin: \$114\.00 \(5% off\)</li>', before), before
    assert '<li id="card">' in before

    result = run(flagdeck_bin, home, "toggle", "--config", home["config"], "--flag", FLAG,
                 "--env", "payments-staging/us-east-1/dev", "--off", "--yes", "--reason", "bitcoin payments failing")
    assert result.returncode == 0, result.stdout + result.stderr

    after = wait_until(lambda: (lambda page: page if 'id="bitcoin"' not in page else None)(get(shop)), 15,
                       "the page without the Bitcoin option")
    assert '<li id="card">' in after and "$120.00" in after
