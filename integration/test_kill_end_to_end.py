"""The kill switch end to end: a disable made with flagdeck reaches the code that reads
the flag. Readers are real clients of `flagdeck emulator serve`: Powertools' AppConfigStore
(boto3 `appconfigdata`, found through AWS_ENDPOINT_URL_APPCONFIGDATA), a bare boto3
session, and the Agent API over HTTP. The writer is `flagdeck toggle --off` on the command
line, and the `!` dialog of `flagdeck demo` in tmux."""
import contextlib
import json
import os
import tempfile

import pytest
from aws_lambda_powertools.utilities.feature_flags import AppConfigStore, FeatureFlags

from dataplane_support import account, agent_flag, data_client, emulator_with_agent, wait_until
from fast_demo import run
from test_scan_cli import write_config, write_credentials
from tmux_driver import TmuxSession, disable_with_bang

APP, PROFILE, FLAG = "checkout", "feature-flags", "checkout_bitcoin_payments"
# The Agent reads one account; the Powertools functions and these native flags live in `platform`.
AGENT_ACCOUNT = "platform"
NATIVE = ("identity", "feature-flags", "identity_social_login")  # on everywhere in the demo seed


@pytest.fixture(scope="module")
def running(flagdeck_bin):
    # Fast virtual clock: an AllAtOnce deployment and the Agent's 15 s poll pass in milliseconds.
    with emulator_with_agent(flagdeck_bin, "--time-scale", "600", agent_account=AGENT_ACCOUNT) as pair:
        yield pair


@pytest.fixture
def home(isolated_home, running):
    emulator, _ = running
    home = write_credentials(isolated_home, emulator)
    return {**home, "config": write_config(home, emulator)}


@contextlib.contextmanager
def lambda_environment(emulator, agent):
    """The variables a Lambda function would have: credentials, region, the data-plane
    endpoint, and the AppConfig extension's port (here the emulator's Agent API)."""
    keys = account(emulator, AGENT_ACCOUNT)
    wanted = {"AWS_ENDPOINT_URL_APPCONFIGDATA": emulator.endpoint, "AWS_ACCESS_KEY_ID": keys["key"],
              "AWS_SECRET_ACCESS_KEY": keys["secret"], "AWS_DEFAULT_REGION": "us-east-1",
              "AWS_APPCONFIG_EXTENSION_HTTP_PORT": agent.rsplit(":", 1)[1]}
    saved = {k: os.environ.get(k) for k in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def toggle_off(flagdeck_bin, home, flag, env):
    result = run(flagdeck_bin, home, "toggle", "--config", home["config"], "--flag", flag, "--env", env,
                 "--off", "--yes", "--reason", "kill e2e")
    assert result.returncode == 0, result.stdout + result.stderr


def test_powertools_apps_see_a_toggle_off_through_the_sdk_and_the_extension(flagdeck_bin, running, home):
    emulator, agent = running
    with lambda_environment(emulator, agent):
        readers = {how: FeatureFlags(store=AppConfigStore(environment="dev", application="order-events", name="powertools-flags",
                                                          max_age=1, use_extension=how == "extension"))
                   for how in ("sdk", "extension")}
        for how, flags in readers.items():
            assert flags.evaluate(name="new_order_pipeline", default=False) is True, how
        toggle_off(flagdeck_bin, home, "order-events/powertools-flags/new_order_pipeline", "platform/us-east-1/dev")
        for how, flags in readers.items():
            wait_until(lambda: flags.evaluate(name="new_order_pipeline", default=True) is False, 15,
                       f"Powertools ({how}) reading new_order_pipeline as off")


def test_agent_and_sdk_readers_see_a_toggle_off(flagdeck_bin, running, home):
    emulator, agent = running
    app, profile, key = NATIVE
    assert agent_flag(agent, app, "dev", profile, key)["enabled"] is True
    sdk = data_client(emulator, "payments-staging")
    token = sdk.start_configuration_session(ApplicationIdentifier=APP, EnvironmentIdentifier="dev",
                                            ConfigurationProfileIdentifier=PROFILE, RequiredMinimumPollIntervalInSeconds=15)[
        "InitialConfigurationToken"]
    first = sdk.get_latest_configuration(ConfigurationToken=token)
    assert json.loads(first["Configuration"].read())[FLAG]["enabled"] is True

    toggle_off(flagdeck_bin, home, f"{app}/{profile}/{key}", "platform/us-east-1/dev")
    toggle_off(flagdeck_bin, home, f"{APP}/{PROFILE}/{FLAG}", "payments-staging/us-east-1/dev")

    wait_until(lambda: agent_flag(agent, app, "dev", profile, key) == {"enabled": False}, 15, "the Agent serving the flag off")
    state = {"token": first["NextPollConfigurationToken"]}

    def sdk_sees_off():
        try:
            answer = sdk.get_latest_configuration(ConfigurationToken=state["token"])
        except sdk.exceptions.BadRequestException:
            return False  # too early for the session's 15 s: the token is still good
        state["token"] = answer["NextPollConfigurationToken"]
        body = answer["Configuration"].read()
        return bool(body) and json.loads(body)[FLAG] == {"enabled": False}
    wait_until(sdk_sees_off, 15, "the SDK session reading the flag off", interval=0.01)


def test_the_bang_dialog_in_tmux_reaches_the_agent(flagdeck_bin, isolated_home):
    demo_dir = tempfile.mkdtemp(prefix="fd-demo-")
    env = {**isolated_home, "FLAGDECK_DEMO_DIR": demo_dir}
    with TmuxSession([flagdeck_bin, "demo"], width=140, height=45, env=env) as tui:
        tui.wait_for(r"Flags\(175\)", timeout=60)
        with open(os.path.join(demo_dir, "emulator.json")) as f:
            agent = json.load(f)["agent"]
        assert agent["account"] == "payments-staging"  # the demo's Agent reads the checkout example's account
        assert agent_flag(agent["endpoint"], APP, "staging", PROFILE, FLAG)["enabled"] is True
        disable_with_bang(tui, f"{APP}/{PROFILE}/{FLAG}")
        wait_until(lambda: agent_flag(agent["endpoint"], APP, "staging", PROFILE, FLAG) == {"enabled": False}, 30,
                   "the demo's Agent serving the flag off after the ! dialog")
        # The panel settles (payments-prod/us-east-1/prod stays blocked by the seed's slow
        # rollout), then closes, and the demo quits.
        tui.wait_for(r"payments-staging/us-east-1/staging +COMPLETE 100%", timeout=60)
        tui.send("Escape")
        tui.wait_for(rf"Toggle {APP}/{PROFILE}/{FLAG}", absent=True)
        tui.send("q")
        assert tui.wait_exit(timeout=20) == 0
