"""Organization discovery against `flagdeck emulator serve --seed synthetic:...` through boto3.

Every new emulator operation is called with boto3's organizations, account, sso and sts
clients (request shapes validated by botocore), and every successful answer is checked
against the botocore service model: no member the model lacks, types, enums and
patterns (ids, ARNs, paths) as modelled.

Secrets (keys, session tokens, the SSO token) are never printed: assertions about them
compare booleans.

Run:  swift build && python3 -m pytest -q integration/test_org_emulator.py
"""
import datetime
import json
import re
import secrets
import urllib.request

import boto3
import botocore
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from test_scan_cli import demo_emulator

ACCOUNTS = 12
SEED = f"synthetic:accounts={ACCOUNTS},regions=9,apps=1,envs=1,flags=2,versions=1"
# Passed as --sso-token=TOKEN: a random token starts with "-" about once in 64 runs,
# and "--sso-token -x..." would read as a missing value.
SSO_TOKEN = secrets.token_urlsafe(24)
OUTSIDER = {"key": "AKIDEMOOUTSIDER00001", "secret": "emulator-outsider-secret-0000000000001", "id": "123456789012"}
NO_RETRIES = Config(retries={"max_attempts": 1, "mode": "standard"})


@pytest.fixture(scope="module")
def emulator(flagdeck_bin):
    outsider = f"{OUTSIDER['key']}:{OUTSIDER['secret']}:{OUTSIDER['id']}"
    with demo_emulator(flagdeck_bin, "--seed", SEED, f"--sso-token={SSO_TOKEN}", "--credentials", outsider) as running:
        with urllib.request.urlopen(running.endpoint + "/_emulator/accounts", timeout=10) as response:
            running.admin = {a["name"]: a for a in json.load(response)}
        running.by_name = {a["name"]: a for a in running.accounts}
        yield running


def expect(ok, message):
    """An assertion pytest does not rewrite: the message is all it prints, never a value it did not name."""
    if not ok:
        raise AssertionError(message)


def check_shape(shape, value, where):
    """`value` (raw JSON) fits `shape` of the botocore model; sensitive values are never quoted."""
    kind = shape.type_name
    shown = "(sensitive)" if shape.metadata.get("sensitive") or kind != "string" else repr(value)
    if kind == "structure":
        expect(isinstance(value, dict), f"{where} is not an object")
        for key, member in value.items():
            expect(key in shape.members, f"{where}.{key} is not in the model")
            check_shape(shape.members[key], member, f"{where}.{key}")
    elif kind == "list":
        expect(isinstance(value, list), f"{where} is not a list")
        for i, item in enumerate(value):
            check_shape(shape.member, item, f"{where}[{i}]")
    elif kind == "string":
        expect(isinstance(value, str), f"{where} is not a string")
        expect(not shape.enum or value in shape.enum, f"{where}: {shown} not in {shape.enum}")
        pattern = shape.metadata.get("pattern")
        expect(not pattern or re.match(pattern, value), f"{where}: {shown} does not match {pattern}")
    elif kind in ("integer", "long"):
        expect(isinstance(value, int) and not isinstance(value, bool), f"{where} is not an integer")
    elif kind == "timestamp":
        expect(isinstance(value, (int, float)), f"{where}: JSON timestamps are epoch seconds")
    elif kind == "boolean":
        expect(isinstance(value, bool), f"{where} is not a boolean")


def strict(client):
    """Checks every successful raw JSON response of `client` against the model before botocore parses it."""
    def before_parse(operation_model, response_dict, **_):
        if response_dict["status_code"] < 300:
            try:
                body = json.loads(response_dict["body"] or b"{}")
            except ValueError:
                body = None
            expect(body is not None, f"{operation_model.name}: the response is not JSON")
            check_shape(operation_model.output_shape, body, operation_model.name)
    if client.meta.service_model.protocol in ("json", "rest-json"):
        client.meta.events.register("before-parse", before_parse)
    return client


def client(emulator, service, account=None, session=None):
    """A boto3 client of `service` at the emulator, as `account` (its keys) or `session` (temporary credentials)."""
    kwargs = {}
    if account is not None:
        kwargs = {"aws_access_key_id": account["key"], "aws_secret_access_key": account["secret"]}
    elif session is not None:
        kwargs = {"aws_access_key_id": session["AccessKeyId"], "aws_secret_access_key": session["SecretAccessKey"],
                  "aws_session_token": session["SessionToken"]}
    else:
        kwargs = {"config": NO_RETRIES.merge(Config(signature_version=botocore.UNSIGNED))}
    kwargs.setdefault("config", NO_RETRIES)
    return strict(boto3.client(service, endpoint_url=emulator.endpoint, region_name="us-east-1", **kwargs))


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def assume(emulator, account_id, role, as_account="management"):
    sts = client(emulator, "sts", emulator.by_name[as_account])
    return sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{role}", RoleSessionName="flagdeck-test")["Credentials"]


# --- the organization as the emulator reports it


def test_admin_accounts_describe_the_organization(emulator):
    admin = emulator.admin
    first = emulator.accounts[0]
    assert admin[first["name"]]["management"] is True
    assert [n for n, a in admin.items() if a.get("management")] == ["management"]
    assert [n for n, a in admin.items() if not a.get("readerRole", True)] == ["platform-shared"]
    assert [n for n, a in admin.items() if a.get("status") == "SUSPENDED"] == ["search-staging"]
    assert admin["payments-prod"]["ou"] == "Workloads/Prod"
    assert admin["payments-staging"]["ou"] == "Workloads/NonProd"
    assert admin["management"]["ou"] == "Root"
    assert {admin[n]["ou"] for n in admin if n.startswith("sandbox-")} == {"Sandbox"}
    assert len([n for n in admin if n.startswith("sandbox-")]) >= 2
    assert set(admin["payments-prod"]["roles"]) == {"FlagDeckReader", "OrganizationAccountAccessRole"}
    outsider = admin[OUTSIDER["id"]]
    assert set(outsider) == {"accountId", "name", "accessKeyId", "secretAccessKey", "regions"}  # not in the organization


# --- AWS Organizations (JSON 1.1)


def test_describe_organization(emulator):
    management = emulator.by_name["management"]
    org = client(emulator, "organizations", management).describe_organization()["Organization"]
    assert org["MasterAccountId"] == management["id"]
    assert org["FeatureSet"] == "ALL"
    # Any account of the organization may describe it.
    member = client(emulator, "organizations", emulator.by_name["payments-prod"]).describe_organization()["Organization"]
    assert member["Id"] == org["Id"]


def test_list_accounts_through_a_paginator(emulator):
    orgs = client(emulator, "organizations", emulator.by_name["management"])
    pages = list(orgs.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(p["Accounts"]) for p in pages] == [5, 5, 2]
    accounts = [a for p in pages for a in p["Accounts"]]
    assert [a["Id"] for a in accounts] == [a["id"] for a in emulator.accounts if a["id"] != OUTSIDER["id"]]
    assert all(isinstance(a["JoinedTimestamp"], datetime.datetime) for a in accounts)
    assert {a["Name"]: a["Status"] for a in accounts if a["Status"] != "ACTIVE"} == {"search-staging": "SUSPENDED"}
    assert all(a["State"] == a["Status"] for a in accounts)
    # Without MaxResults AWS pages by 20: all twelve at once.
    assert "NextToken" not in orgs.list_accounts()


def test_walk_the_tree(emulator):
    orgs = client(emulator, "organizations", emulator.by_name["management"])
    roots = orgs.list_roots()["Roots"]
    assert len(roots) == 1
    root = roots[0]["Id"]
    found, units = [], {}

    def walk(parent, path):
        for page in orgs.get_paginator("list_accounts_for_parent").paginate(ParentId=parent):
            found.extend((a["Name"], path) for a in page["Accounts"])
        for page in orgs.get_paginator("list_organizational_units_for_parent").paginate(ParentId=parent):
            for ou in page["OrganizationalUnits"]:
                units[ou["Id"]] = f"{path}/{ou['Name']}".lstrip("/")
                walk(ou["Id"], units[ou["Id"]])

    walk(root, "")
    assert sorted(units.values()) == ["Platform", "Sandbox", "Workloads", "Workloads/NonProd", "Workloads/Prod"]
    assert len(found) == ACCOUNTS
    assert all(emulator.admin[name]["ou"] == (path or "Root") for name, path in found)

    children = orgs.list_children(ParentId=root, ChildType="ACCOUNT")["Children"]
    assert children == [{"Id": emulator.by_name["management"]["id"], "Type": "ACCOUNT"}]
    prod = next(i for i, p in units.items() if p == "Workloads/Prod")
    workloads = next(i for i, p in units.items() if p == "Workloads")
    assert orgs.list_parents(ChildId=prod)["Parents"] == [{"Id": workloads, "Type": "ORGANIZATIONAL_UNIT"}]
    assert orgs.list_parents(ChildId=workloads)["Parents"] == [{"Id": root, "Type": "ROOT"}]
    member = emulator.by_name["payments-prod"]["id"]
    assert orgs.list_parents(ChildId=member)["Parents"] == [{"Id": prod, "Type": "ORGANIZATIONAL_UNIT"}]
    ous = orgs.list_children(ParentId=workloads, ChildType="ORGANIZATIONAL_UNIT")["Children"]
    assert {c["Id"] for c in ous} == {i for i, p in units.items() if p.startswith("Workloads/")}


def test_organizations_errors(emulator):
    orgs = client(emulator, "organizations", emulator.by_name["management"])
    with pytest.raises(orgs.exceptions.ParentNotFoundException):
        orgs.list_children(ParentId="ou-zzzz-zzzzzzzz", ChildType="ACCOUNT")
    with pytest.raises(orgs.exceptions.ChildNotFoundException):
        orgs.list_parents(ChildId="999999999999")
    with pytest.raises(orgs.exceptions.InvalidInputException) as bad_token:
        orgs.list_accounts(NextToken="not-a-token")
    assert bad_token.value.response["Reason"] == "INVALID_NEXT_TOKEN"


def test_member_accounts_are_denied(emulator):
    # A member's own credentials, and a role session in a member.
    member = client(emulator, "organizations", emulator.by_name["payments-prod"])
    with pytest.raises(member.exceptions.AccessDeniedException):
        member.list_accounts()
    session = assume(emulator, emulator.by_name["search-prod"]["id"], "FlagDeckReader")
    with pytest.raises(ClientError) as denied:
        client(emulator, "organizations", session=session).list_roots()
    assert error_code(denied) == "AccessDeniedException"


def test_account_outside_an_organization(emulator):
    outsider = client(emulator, "organizations", OUTSIDER)
    with pytest.raises(outsider.exceptions.AWSOrganizationsNotInUseException):
        outsider.describe_organization()
    with pytest.raises(outsider.exceptions.AWSOrganizationsNotInUseException):
        outsider.list_accounts()


# --- Account Management ListRegions (rest-json)


def regions(account_client, **kwargs):
    pages = account_client.get_paginator("list_regions").paginate(**kwargs)
    return {r["RegionName"]: r["RegionOptStatus"] for p in pages for r in p["Regions"]}


def test_list_regions(emulator):
    account = client(emulator, "account", emulator.by_name["management"])
    first = account.list_regions()
    assert len(first["Regions"]) == 20 and "NextToken" in first
    own = regions(account, PaginationConfig={"PageSize": 7})
    assert list(own.values()).count("ENABLED_BY_DEFAULT") == 17
    assert {"us-east-1", "eu-west-1", "ca-central-1", "sa-east-1", "ap-northeast-3"} <= {
        n for n, s in own.items() if s == "ENABLED_BY_DEFAULT"}
    assert [n for n, s in own.items() if s == "ENABLED"] == ["eu-south-1"]  # the seed's opt-in region
    assert {"af-south-1", "me-south-1", "ap-east-1", "il-central-1"} <= {n for n, s in own.items() if s == "DISABLED"}

    enabled = regions(account, RegionOptStatusContains=["ENABLED", "ENABLED_BY_DEFAULT"])
    assert set(enabled) == {n for n, s in own.items() if s != "DISABLED"}
    member = regions(account, AccountId=emulator.by_name["payments-prod"]["id"])
    assert member == own
    outsider = regions(client(emulator, "account", OUTSIDER), RegionOptStatusContains=["ENABLED"])
    assert outsider == {}
    assert account.get_region_opt_status(RegionName="eu-south-1")["RegionOptStatus"] == "ENABLED"


def test_list_regions_errors(emulator):
    account = client(emulator, "account", emulator.by_name["management"])
    with pytest.raises(account.exceptions.ValidationException):
        account.list_regions(AccountId=emulator.by_name["management"]["id"])
    member = client(emulator, "account", emulator.by_name["payments-prod"])
    with pytest.raises(member.exceptions.AccessDeniedException):
        member.list_regions(AccountId=emulator.by_name["search-prod"]["id"])
    with pytest.raises(account.exceptions.ValidationException):
        account.list_regions(NextToken="not-a-token")


# --- STS AssumeRole in an organization


def test_assume_role_in_members(emulator):
    payments = emulator.by_name["payments-prod"]["id"]
    reader = assume(emulator, payments, "FlagDeckReader")
    apps = client(emulator, "appconfig", session=reader).list_applications()["Items"]
    assert [a["Name"] for a in apps] == ["app-001"]
    assume(emulator, payments, "OrganizationAccountAccessRole")
    sts = client(emulator, "sts", emulator.by_name["management"])
    for account, role in [(payments, "AdministratorAccess"),
                          (emulator.by_name["platform-shared"]["id"], "FlagDeckReader"),  # the StackSet missed it
                          (emulator.by_name["search-staging"]["id"], "FlagDeckReader")]:  # suspended
        with pytest.raises(ClientError) as denied:
            sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="flagdeck-test")
        assert error_code(denied) == "AccessDenied", (account, role)
    assume(emulator, emulator.by_name["platform-shared"]["id"], "OrganizationAccountAccessRole")
    # Outside the organization any role name still works.
    assume(emulator, OUTSIDER["id"], "AnyRoleAtAll", as_account="payments-prod")


# --- IAM Identity Center portal (rest-json, bearer token)


def test_sso_portal_lists_accounts_and_roles(emulator):
    sso = client(emulator, "sso")
    pages = list(sso.get_paginator("list_accounts").paginate(accessToken=SSO_TOKEN, PaginationConfig={"PageSize": 4}))
    assert [len(p["accountList"]) for p in pages] == [4, 4, 4]
    listed = {a["accountName"]: a for p in pages for a in p["accountList"]}
    active = {n for n, a in emulator.admin.items() if a.get("status", "ACTIVE") == "ACTIVE"}
    assert set(listed) == active and "search-staging" not in listed
    assert listed["payments-prod"]["emailAddress"] == emulator.admin["payments-prod"]["email"]
    for name in ("management", "platform-shared", OUTSIDER["id"]):
        account_id = emulator.admin[name]["accountId"]
        roles = [r for p in sso.get_paginator("list_account_roles").paginate(accessToken=SSO_TOKEN, accountId=account_id)
                 for r in p["roleList"]]
        assert roles == [{"roleName": "FlagDeckReader", "accountId": account_id},
                         {"roleName": "ReadOnly", "accountId": account_id}]


def test_sso_credentials_work_against_appconfig(emulator):
    sso = client(emulator, "sso")
    account_id = emulator.by_name["platform-shared"]["id"]  # the SSO permission set exists even where the IAM role does not
    for role in ("FlagDeckReader", "ReadOnly"):
        rc = sso.get_role_credentials(accessToken=SSO_TOKEN, accountId=account_id, roleName=role)["roleCredentials"]
        looks_temporary = rc["accessKeyId"].startswith("ASIA") and bool(rc["secretAccessKey"]) and bool(rc["sessionToken"])
        assert looks_temporary, "GetRoleCredentials did not return temporary credentials"
        clock = json.load(urllib.request.urlopen(emulator.endpoint + "/_emulator/clock", timeout=10))
        now = datetime.datetime.fromisoformat(clock["now"].replace("Z", "+00:00"))
        expires_in = rc["expiration"] / 1000 - now.timestamp()  # epoch milliseconds
        assert 3500 < expires_in <= 3600
        session = {"AccessKeyId": rc["accessKeyId"], "SecretAccessKey": rc["secretAccessKey"], "SessionToken": rc["sessionToken"]}
        apps = client(emulator, "appconfig", session=session).list_applications()["Items"]
        assert [a["Name"] for a in apps] == ["app-001"]
        identity = client(emulator, "sts", session=session).get_caller_identity()
        assert identity["Account"] == account_id
        assert re.match(rf"arn:aws:sts::{account_id}:assumed-role/AWSReservedSSO_{role}_[0-9a-f]{{16}}/", identity["Arn"])


def test_sso_portal_refuses(emulator):
    sso = client(emulator, "sso")
    with pytest.raises(sso.exceptions.UnauthorizedException):
        sso.list_accounts(accessToken="not-the-token")
    with pytest.raises(sso.exceptions.UnauthorizedException):
        sso.get_role_credentials(accessToken="not-the-token", accountId=emulator.by_name["payments-prod"]["id"],
                                 roleName="FlagDeckReader")
    for account, role in [(emulator.by_name["payments-prod"]["id"], "AdministratorAccess"),
                          (emulator.by_name["search-staging"]["id"], "FlagDeckReader"),  # suspended
                          ("999999999999", "FlagDeckReader")]:
        with pytest.raises(ClientError) as refused:
            sso.get_role_credentials(accessToken=SSO_TOKEN, accountId=account, roleName=role)
        assert error_code(refused) == "ForbiddenException", (account, role)
