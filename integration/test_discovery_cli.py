"""Accounts discovered from AWS Organizations and IAM Identity Center, end to end: the real
binary (`flagdeck scan`, `doctor`, `init`) against `flagdeck emulator serve --seed synthetic:...`,
whose first account manages the organization and whose member `platform-shared` lacks the
FlagDeckReader role (and `search-staging` is SUSPENDED).

Secrets (keys, the SSO token) are never printed: assertions about them compare booleans.

Run:  swift build && python3 -m pytest -q integration/test_discovery_cli.py
"""
import hashlib
import json
import os
import re
import secrets
import subprocess
import urllib.request

import boto3
import pytest

from moto_support import clean_environment
from test_scan_cli import demo_emulator

SEED = "synthetic:accounts=12,regions=2,apps=1,envs=1,flags=2,versions=1"
# Passed as --sso-token=TOKEN: a random token starts with "-" about once in 64 runs,
# and "--sso-token -x..." would read as a missing value.
SSO_TOKEN = secrets.token_urlsafe(24)
SSO_START_URL = "https://flagdeck-test.awsapps.com/start"
ENABLED_REGIONS = 17  # the emulator's enabled-by-default catalogue


@pytest.fixture(scope="module")
def emulator(flagdeck_bin):
    with demo_emulator(flagdeck_bin, "--seed", SEED, f"--sso-token={SSO_TOKEN}") as running:
        with urllib.request.urlopen(running.endpoint + "/_emulator/accounts", timeout=10) as response:
            running.admin = {a["name"]: a for a in json.load(response)}
        running.management = next(a for a in running.admin.values() if a.get("management"))
        yield running


@pytest.fixture
def home(isolated_home, emulator):
    """The management account's keys as profile org-admin, a member's as `member`, and a
    logged-in [sso-session corp] (its token in the cache where `aws sso login` leaves it)."""
    management = emulator.management
    member = emulator.admin["payments-prod"]
    with open(isolated_home["AWS_CONFIG_FILE"], "w") as f:
        f.write(f"[profile org-admin]\naws_access_key_id = {management['accessKeyId']}\n"
                f"aws_secret_access_key = {management['secretAccessKey']}\n\n"
                f"[profile member]\naws_access_key_id = {member['accessKeyId']}\n"
                f"aws_secret_access_key = {member['secretAccessKey']}\n\n"
                f"[sso-session corp]\nsso_start_url = {SSO_START_URL}\nsso_region = us-east-1\n")
    open(isolated_home["AWS_SHARED_CREDENTIALS_FILE"], "w").close()
    cache = os.path.join(isolated_home["HOME"], ".aws", "sso", "cache")
    os.makedirs(cache)
    with open(os.path.join(cache, hashlib.sha1(b"corp").hexdigest() + ".json"), "w") as f:
        json.dump({"accessToken": SSO_TOKEN, "expiresAt": "2099-01-01T00:00:00Z", "startUrl": SSO_START_URL}, f)
    return isolated_home


def write_config(home, text):
    path = os.path.join(home["HOME"], "flagdeck.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def organization_config(home, emulator, regions="[us-east-1, eu-west-1]", profile="org-admin", extra=""):
    return write_config(home, f"organization:\n  profile: {profile}\n  roleName: FlagDeckReader\n"
                              f"  regions: {regions}\n  endpoint: {emulator.endpoint}\n{extra}")


def run(flagdeck_bin, home, *args):
    return subprocess.run([flagdeck_bin, *args], env=clean_environment(**home), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)


def scan_json(flagdeck_bin, home, config):
    result = run(flagdeck_bin, home, "scan", "--config", config, "--format", "json")
    assert result.returncode in (0, 2), result.stderr
    return result, json.loads(result.stdout)


def accounts_read(document):
    return {env["account"] for flag in document["flags"] for env in flag["environments"]}


def regions_read(document):
    return {env["region"] for flag in document["flags"] for env in flag["environments"]}


def no_secret_shown(emulator, *texts):
    secrets_ = [a["secretAccessKey"] for a in emulator.admin.values()] + [SSO_TOKEN]
    return not any(s in t for s in secrets_ for t in texts)


def active(emulator):
    return {name for name, a in emulator.admin.items() if a.get("status") == "ACTIVE"}


def test_the_organization_is_scanned_and_the_member_without_the_role_is_unreadable(flagdeck_bin, emulator, home):
    config = organization_config(home, emulator, extra='  exclude: ["sandbox-*"]\n')
    result, document = scan_json(flagdeck_bin, home, config)
    assert result.returncode == 2, "an unreadable member makes the scan incomplete"
    expected = {n for n in active(emulator) if not n.startswith("sandbox-")}
    assert "management" in expected and "search-staging" not in expected  # suspended: never discovered
    readable = expected - {"platform-shared"}
    assert accounts_read(document) == readable
    assert document["discovery"] == {"discovered": len(expected), "scanned": len(readable), "unreadable": 1}
    # Listed as unreadable with the reason, in `errors`, in every flag's `unreadable`, and on stderr.
    assert document["complete"] is False
    failed = [e for e in document["errors"]]
    assert {(e["account"], e["region"]) for e in failed} == {("platform-shared", "us-east-1"), ("platform-shared", "eu-west-1")}
    for error in failed:
        assert error["accountId"] == emulator.admin["platform-shared"]["accountId"]
        assert "AssumeRole" in error["message"] and "AccessDenied" in error["message"], error["message"]
        assert "role/FlagDeckReader" in error["message"]
    for flag in document["flags"]:
        assert flag["complete"] is False
        assert {"account": "platform-shared", "region": "us-east-1"} in flag["unreadable"]
    assert "platform-shared/us-east-1 failed: AssumeRole" in result.stderr
    assert no_secret_shown(emulator, result.stdout, result.stderr)
    # The table says how many accounts, too.
    table = run(flagdeck_bin, home, "scan", "--config", config)
    assert f"accounts: {len(expected)} discovered, {len(readable)} scanned, 1 unreadable" in table.stdout


def test_include_and_exclude_by_organizational_unit(flagdeck_bin, emulator, home):
    management = emulator.management
    prod_ou = emulator.admin["payments-prod"]["ouId"]
    nonprod_ou = emulator.admin["payments-staging"]["ouId"]
    orgs = boto3.client("organizations", region_name="us-east-1", endpoint_url=emulator.endpoint,
                        aws_access_key_id=management["accessKeyId"], aws_secret_access_key=management["secretAccessKey"])
    workloads_ou = orgs.list_parents(ChildId=prod_ou)["Parents"][0]["Id"]
    assert workloads_ou.startswith("ou-")

    def names_in(ou_path_prefix):
        return {n for n, a in emulator.admin.items()
                if a.get("status") == "ACTIVE" and (a.get("ou") or "").startswith(ou_path_prefix)}

    # An OU matches the accounts in the OUs below it too.
    config = organization_config(home, emulator, extra=f'  include: ["{workloads_ou}"]\n')
    _, document = scan_json(flagdeck_bin, home, config)
    assert accounts_read(document) == names_in("Workloads/") and names_in("Workloads/Prod")
    assert document["discovery"]["discovered"] == len(names_in("Workloads/"))

    config = organization_config(home, emulator, extra=f'  include: ["{workloads_ou}"]\n  exclude: ["{nonprod_ou}"]\n')
    _, document = scan_json(flagdeck_bin, home, config)
    assert accounts_read(document) == names_in("Workloads/Prod")

    # OU globs, names and ids mix.
    root4 = prod_ou.split("-")[1]
    config = organization_config(home, emulator, extra=f'  include: ["ou-{root4}-*", "{management["accountId"]}"]\n'
                                                       '  exclude: ["*-prod", "platform-*"]\n')
    result, document = scan_json(flagdeck_bin, home, config)
    assert result.returncode == 0, result.stderr
    expected = {n for n in active(emulator) if n == "management" or (emulator.admin[n].get("ou") != "Root"
                and not n.endswith("-prod") and not n.startswith("platform-"))}
    assert accounts_read(document) == expected


def test_all_regions_and_doctor(flagdeck_bin, emulator, home):
    management = emulator.management
    config = organization_config(home, emulator, regions="all",
                                 extra=f'  include: ["payments-*", "{management["accountId"]}"]\n')
    result, document = scan_json(flagdeck_bin, home, config)
    assert result.returncode == 0, result.stderr
    assert accounts_read(document) == {"management", "payments-prod", "payments-staging"}
    # Every enabled region was read; the applications live in the seed's two.
    assert regions_read(document) == {"us-east-1", "eu-west-1"}
    assert document["discovery"] == {"discovered": 3, "scanned": 3, "unreadable": 0}

    doctor = run(flagdeck_bin, home, "doctor", "--config", config)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    lines = doctor.stdout.splitlines()
    for name in ("management", "payments-prod", "payments-staging"):
        account = emulator.admin[name]
        line = next(l for l in lines if l.startswith(account["accountId"]))
        assert name in line and account["ouId"] in line and line.rstrip().endswith("ok"), line
        assert f"{ENABLED_REGIONS}/{ENABLED_REGIONS} regions" in line, line
    assert "3 accounts discovered: 3 readable" in doctor.stdout
    assert no_secret_shown(emulator, doctor.stdout, doctor.stderr)


def test_doctor_names_the_member_without_the_role_and_the_fix(flagdeck_bin, emulator, home):
    config = organization_config(home, emulator, extra='  include: ["platform-*", "payments-prod"]\n')
    doctor = run(flagdeck_bin, home, "doctor", "--config", config)
    assert doctor.returncode == 1
    shared = emulator.admin["platform-shared"]
    line = next(l for l in doctor.stdout.splitlines() if l.startswith(shared["accountId"]))
    assert "FAIL" in line and "role FlagDeckReader" in line, line
    assert re.search(rf"{shared['accountId']} platform-shared: AssumeRole .*role/FlagDeckReader failed: AccessDenied",
                     doctor.stdout), doctor.stdout
    assert "`flagdeck iam`" in doctor.stdout
    assert no_secret_shown(emulator, doctor.stdout, doctor.stderr)


def test_an_identity_center_session(flagdeck_bin, emulator, home):
    config = write_config(home, f"sso:\n  session: corp\n  roleName: ReadOnly\n  regions: [us-east-1]\n"
                                f"  exclude: [\"sandbox-*\"]\n  endpoint: {emulator.endpoint}\n")
    result, document = scan_json(flagdeck_bin, home, config)
    assert result.returncode == 0, result.stderr
    expected = {n for n in active(emulator) if not n.startswith("sandbox-")}
    assert accounts_read(document) == expected
    assert regions_read(document) == {"us-east-1"}
    assert document["discovery"] == {"discovered": len(expected), "scanned": len(expected), "unreadable": 0}
    assert no_secret_shown(emulator, result.stdout, result.stderr)

    # A permission set the session does not have: every account unreadable, saying why.
    config = write_config(home, f"sso:\n  session: corp\n  roleName: Admin\n  regions: [us-east-1]\n"
                                f"  include: [\"payments-*\"]\n  endpoint: {emulator.endpoint}\n")
    result, document = scan_json(flagdeck_bin, home, config)
    assert result.returncode == 2
    assert {e["account"] for e in document["errors"]} == {"payments-prod", "payments-staging"}
    assert all("may not take role Admin" in e["message"] for e in document["errors"])
    assert document["discovery"] == {"discovered": 2, "scanned": 0, "unreadable": 2}


def test_discovery_that_fails_is_an_error_not_an_empty_fleet(flagdeck_bin, emulator, home):
    config = organization_config(home, emulator, profile="member")
    result = run(flagdeck_bin, home, "scan", "--config", config, "--format", "json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "cannot discover the accounts of organization (profile member)" in result.stderr
    assert "organizations:ListAccounts failed: AccessDeniedException" in result.stderr
    doctor = run(flagdeck_bin, home, "doctor", "--config", config)
    assert doctor.returncode == 1
    assert "FAIL: cannot discover the accounts of organization (profile member)" in doctor.stdout
    assert "management account or a delegated administrator" in doctor.stdout

    # An expired SSO login says how to log in again.
    cache = os.path.join(home["HOME"], ".aws", "sso", "cache", hashlib.sha1(b"corp").hexdigest() + ".json")
    with open(cache, "w") as f:
        json.dump({"accessToken": SSO_TOKEN, "expiresAt": "2001-01-01T00:00:00Z"}, f)
    config = write_config(home, f"sso:\n  session: corp\n  roleName: ReadOnly\n  regions: [us-east-1]\n"
                                f"  endpoint: {emulator.endpoint}\n")
    result = run(flagdeck_bin, home, "scan", "--config", config)
    assert result.returncode == 1
    assert "aws sso login --sso-session corp" in result.stderr
    assert no_secret_shown(emulator, result.stdout, result.stderr)


def test_init_organization_writes_a_config_that_scans(flagdeck_bin, emulator, home):
    path = os.path.join(home["HOME"], "init.yaml")
    init = run(flagdeck_bin, home, "init", "--organization", "org-admin", "--output", path)
    assert init.returncode == 0, init.stderr
    assert "flagdeck iam" in init.stdout
    text = open(path).read()
    assert "organization:\n  profile: org-admin" in text and "roleName: FlagDeckReader" in text
    assert "regions: all" in text
    # The emulator stands in for AWS: one line more, and a narrower scope for speed.
    text = text.replace("organization:\n", f"organization:\n  endpoint: {emulator.endpoint}\n", 1)
    text = text.replace('include: ["*"]', 'include: ["payments-prod"]', 1)
    with open(path, "w") as f:
        f.write(text)
    result, document = scan_json(flagdeck_bin, home, path)
    assert result.returncode == 0, result.stderr
    assert accounts_read(document) == {"payments-prod"}

    sso = run(flagdeck_bin, home, "init", "--sso", "corp", "--output", os.path.join(home["HOME"], "sso.yaml"))
    assert sso.returncode == 0, sso.stderr
    assert "session: corp" in open(os.path.join(home["HOME"], "sso.yaml")).read()


def test_the_store_keeps_the_listing_but_no_secret(flagdeck_bin, emulator, home):
    config = organization_config(home, emulator, regions="all", extra='  include: ["payments-prod"]\n')
    scan_json(flagdeck_bin, home, config)
    stats_before = emulator.stats()
    scan_json(flagdeck_bin, home, config)
    stats_after = emulator.stats()
    # Within the hour (regions: a day) the organization is not listed again.
    for operation in ("ListAccounts", "ListParents", "ListRegions"):
        assert stats_after.get(operation, 0) == stats_before.get(operation, 0), operation
    database = open(os.path.join(home["FLAGDECK_STATE_DIR"], "flagdeck.sqlite"), "rb").read()
    assert emulator.admin["payments-prod"]["accountId"].encode() in database
    assert not any(a["secretAccessKey"].encode() in database for a in emulator.admin.values())
    assert SSO_TOKEN.encode() not in database
