#!/usr/bin/env python3
"""A checkout page whose Bitcoin option and its discount come from an AppConfig feature flag
(`checkout_bitcoin_payments`: enabled, discount_percent, label), read the way AWS recommends
for code that calls AppConfig directly: one AppConfigData session, GetLatestConfiguration
no more often than the service asks (NextPollIntervalInSeconds), the last configuration kept
when a poll returns nothing new. Standard library + boto3.

    python3 app.py --demo-dir DIR            # the folder `FLAGDECK_DEMO_DIR=DIR flagdeck demo` writes
    python3 app.py                           # plain AWS settings: AWS_ENDPOINT_URL_APPCONFIGDATA, keys, region

Then open http://127.0.0.1:8080/ and reload it after disabling the flag.
"""
import argparse
import html
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import botocore.exceptions

ORDER_TOTAL = 120.00


class FlagReader:
    """One AppConfigData session for one configuration profile, polled on demand."""

    def __init__(self, client, application, environment, profile, refresh=None):
        self.client = client
        self.target = dict(ApplicationIdentifier=application, EnvironmentIdentifier=environment,
                           ConfigurationProfileIdentifier=profile, RequiredMinimumPollIntervalInSeconds=15)
        self.refresh = refresh  # None: as often as AppConfig says (NextPollIntervalInSeconds)
        self.lock = threading.Lock()
        self.token = None
        self.flags = {}
        self.next_poll = 0.0

    def current(self):
        with self.lock:
            if time.monotonic() >= self.next_poll:
                self._poll()
            return self.flags

    def _poll(self):
        if self.token is None:
            self.token = self.client.start_configuration_session(**self.target)["InitialConfigurationToken"]
        try:
            answer = self.client.get_latest_configuration(ConfigurationToken=self.token)
        except self.client.exceptions.BadRequestException as e:
            if e.response.get("Details", {}).get("InvalidParameters", {}).get("ConfigurationToken", {}).get("Problem") \
                    == "PollIntervalNotSatisfied":
                self.next_poll = time.monotonic() + 1  # the token is still good: try again shortly
                return
            self.token = None  # expired or already used: start a new session next time
            raise
        self.token = answer["NextPollConfigurationToken"]
        body = answer["Configuration"].read()
        if body:  # empty: nothing changed since the last poll
            self.flags = json.loads(body)
        interval = answer["NextPollIntervalInSeconds"] if self.refresh is None else self.refresh
        self.next_poll = time.monotonic() + interval


def page(flag):
    """The checkout page for the flag as served (`{"enabled": ..., "discount_percent": ..., "label": ...}`)."""
    options = ['<li id="card">Credit card: $%.2f</li>' % ORDER_TOTAL, '<li id="paypal">PayPal: $%.2f</li>' % ORDER_TOTAL]
    if flag.get("enabled"):
        discount = float(flag.get("discount_percent", 0))
        label = html.escape(str(flag.get("label", "Bitcoin")))
        options.append('<li id="bitcoin">%s: $%.2f (%g%% off)</li>' % (label, ORDER_TOTAL * (1 - discount / 100), discount))
    return ("<!doctype html><html><head><meta charset='utf-8'><title>Checkout</title></head><body>"
            "<h1>Checkout</h1><p>Order total: $%.2f</p><h2>Pay with</h2><ul>%s</ul></body></html>"
            % (ORDER_TOTAL, "".join(options)))


def handler_for(reader, flag_key):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path not in ("/", "/checkout"):
                self.send_error(404, "Try /checkout")
                return
            try:
                flag = reader.current().get(flag_key, {"enabled": False})
                status, body = 200, page(flag)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                status, body = 503, "<h1>Checkout unavailable</h1><p>%s</p>" % html.escape(str(e))
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass
    return Handler


def client_from(args):
    """A boto3 `appconfigdata` client: from the demo's emulator.json, or from the usual AWS settings."""
    if not args.demo_dir:
        return boto3.client("appconfigdata")
    path = os.path.join(args.demo_dir, "emulator.json")
    try:
        with open(path) as f:
            info = json.load(f)
    except OSError as e:
        sys.exit(f"checkout-app: cannot read {path} ({e.strerror}): start `FLAGDECK_DEMO_DIR={args.demo_dir} flagdeck demo` first")
    account = next((a for a in info["accounts"] if a["name"] == args.account), None)
    if account is None:
        sys.exit(f"checkout-app: no account {args.account} in {path} (accounts: {', '.join(a['name'] for a in info['accounts'])})")
    os.environ["AWS_ENDPOINT_URL_APPCONFIGDATA"] = info.get("dataPlaneEndpoint", info["endpoint"])
    session = boto3.session.Session(aws_access_key_id=account["accessKeyId"], aws_secret_access_key=account["secretAccessKey"],
                                    region_name=args.region)
    return session.client("appconfigdata")


def main():
    p = argparse.ArgumentParser(description="Checkout page driven by an AppConfig feature flag.")
    p.add_argument("--demo-dir", help="folder of a running `flagdeck demo` (FLAGDECK_DEMO_DIR): endpoint and fake keys")
    p.add_argument("--account", default="payments-staging", help="demo account to read as (with --demo-dir)")
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--application", default="checkout")
    p.add_argument("--environment", default="staging")
    p.add_argument("--profile", default="feature-flags")
    p.add_argument("--flag", default="checkout_bitcoin_payments")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--refresh", type=float, help="seconds between polls (default: NextPollIntervalInSeconds)")
    args = p.parse_args()
    reader = FlagReader(client_from(args), args.application, args.environment, args.profile, refresh=args.refresh)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(reader, args.flag))
    print(f"checkout-app: http://127.0.0.1:{server.server_address[1]}/checkout "
          f"({args.application}/{args.environment}/{args.profile}, flag {args.flag})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
