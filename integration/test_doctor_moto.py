"""`flagdeck doctor` (and `flagdeck init`) against a real moto server with SigV4 checks on.

Two accounts: the IAM user's own (a profile with its keys) and a role in another
account (a profile with role_arn + source_profile). moto 5.2 does not implement
AppConfig's ListApplications (`GET /applications` answers 500), so doctor must
report that check as failed, explained, with exit code 1, while the identity
checks pass.

Run:  FLAGDECK_BIN=/path/to/flagdeck python3 -m pytest -q integration/test_doctor_moto.py
"""
import os
import re
import stat
import subprocess

import pytest

from moto_support import (ACCOUNT, OTHER_ACCOUNT, ROLE_ARN, USER_ARN, clean_environment,
                          create_user_and_role, moto_server)

# Anything shaped like a secret key or session token: long runs of base64 characters.
SECRET_SHAPED = re.compile(r"[A-Za-z0-9/+=]{40,}")
# moto's session tokens start like AWS's.
MOTO_TOKEN_PREFIX = "FQoGZXIvYXdz"


@pytest.fixture(scope="module")
def moto(tmp_path_factory):
    with moto_server(tmp_path_factory.mktemp("moto") / "moto.log") as url:
        yield url


@pytest.fixture(scope="module")
def keys(moto):
    return create_user_and_role(moto)


@pytest.fixture
def home(isolated_home, moto, keys):
    """AWS files with a key profile, a role profile and a profile with a wrong secret."""
    with open(isolated_home["AWS_SHARED_CREDENTIALS_FILE"], "w") as f:
        f.write(f"[reader]\naws_access_key_id = {keys.access_key_id}\naws_secret_access_key = {keys.secret}\n\n"
                f"[broken]\naws_access_key_id = {keys.access_key_id}\n"
                f"aws_secret_access_key = {'x' * 40}\n")
    with open(isolated_home["AWS_CONFIG_FILE"], "w") as f:
        # endpoint_url: the role profile's own AssumeRole goes to moto, as the SDKs would send it.
        f.write(f"[profile reader]\nregion = us-east-1\n\n"
                f"[profile other]\nrole_arn = {ROLE_ARN}\nsource_profile = reader\nregion = us-east-1\n"
                f"endpoint_url = {moto}\n\n"
                f"[profile broken]\nregion = eu-west-1\n")
    return isolated_home


def write_config(home, text):
    path = os.path.join(home["HOME"], "flagdeck.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def run(flagdeck_bin, args, home, **extra_env):
    env = clean_environment(**home, **extra_env)
    return subprocess.run([flagdeck_bin, *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=180)


def rows(stdout):
    """Table rows by (account, region), split on runs of 2+ spaces."""
    lines = stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("ACCOUNT  "))
    result = {}
    for line in lines[header + 1:]:
        if not line.strip():
            break
        cells = re.split(r"\s{2,}", line.strip())
        result[(cells[0], cells[1])] = cells
    return result


def problems(stdout):
    """The explanation lines under the table: '  account region: sentence'."""
    return [line.strip() for line in stdout.splitlines() if line.startswith("  ") and ": " in line]


def assert_one_sentence(problem):
    text = problem.split(": ", 1)[1]
    assert text.endswith("."), problem
    assert ". " not in text[:-1], f"more than one sentence: {problem}"
    assert text[0].isupper(), problem


def assert_no_secret(result, keys, *extra):
    output = result.stdout + result.stderr
    for secret in (keys.secret, *extra):
        assert secret not in output
    assert MOTO_TOKEN_PREFIX not in output
    assert not SECRET_SHAPED.search(output), SECRET_SHAPED.search(output).group(0)


def test_doctor_shows_both_accounts(flagdeck_bin, home, moto, keys):
    config = write_config(home, f"""
accounts:
  - name: hub
    profile: reader
    regions: [us-east-1, eu-west-1]
    endpoint: {moto}
  - name: other
    profile: other
    regions: [us-east-1]
    endpoint: {moto}
  - name: other-by-config
    profile: reader
    roleArn: {ROLE_ARN}
    regions: [eu-west-1]
    endpoint: {moto}
""")
    result = run(flagdeck_bin, ["doctor", "--config", config], home)
    print(result.stdout, result.stderr)
    assert_no_secret(result, keys)
    table = rows(result.stdout)
    assert set(table) == {("hub", "us-east-1"), ("hub", "eu-west-1"), ("other", "us-east-1"),
                          ("other-by-config", "eu-west-1")}
    for region in ("us-east-1", "eu-west-1"):
        hub = table[("hub", region)]
        assert hub[2] == "profile reader (shared credentials file)"
        assert hub[3] == ACCOUNT
        assert hub[4] == USER_ARN
        assert hub[5] == "failed"   # moto has no ListApplications
        assert hub[6] == "-", "no profiles counted where AppConfig fails"
        assert hub[8] == "FAIL"
    other = table[("other", "us-east-1")]
    assert other[2] == f"assume-role {ROLE_ARN} via profile reader"
    assert other[3] == OTHER_ACCOUNT
    assert other[4].startswith(f"arn:aws:sts::{OTHER_ACCOUNT}:assumed-role/FlagDeckReader/")
    assert other[5] == "failed"
    assert re.fullmatch(r"\d+\.\d\ds", other[7])
    # The same role, assumed because the flagdeck config says so rather than the profile.
    by_config = table[("other-by-config", "eu-west-1")]
    assert by_config[2] == f"assume-role {ROLE_ARN} via profile reader"
    assert by_config[3] == OTHER_ACCOUNT
    assert by_config[4].startswith(f"arn:aws:sts::{OTHER_ACCOUNT}:assumed-role/FlagDeckReader/")

    found = problems(result.stdout)
    assert len(found) == 4, found
    for problem in found:
        assert "AppConfig ListApplications failed" in problem
        assert "server error" in problem and "endpoint" in problem
        assert_one_sentence(problem)
    assert "4 of 4 failed:" in result.stdout
    assert result.returncode == 1


def test_wrong_secret_is_explained(flagdeck_bin, home, moto, keys):
    config = write_config(home, f"""
accounts:
  - name: broken
    profile: broken
    regions: [eu-west-1]
    endpoint: {moto}
""")
    result = run(flagdeck_bin, ["doctor", "--config", config], home)
    print(result.stdout, result.stderr)
    assert_no_secret(result, keys, "x" * 40)
    row = rows(result.stdout)[("broken", "eu-west-1")]
    assert row[3] == "failed" and row[4] == "-"
    # Both calls fail for the same reason: one sentence names both.
    found = problems(result.stdout)
    assert len(found) == 1, found
    assert found[0].startswith("broken eu-west-1: STS GetCallerIdentity and AppConfig ListApplications "
                               "both failed (SignatureDoesNotMatch, HTTP 403): ")
    assert "check the secret key of profile broken" in found[0]
    assert_one_sentence(found[0])
    assert result.returncode == 1


def test_unreachable_endpoint_is_explained(flagdeck_bin, home, keys):
    config = write_config(home, """
accounts:
  - name: nowhere
    profile: reader
    regions: [us-east-1]
    endpoint: http://127.0.0.1:9
""")
    result = run(flagdeck_bin, ["doctor", "--config", config], home, AWS_MAX_ATTEMPTS="1")
    print(result.stdout, result.stderr)
    found = problems(result.stdout)
    assert len(found) == 1, found
    assert "both failed (connection failed): nothing answers at http://127.0.0.1:9; " \
        "check `endpoint` of account nowhere" in found[0]
    assert_one_sentence(found[0])
    assert result.returncode == 1


def test_no_configuration_says_where_it_looked(flagdeck_bin, isolated_home):
    result = run(flagdeck_bin, ["doctor"], isolated_home)
    assert result.returncode == 1
    expected = os.path.join(isolated_home["XDG_CONFIG_HOME"], "flagdeck", "config.yaml")
    assert expected in result.stderr
    assert "`flagdeck init`" in result.stderr and "`flagdeck demo`" in result.stderr


def test_configuration_errors_are_all_listed(flagdeck_bin, home):
    config = write_config(home, "accounts:\n  - name: a\n    regions: [useast1]\nrefresh_seconds: 5\n")
    result = run(flagdeck_bin, ["doctor", "--config", config], home)
    assert result.returncode == 1
    assert f'{config}:3:15: accounts[0].regions[0]: "useast1" is not an AWS region name (like us-east-1)' \
        in result.stderr
    assert f'{config}:4:1: unknown key "refresh_seconds" (did you mean "refreshSeconds"?)' in result.stderr
    assert "2 problems in" in result.stderr


def test_init_writes_a_private_starter_that_doctor_uses(flagdeck_bin, home, moto, keys):
    result = run(flagdeck_bin, ["init"], home)
    print(result.stdout, result.stderr)
    assert result.returncode == 0
    path = os.path.join(home["XDG_CONFIG_HOME"], "flagdeck", "config.yaml")
    assert f"Wrote {path} with 3 accounts" in result.stdout
    assert "flagdeck doctor" in result.stdout
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    text = open(path).read()
    assert "  - name: other\n    profile: other  # assumes " + ROLE_ARN in text
    assert keys.secret not in text and keys.access_key_id not in text

    again = run(flagdeck_bin, ["init"], home)
    assert again.returncode != 0
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert open(path).read() == text
    assert run(flagdeck_bin, ["init", "--force"], home).returncode == 0

    # The starter has no endpoints: send everything to moto the way the SDKs allow.
    doctor = run(flagdeck_bin, ["doctor"], home, AWS_ENDPOINT_URL=moto)
    print(doctor.stdout, doctor.stderr)
    assert_no_secret(doctor, keys)
    table = rows(doctor.stdout)
    assert table[("reader", "us-east-1")][3] == ACCOUNT
    assert table[("other", "us-east-1")][3] == OTHER_ACCOUNT
    assert table[("broken", "eu-west-1")][3] == "failed"
    assert doctor.returncode == 1


def test_init_without_profiles(flagdeck_bin, isolated_home, tmp_path):
    out = str(tmp_path / "deep" / "dir" / "flagdeck.yaml")
    result = run(flagdeck_bin, ["init", "--output", out], isolated_home)
    assert result.returncode == 0
    assert "No AWS profiles found" in result.stdout
    assert "accounts: []" in open(out).read()
    doctor = run(flagdeck_bin, ["doctor", "--config", out], isolated_home)
    assert doctor.returncode == 1
    assert "lists no accounts" in doctor.stderr
