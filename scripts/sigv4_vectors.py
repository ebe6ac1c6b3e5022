#!/usr/bin/env python3
"""Generate SigV4 test vectors for AWSCore from botocore's own signer.

Writes Tests/AWSCoreTests/Fixtures/sigv4_vectors.json. Each vector holds the
raw inputs (method, endpoint, wire path, raw query items, headers, body) and
botocore's canonical request, string-to-sign and Authorization header. The
Swift tests rebuild the same request and must produce byte-identical output.

The request handed to botocore is the one the Swift signer puts on the wire:
query encoded with botocore's percent_encode_sequence (in canonical order) and
X-Amz-Content-SHA256 set explicitly, since botocore only adds it for S3 and
the Swift side sends it on every request.

Usage: python3 scripts/sigv4_vectors.py [output-path]
"""
import base64
import datetime
import hashlib
import json
import os
import sys
from unittest import mock

import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode, percent_encode_sequence

# Obviously fake keys (the documented AWS example pair).
AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "FQoGZXIvYXdzEXAMPLE//token+with/slashes=="

FIXED = datetime.datetime(2026, 11, 21, 21, 1, 42)

ARN = "arn:aws:appconfig:us-east-1:123456789012:application/abc1234"


def vec(name, method, path, query=(), headers=(), body=b"", service="appconfig",
        region="us-east-1", endpoint="https://appconfig.us-east-1.amazonaws.com",
        token=None, when=FIXED):
    return dict(name=name, method=method, path=path, query=list(query),
                headers=list(headers), body=body, service=service, region=region,
                endpoint=endpoint, token=token, when=when)


CASES = [
    vec("get-list-applications", "GET", "/applications"),
    vec("get-pagination-token-special-chars", "GET",
        "/applications/abc1234/configurationprofiles",
        query=[("max_results", "50"), ("next_token", "a b/c+=d=="),
               ("type", "AWS.AppConfig.FeatureFlags")]),
    vec("get-session-token", "GET", "/applications/abc1234/configurationprofiles",
        query=[("max_results", "50"), ("next_token", "a b/c+=")], token=TOKEN),
    vec("post-json-body", "POST", "/applications/abc1234/environments/env5678/deployments",
        headers=[("Content-Type", "application/json")],
        body=json.dumps({"DeploymentStrategyId": "AppConfig.AllAtOnce",
                         "ConfigurationProfileId": "prof123",
                         "ConfigurationVersion": "7",
                         "Description": "disable flag"}).encode()),
    vec("post-hosted-version-headers", "POST",
        "/applications/abc1234/configurationprofiles/prof123/hostedconfigurationversions",
        headers=[("Content-Type", "application/json"),
                 ("Description", "  toggle   checkout_v2\toff  "),
                 ("Latest-Version-Number", "6"), ("VersionLabel", "v7")],
        body=b'{"flags":{},"values":{},"version":"1"}', token=TOKEN),
    vec("delete-deployment", "DELETE",
        "/applications/abc1234/environments/env5678/deployments/3"),
    vec("get-tags-arn-path", "GET", "/tags/" + percent_encode(ARN)),
    vec("path-with-spaces", "GET", "/applications/" + percent_encode("my app") + "/x"),
    vec("path-dot-segments-and-double-slash", "GET", "/applications//abc1234/./env/../profiles/"),
    vec("non-ascii-header-value", "POST", "/applications",
        headers=[("Content-Type", "application/json"),
                 ("Description", "Fl\u00e4gchen   \u2014 caf\u00e9 \u65e5\u672c")],
        body='{"Name":"caf\u00e9"}'.encode()),
    vec("repeated-query-keys", "GET", "/applications",
        query=[("tag", "b"), ("tag", "a"), ("Tag", "z"), ("a~b", "x y"), ("empty", "")]),
    vec("repeated-headers", "GET", "/applications",
        headers=[("X-Custom", "one"), ("x-custom", " two  three ")]),
    vec("unsigned-headers-ignored", "GET", "/applications",
        headers=[("User-Agent", "flagdeck/0.1"), ("X-Amzn-Trace-Id", "Root=1-abc"),
                 ("Expect", "100-continue")]),
    vec("endpoint-with-port", "GET", "/applications", query=[("max_results", "50")],
        endpoint="http://127.0.0.1:5000"),
    vec("endpoint-default-port-dropped", "GET", "/applications",
        endpoint="https://appconfig.eu-west-1.amazonaws.com:443", region="eu-west-1"),
    vec("sts-assume-role", "POST", "/", service="sts", region="us-east-1",
        endpoint="https://sts.us-east-1.amazonaws.com",
        headers=[("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
        body=percent_encode_sequence([
            ("Action", "AssumeRole"), ("Version", "2011-06-15"),
            ("RoleArn", "arn:aws:iam::111122223333:role/AppConfigReadOnly"),
            ("RoleSessionName", "flagdeck-user"), ("DurationSeconds", "3600"),
            ("ExternalId", "xyz+/=")]).encode()),
    vec("sts-get-caller-identity-session", "POST", "/", service="sts", region="eu-west-1",
        endpoint="https://sts.eu-west-1.amazonaws.com", token=TOKEN,
        headers=[("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
        body=b"Action=GetCallerIdentity&Version=2011-06-15"),
    vec("date-rollover-region-scope", "GET", "/deploymentstrategies", region="ap-southeast-2",
        endpoint="https://appconfig.ap-southeast-2.amazonaws.com",
        when=datetime.datetime(2027, 1, 1, 0, 0, 5)),
]


class RecordingSigV4Auth(SigV4Auth):
    def canonical_request(self, request):
        self.recorded_canonical = super().canonical_request(request)
        return self.recorded_canonical

    def string_to_sign(self, request, canonical_request):
        self.recorded_sts = super().string_to_sign(request, canonical_request)
        return self.recorded_sts


def canonical_query_order(query):
    encoded = [(percent_encode(k), percent_encode(v)) for k, v in query]
    return [(k, v) for (k, v) in sorted(encoded)]


def sign(case):
    body = case["body"]
    url = case["endpoint"] + case["path"]
    if case["query"]:
        # Same bytes the Swift side sends: encoded pairs in canonical order.
        url += "?" + "&".join(f"{k}={v}" for k, v in canonical_query_order(case["query"]))
    req = AWSRequest(method=case["method"], url=url, data=body)
    for k, v in case["headers"]:
        req.headers[k] = v  # HTTPHeaders appends: repeated headers stay repeated
    req.headers["X-Amz-Content-SHA256"] = hashlib.sha256(body).hexdigest()
    creds = Credentials(AKID, SECRET, case["token"])
    auth = RecordingSigV4Auth(creds, case["service"], case["region"])
    with mock.patch("botocore.auth.get_current_datetime", return_value=case["when"]):
        auth.add_auth(req)
    return {
        "name": case["name"],
        "service": case["service"],
        "region": case["region"],
        "endpoint": case["endpoint"],
        "method": case["method"],
        "path": case["path"],
        "query": [[k, v] for k, v in case["query"]],
        "headers": [[k, v] for k, v in case["headers"]],
        "bodyBase64": base64.b64encode(body).decode(),
        "accessKeyId": AKID,
        "secretAccessKey": SECRET,
        "sessionToken": case["token"],
        "epochSeconds": int(case["when"].replace(tzinfo=datetime.timezone.utc).timestamp()),
        "amzDate": req.headers["X-Amz-Date"],
        "url": url,
        "canonicalRequest": auth.recorded_canonical,
        "stringToSign": auth.recorded_sts,
        "authorization": req.headers["Authorization"],
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "Tests", "AWSCoreTests", "Fixtures", "sigv4_vectors.json")
    doc = {
        "generator": "scripts/sigv4_vectors.py",
        "botocore": botocore.__version__,
        "vectors": [sign(c) for c in CASES],
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(doc['vectors'])} vectors to {out}")


if __name__ == "__main__":
    main()
