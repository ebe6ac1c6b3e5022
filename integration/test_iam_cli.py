"""`flagdeck iam` end to end: the built binary's policies are IAM JSON, and its StackSet
template is a CloudFormation template (parsed as YAML and as JSON, the two the same;
checked by cfn-lint, which moto[server] brings).

Run:  FLAGDECK_BIN=/path/to/flagdeck python3 -m pytest -q integration/test_iam_cli.py
"""
import json
import re
import subprocess

import pytest
import yaml

from moto_support import clean_environment

TRUST = "arn:aws:iam::111122223333:role/OrgAdmin"


def iam(flagdeck_bin, isolated_home, *args):
    return subprocess.run([flagdeck_bin, "iam", *args], env=clean_environment(**isolated_home),
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=60)


def ok(result):
    assert result.returncode == 0, result.stderr
    return result.stdout


def actions(policy):
    assert policy["Version"] == "2012-10-17"
    assert isinstance(policy["Statement"], list) and policy["Statement"]
    found = []
    for s in policy["Statement"]:
        assert s["Effect"] == "Allow"
        assert isinstance(s["Resource"], str)
        found += s["Action"]
    return set(found)


def test_policies(flagdeck_bin, isolated_home):
    read = actions(json.loads(ok(iam(flagdeck_bin, isolated_home, "read-only"))))
    assert {"appconfig:ListApplications", "appconfig:GetHostedConfigurationVersion", "appconfig:GetDeployment",
            "cloudtrail:LookupEvents", "account:ListRegions"} <= read
    assert not any(a.split(":")[1].startswith(("Create", "Start", "Stop", "Update", "Delete")) for a in read)

    toggle = actions(json.loads(ok(iam(flagdeck_bin, isolated_home, "toggle"))))
    assert toggle - read == {"appconfig:CreateHostedConfigurationVersion", "appconfig:StartDeployment",
                             "appconfig:StopDeployment"}

    organization = json.loads(ok(iam(flagdeck_bin, isolated_home, "organization", "--role-name", "Reader")))
    assert {"organizations:ListAccounts", "organizations:DescribeOrganization", "account:ListRegions",
            "sts:AssumeRole"} <= actions(organization)
    assume = [s for s in organization["Statement"] if s["Action"] == ["sts:AssumeRole"]]
    assert [s["Resource"] for s in assume] == ["arn:aws:iam::*:role/Reader"]


def check_template(template, role_name, trust):
    assert template["AWSTemplateFormatVersion"] == "2010-09-09"
    parameters = template["Parameters"]
    assert parameters["RoleName"]["Default"] == role_name
    assert parameters["TrustedPrincipals"]["Type"] == "CommaDelimitedList"
    assert parameters["TrustedPrincipals"].get("Default") == (",".join(trust) if trust else None)
    roles = [r for r in template["Resources"].values() if r["Type"] == "AWS::IAM::Role"]
    assert len(roles) == 1
    properties = roles[0]["Properties"]
    assert properties["RoleName"] == {"Ref": "RoleName"}
    (statement,) = properties["AssumeRolePolicyDocument"]["Statement"]
    assert statement == {"Effect": "Allow", "Principal": {"AWS": {"Ref": "TrustedPrincipals"}},
                         "Action": "sts:AssumeRole"}
    (inline,) = properties["Policies"]
    return inline["PolicyDocument"]


@pytest.mark.parametrize("args, role_name, trust", [
    ((), "FlagDeckReader", []),
    (("--role-name", "AuditReader", "--trust", TRUST, "--trust", "444455556666"), "AuditReader",
     [TRUST, "444455556666"]),
])
def test_stackset_template(flagdeck_bin, isolated_home, args, role_name, trust):
    text = ok(iam(flagdeck_bin, isolated_home, "stackset", *args))
    assert text.startswith("# flagdeck reader role")
    assert "--permission-model SERVICE_MANAGED" in text and "--auto-deployment Enabled=true" in text
    assert ("ParameterKey=TrustedPrincipals" in text) == (not trust)
    template = yaml.safe_load(text)   # long-form intrinsics only: no !Ref / !Sub tags
    inline = check_template(template, role_name, trust)
    assert inline == json.loads(ok(iam(flagdeck_bin, isolated_home, "read-only")))

    as_json = json.loads(ok(iam(flagdeck_bin, isolated_home, "stackset", "--format", "json", *args)))
    assert as_json == template

    cfnlint = pytest.importorskip("cfnlint.api")
    problems = cfnlint.lint(text, regions=["us-east-1"])
    assert not problems, "\n".join(str(p) for p in problems)


def test_everything_by_default(flagdeck_bin, isolated_home):
    text = ok(iam(flagdeck_bin, isolated_home, "--trust", TRUST))
    # Each part under its own `# NAME: ...` header line, in this order.
    parts = re.split(r"^# (read-only|toggle|organization|stackset): .*\n", text, flags=re.MULTILINE)
    assert parts[0] == ""
    names, bodies = parts[1::2], parts[2::2]
    assert names == ["read-only", "toggle", "organization", "stackset"]
    for name, body in zip(names[:3], bodies[:3]):
        assert json.loads(body) == json.loads(ok(iam(flagdeck_bin, isolated_home, name))), name
    assert yaml.safe_load(bodies[3]) == yaml.safe_load(ok(iam(flagdeck_bin, isolated_home, "stackset", "--trust", TRUST)))
    check_template(yaml.safe_load(bodies[3]), "FlagDeckReader", [TRUST])


@pytest.mark.parametrize("args", [
    ("stackset", "--trust", "arn:aws:s3:::bucket"),
    ("stackset", "--role-name", "a/b"),
    ("read-only", "--format", "yaml"),
    ("everything",),
])
def test_usage_errors(flagdeck_bin, isolated_home, args):
    result = iam(flagdeck_bin, isolated_home, *args)
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Error" in result.stderr or "error" in result.stderr
