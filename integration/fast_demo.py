"""Fixtures for command-line tests that write: `flagdeck emulator serve --seed demo` on a
fast clock (a strategy's minutes of deployment and bake pass in a second, so a second
write to the same environment is not blocked by the first), the demo accounts'
credentials, a configuration, and a way to run flagdeck there."""
import subprocess

import pytest

from moto_support import clean_environment
from test_scan_cli import demo_emulator, write_config, write_credentials


@pytest.fixture(scope="module")
def emulator(flagdeck_bin):
    with demo_emulator(flagdeck_bin, "--time-scale", "1200") as running:
        yield running


@pytest.fixture
def home(isolated_home, emulator):
    """The demo accounts' credentials and a configuration (`config`: its path)."""
    home = write_credentials(isolated_home, emulator)
    return {**home, "config": write_config(home, emulator)}


def run(flagdeck_bin, home, *args):
    env = clean_environment(**{k: v for k, v in home.items() if k != "config"})
    return subprocess.run([flagdeck_bin, *args], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=180)
