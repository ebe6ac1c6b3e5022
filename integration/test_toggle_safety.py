"""`flagdeck toggle` when the network or the process fails mid-incident: lost answers,
a kill between the two writes, a deployment in the way, a wait that must end. The
emulator injects the faults (`PUT /_emulator/faults`); boto3 is the witness."""
import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.request

import pytest

from test_toggle_cli import (ACCOUNT, APP, PROFILE, appconfig, cli_for, deployments, env_args, flag_on_everywhere,
                             ids, leaves, start_emulator, state, stop_emulator, versions, document)


@pytest.fixture
def fresh():
    """An emulator of its own: these tests leave requests hanging or stop deployments."""
    proc, endpoint, keys = start_emulator()
    yield endpoint, keys
    stop_emulator(proc)


def put_faults(emulator, **faults):
    request = urllib.request.Request(emulator[0] + "/_emulator/faults", data=json.dumps(faults).encode(), method="PUT",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()


def journal(cli):
    with sqlite3.connect(os.path.join(cli.state_dir, "flagdeck.sqlite")) as db:
        return [(action, result, json.loads(details or "{}"))
                for action, result, details in db.execute("SELECT action, result, details FROM journal ORDER BY id")]


def test_one_lost_answer_on_each_write_still_ends_with_one_version_and_one_deployment_each(fresh):
    cli = cli_for(fresh)
    before = state(fresh)
    key = flag_on_everywhere(before)
    old_versions = [versions(e["client"], e["app"], e["profile"]) for e in before]
    old_deployments = [len(deployments(e["client"], e["app"], e["envId"])) for e in before]
    put_faults(fresh, operations={"CreateHostedConfigurationVersion": {"lostResponses": 1},
                                  "StartDeployment": {"lostResponses": 1}})
    r = cli("--flag", f"{APP}/{PROFILE}/{key}", "--env", *env_args(), "--off", "--yes", "--reason", "INC-7")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "was lost" in r.stdout
    for e, old, count in zip(before, old_versions, old_deployments):
        new = [v for v in versions(e["client"], e["app"], e["profile"]) if v not in old]
        assert len(new) == 1, f"exactly one new version, not a conflict with ourselves: {new}"
        assert len(deployments(e["client"], e["app"], e["envId"])) == count + 1, "exactly one new deployment"
    entries = journal(cli)
    assert [a for a, _, _ in entries] == ["toggle-intent", "toggle", "toggle", "toggle-end"]
    assert [res for a, res, _ in entries if a == "toggle"] == ["started", "started"]
    assert entries[-1][1] == "ok"


def test_killed_between_the_two_writes_is_reconciled_on_the_next_start(fresh):
    cli = cli_for(fresh)
    before = state(fresh)
    key = flag_on_everywhere(before)
    prod = before[0]
    old = versions(prod["client"], prod["app"], prod["profile"])
    # StartDeployment hangs: flagdeck has created the version and waits for the deployment.
    put_faults(fresh, operations={"StartDeployment": {"delayMs": 120000}})
    env = f"{ACCOUNT}/{prod['region']}/{prod['env']}"
    process = subprocess.Popen(cli.command("--flag", f"{APP}/{PROFILE}/{key}", "--env", env, "--off", "--yes"),
                               env=cli.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline and versions(prod["client"], prod["app"], prod["profile"]) == old:
        time.sleep(0.2)
    created = [v for v in versions(prod["client"], prod["app"], prod["profile"]) if v not in old]
    assert len(created) == 1, "the version was created before the kill"
    time.sleep(0.5)  # the StartDeployment request is on its way
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert [a for a, _, _ in journal(cli)] == ["toggle-intent"], "the intent was journaled before the first write"

    put_faults(fresh)
    # The next start finds the unfinished toggle, asks AppConfig, journals what happened.
    r = cli("--flag", f"{APP}/{PROFILE}/{key}", "--env", env, "--off", "--yes")
    assert "an interrupted toggle" in r.stderr, r.stderr
    assert f"version {created[0]} was created but not deployed" in r.stderr, r.stderr
    entries = journal(cli)
    reconciled = [(a, res) for a, res, d in entries if res == "reconciled"]
    assert reconciled == [("toggle", "reconciled"), ("toggle-end", "reconciled")]
    # And the toggle itself then went through.
    assert r.returncode == 0, r.stdout + r.stderr
    assert entries[-1][0] == "toggle-end" and entries[-1][1] == "ok"


def find_running(emulator):
    """An environment of the demo with a deployment in progress, and a plain flag on there."""
    for region in ("us-east-1", "eu-west-1"):
        c = appconfig(emulator, region)
        for app in c.list_applications()["Items"]:
            for env in c.list_environments(ApplicationId=app["Id"])["Items"]:
                items = deployments(c, app["Id"], env["Id"])
                if items and items[0]["State"] == "DEPLOYING":
                    full = c.get_deployment(ApplicationId=app["Id"], EnvironmentId=env["Id"],
                                            DeploymentNumber=items[0]["DeploymentNumber"])
                    profile = full["ConfigurationProfileId"]
                    served = next(int(d["ConfigurationVersion"]) for d in items if d["State"] == "COMPLETE")
                    doc = document(c, app["Id"], profile, served)
                    flags = [k for k, v in doc.get("values", {}).items() if v.get("enabled") is True and "_variants" not in v]
                    name = next(p["Name"] for p in c.list_configuration_profiles(ApplicationId=app["Id"])["Items"]
                                if p["Id"] == profile)
                    if flags:
                        return c, region, app, env, profile, name, items[0]["DeploymentNumber"], flags[0]
    pytest.fail("the demo fleet has no deployment in progress")


def test_stop_running_rolls_back_the_deployment_in_the_way_then_deploys(fresh):
    cli = cli_for(fresh)
    c, region, app, env, profile, profile_name, running, key = find_running(fresh)
    target = f"{ACCOUNT}/{region}/{env['Name']}"
    blocked = cli("--flag", f"{app['Name']}/{profile_name}/{key}", "--env", target, "--off", "--yes")
    assert blocked.returncode == 3, blocked.stdout + blocked.stderr
    assert "BUSY" in blocked.stdout

    r = cli("--flag", f"{app['Name']}/{profile_name}/{key}", "--env", target, "--off", "--yes", "--stop-running")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "STOP FIRST" in r.stdout
    items = deployments(c, app["Id"], env["Id"])
    by_number = {d["DeploymentNumber"]: d for d in items}
    assert by_number[running]["State"] == "ROLLED_BACK"
    newest = items[0]
    assert newest["DeploymentNumber"] > running
    new_doc = document(c, app["Id"], profile, int(newest["ConfigurationVersion"]))
    assert new_doc["values"][key]["enabled"] is False
    actions = [a for a, _, _ in journal(cli)]
    assert "stop-deployment" in actions


def test_wait_gives_up_at_the_timeout_with_exit_4(fresh):
    cli = cli_for(fresh)
    before = state(fresh)
    key = flag_on_everywhere(before)
    r = cli("--flag", f"{APP}/{PROFILE}/{key}", "--env", env_args()[0], "--off", "--yes",
            "--strategy", "AppConfig.Linear20PercentEvery6Minutes", "--wait", "--timeout", "3s")
    assert r.returncode == 4, r.stdout + r.stderr
    assert "gave up waiting after 3s" in r.stderr
    assert "DEPLOYING" in r.stderr
    bad = cli("--flag", f"{APP}/{PROFILE}/{key}", "--env", env_args()[0], "--off", "--yes", "--wait", "--timeout", "soon")
    assert bad.returncode == 1 and "--timeout" in bad.stderr
