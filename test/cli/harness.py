"""Plumbing shared by the CLI suite: the server that run.py started, boto3
clients, the real `aws` CLI as a subprocess, and raw HTTP.

Every test reaches connect-local only through CONNECT_LOCAL_ENDPOINT, so the
suite runs unchanged against the binary in any storage mode.
"""

import functools
import http.client
import json
import os
import random
import shutil
import subprocess
import tempfile
import threading
import unittest
import urllib.parse
import uuid

import boto3
import botocore.config
from botocore.exceptions import ClientError

REGION = "us-east-1"
KEY = "test"  # not an account id: the default account 000000000000


def endpoint():
    ep = os.environ.get("CONNECT_LOCAL_ENDPOINT")
    if not ep:
        raise RuntimeError("CONNECT_LOCAL_ENDPOINT is not set; run the suite with test/cli/run.py")
    return ep


def in_ci():
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def unique(prefix):
    """A name no other test (or earlier run on the same data dir) uses."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def new_account():
    """A 12-digit access key, which connect-local takes as the account id,
    so a test can count what it lists without seeing other tests' work."""
    return "9" + "".join(random.choice("0123456789") for _ in range(11))


def _require_request_id(http_response, **_):
    # Registered on every client: each response, success or error, must
    # carry x-amzn-RequestId (botocore's headers are case-insensitive).
    if not http_response.headers.get("x-amzn-RequestId"):
        raise AssertionError(f"response {http_response.status_code} has no x-amzn-RequestId header")


_session = boto3.session.Session()
_session_lock = threading.Lock()  # run.py runs test files on threads; making clients is not thread-safe


def client(region=REGION, key=KEY, validate=True, ep=None):
    """A boto3 Connect client (of the suite's server, or of the one at ep).
    validate=False turns off botocore's own parameter checks so bad input
    reaches the server."""
    with _session_lock:
        return _client(region, key, validate, ep)


@functools.lru_cache(maxsize=None)
def _client(region, key, validate, ep):
    c = _session.client(
        "connect",
        endpoint_url=ep or endpoint(),
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key="test",
        config=botocore.config.Config(
            parameter_validation=validate,
            retries={"mode": "standard", "max_attempts": 1},
            connect_timeout=5,
            read_timeout=30,
        ),
    )
    c.meta.events.register("after-call.connect", _require_request_id)
    return c


def new_instance(c=None, alias=None):
    """Creates an instance through boto3 and returns its Id."""
    c = c or client()
    out = c.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=alias or unique("inst"),
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )
    return out["Id"]


class CLIResult:
    def __init__(self, proc):
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    def json(self):
        return json.loads(self.stdout) if self.stdout.strip() else {}


def aws_path():
    return shutil.which("aws")


def aws(*args, region=REGION, key=KEY):
    """Runs `aws connect ARGS` against connect-local with JSON output."""
    exe = aws_path()
    if exe is None:
        raise AssertionError("the aws CLI is not on PATH")
    env = dict(
        os.environ,
        AWS_ACCESS_KEY_ID=key,
        AWS_SECRET_ACCESS_KEY="test",
        AWS_MAX_ATTEMPTS="1",
        AWS_RETRY_MODE="standard",
        AWS_PAGER="",
    )
    env.pop("AWS_PROFILE", None)
    cmd = [exe, "connect", *args, "--endpoint-url", endpoint(), "--region", region, "--output", "json"]
    return CLIResult(subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60))


class TestCase(unittest.TestCase):
    """Adds CLI and AWS-error assertions."""

    def setUp(self):
        if aws_path() is None and not in_ci():
            self.skipTest("the aws CLI is not installed (CI fails instead of skipping)")

    def cli(self, *args, **kw):
        """Runs the CLI, asserts success and returns the parsed output."""
        r = aws(*args, **kw)
        if r.returncode != 0:
            self.fail(f"aws connect {' '.join(args)} exited {r.returncode}: {r.stderr.strip()}")
        return r.json()

    def cli_error(self, code, *args, **kw):
        """Runs the CLI, asserts it failed with the AWS error code."""
        r = aws(*args, **kw)
        self.assertNotEqual(r.returncode, 0, f"aws connect {' '.join(args)} succeeded: {r.stdout}")
        self.assertIn(f"({code})", r.stderr)
        return r.stderr

    def assertAWSError(self, code, status, fn, *args, **kwargs):
        """Asserts fn(*args, **kwargs) raises the AWS error code with HTTP
        status, and returns its message."""
        with self.assertRaises(ClientError) as cm:
            fn(*args, **kwargs)
        resp = cm.exception.response
        self.assertEqual(resp["Error"]["Code"], code, resp)
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], status, resp)
        self.assertTrue(resp["ResponseMetadata"].get("RequestId"), "error has no request id")
        return resp["Error"].get("Message", "")


def raw(method, path, body=None, headers=None):
    """Sends an unsigned HTTP request; returns (status, headers, body bytes)."""
    u = urllib.parse.urlsplit(endpoint())
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def raw_json(method, path, body=None, ep=None):
    """Sends a JSON request (to the local API, say); returns (status, decoded body)."""
    u = urllib.parse.urlsplit(ep or endpoint())
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        data = None if body is None else json.dumps(body)
        conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        b = resp.read()
        return resp.status, (json.loads(b) if b.strip() else {})
    finally:
        conn.close()


def start_server(clock="virtual"):
    """Starts a connect-local of the test's own (in the suite's storage
    mode) and returns it; stop it with stop_server. For tests that move a
    virtual clock, which is one for the whole server."""
    from run import Server  # the same start-up and health checks as the suite's server

    binary, mode = os.environ.get("CONNECT_LOCAL_BINARY"), os.environ.get("CONNECT_LOCAL_MODE", "memory")
    if not binary:
        raise RuntimeError("CONNECT_LOCAL_BINARY is not set; run the suite with test/cli/run.py")
    workdir = tempfile.TemporaryDirectory(prefix=f"connect-local-{clock}-")
    srv = Server(binary, mode, workdir.name, clock=clock)
    srv.tmp = workdir
    srv.start()
    return srv


def stop_server(srv):
    """SIGTERM; raises unless the server exited 0."""
    try:
        status = srv.stop()
        if status != 0:
            raise AssertionError(f"server exited {status} after SIGTERM:\n{srv.log_tail()}")
    finally:
        srv.tmp.cleanup()


# Fixtures shared by the resource families.

def qcfg(queue, channel, priority=1, delay=0):
    return {"QueueReference": {"QueueId": queue, "Channel": channel}, "Priority": priority, "Delay": delay}


def qref(queue, channel):
    return {"QueueId": queue, "Channel": channel}


VOICE_ONLY = [{"Channel": "VOICE", "Concurrency": 1}]


class Center:
    """A new instance (through boto3) and the IDs of the defaults real
    Connect creates with it."""

    def __init__(self, c=None):
        self.c = c or client()
        self.iid = new_instance(self.c)
        self.arn = self.c.describe_instance(InstanceId=self.iid)["Instance"]["Arn"]
        rp = self.c.list_routing_profiles(InstanceId=self.iid)["RoutingProfileSummaryList"]
        self.basic_profile = next(p["Id"] for p in rp if p["Name"] == "Basic Routing Profile")
        q = self.c.list_queues(InstanceId=self.iid, QueueTypes=["STANDARD"])["QueueSummaryList"]
        self.basic_queue, self.basic_queue_arn = q[0]["Id"], q[0]["Arn"]
        hs = self.c.list_hours_of_operations(InstanceId=self.iid)["HoursOfOperationSummaryList"]
        self.basic_hours = hs[0]["Id"]
        sps = self.c.list_security_profiles(InstanceId=self.iid)["SecurityProfileSummaryList"]
        self.security_profiles = {s["Name"]: s for s in sps}
        self.agent_sp = self.security_profiles["Agent"]["Id"]

    def res_arn(self, kind, rid):
        return f"{self.arn}/{kind}/{rid}"

    def queue(self, name):
        out = self.c.create_queue(InstanceId=self.iid, Name=name, HoursOfOperationId=self.basic_hours)
        return out["QueueId"], out["QueueArn"]

    def profile(self, name, *cfgs, concurrencies=VOICE_ONLY):
        kw = {"QueueConfigs": list(cfgs)} if cfgs else {}
        return self.c.create_routing_profile(
            InstanceId=self.iid, Name=name, Description=name, DefaultOutboundQueueId=self.basic_queue,
            MediaConcurrencies=concurrencies, **kw)["RoutingProfileId"]

    def user(self, username, profile=None, auto_accept=False, acw=0, **kw):
        return self.c.create_user(
            InstanceId=self.iid, Username=username, RoutingProfileId=profile or self.basic_profile,
            SecurityProfileIds=[self.agent_sp],
            PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": auto_accept, "AfterContactWorkTimeLimit": acw},
            **kw)["UserId"]

    def describe_user(self, uid):
        return self.c.describe_user(InstanceId=self.iid, UserId=uid)["User"]

    def describe_profile(self, pid):
        return self.c.describe_routing_profile(InstanceId=self.iid, RoutingProfileId=pid)["RoutingProfile"]

    def profile_queues(self, pid):
        """Every queue config of a profile, keyed "queue/channel"."""
        out = {}
        for page in self.c.get_paginator("list_routing_profile_queues").paginate(InstanceId=self.iid, RoutingProfileId=pid):
            for s in page["RoutingProfileQueueConfigSummaryList"]:
                out[f"{s['QueueId']}/{s['Channel']}"] = s
        return out
