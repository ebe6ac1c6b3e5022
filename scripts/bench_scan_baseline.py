#!/usr/bin/env python3
"""The baseline for `scripts/bench_scan.py`: the fleet walk a user would write with boto3.

One account after another, one region after another, one call after another: the
same control-plane API flagdeck's scanner reads (identity, applications, deployment
strategies, environments, feature-flag profiles, hosted version lists, deployments,
each deployment's details, and every hosted version that is deployed or latest,
each fetched once). It prints what it found as one JSON line on stdout.

Input: a JSON file (argv[1]) like
    {"endpoint": "http://127.0.0.1:4590",
     "accounts": [{"name": ..., "key": ..., "secret": ..., "regions": [...]}, ...]}
"""
import json
import sys

import boto3
from botocore.config import Config


def paginate(client, operation, key, **kwargs):
    items = []
    for page in client.get_paginator(operation).paginate(**kwargs):
        items.extend(page.get(key, []))
    return items


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    endpoint = spec["endpoint"]
    config = Config(retries={"mode": "standard"})
    flags = environments = deployments = 0
    for account in spec["accounts"]:
        session = boto3.Session(aws_access_key_id=account["key"], aws_secret_access_key=account["secret"])
        sts = session.client("sts", region_name=account["regions"][0], endpoint_url=endpoint, config=config)
        sts.get_caller_identity()
        for region in account["regions"]:
            appconfig = session.client("appconfig", region_name=region, endpoint_url=endpoint, config=config)
            strategies = paginate(appconfig, "list_deployment_strategies", "Items")
            strategy_names = {s["Id"]: s.get("Name") for s in strategies}
            for app in paginate(appconfig, "list_applications", "Items"):
                envs = paginate(appconfig, "list_environments", "Items", ApplicationId=app["Id"])
                profiles = paginate(appconfig, "list_configuration_profiles", "Items", ApplicationId=app["Id"],
                                    Type="AWS.AppConfig.FeatureFlags")
                documents = {}

                def document(profile_id, version):
                    if (profile_id, version) not in documents:
                        response = appconfig.get_hosted_configuration_version(
                            ApplicationId=app["Id"], ConfigurationProfileId=profile_id, VersionNumber=version)
                        documents[(profile_id, version)] = json.loads(response["Content"].read())
                    return documents[(profile_id, version)]

                latest = {}
                for profile in profiles:
                    versions = paginate(appconfig, "list_hosted_configuration_versions", "Items",
                                        ApplicationId=app["Id"], ConfigurationProfileId=profile["Id"])
                    if versions:
                        latest[profile["Id"]] = max(v["VersionNumber"] for v in versions)
                        document(profile["Id"], latest[profile["Id"]])
                for env in envs:
                    environments += 1
                    served = {}
                    summaries = paginate(appconfig, "list_deployments", "Items", ApplicationId=app["Id"],
                                         EnvironmentId=env["Id"])
                    for summary in summaries:
                        deployments += 1
                        detail = appconfig.get_deployment(ApplicationId=app["Id"], EnvironmentId=env["Id"],
                                                          DeploymentNumber=summary["DeploymentNumber"])
                        profile_id = detail["ConfigurationProfileId"]
                        if profile_id not in latest or not detail["ConfigurationVersion"].isdigit():
                            continue
                        doc = document(profile_id, int(detail["ConfigurationVersion"]))
                        _ = strategy_names.get(detail.get("DeploymentStrategyId"))
                        if detail["State"] == "COMPLETE" and profile_id not in served:
                            served[profile_id] = doc  # newest first: the first COMPLETE is served
                    for doc in served.values():
                        flags += len(doc.get("values", {}))
    print(json.dumps({"environments": environments, "deployments": deployments, "servedFlagValues": flags}))


if __name__ == "__main__":
    main()
