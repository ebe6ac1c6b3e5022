import os
import pathlib
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from tmux_driver import flagdeck_binary  # noqa: E402


@pytest.fixture(scope="session")
def flagdeck_bin() -> str:
    path = flagdeck_binary()
    if not os.access(path, os.X_OK):
        pytest.fail(f"flagdeck binary not found at {path}: run `swift build` first")
    return path


@pytest.fixture
def isolated_home():
    """A HOME, config and state directory of the test's own: nothing of the user's is read.
    Short paths, so what the screen shows can be compared whole."""
    tmp_path = pathlib.Path(tempfile.mkdtemp(prefix="fd-"))
    home = tmp_path / "home"
    home.mkdir()
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "FLAGDECK_STATE_DIR": str(tmp_path / "state"),
        "AWS_CONFIG_FILE": str(home / "aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "aws-credentials"),
    }
