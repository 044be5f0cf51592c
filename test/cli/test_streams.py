"""Data out (issue 17), end to end against the built binary and moto's
server as the Kinesis and EventBridge endpoint: storage configured through
boto3, contacts run through the engine, and what arrives read back with
boto3 — one contact record per contact that matches DescribeContact, agent
events that replay into the states GetCurrentUserData shows, contact events
in order on an EventBridge rule's SQS target. Then the endpoint goes down,
more contacts run, the server is killed with SIGKILL while the records wait,
and both come back: every record arrives, none reordered per key. (That
delivery resumes by itself when an endpoint returns while the server runs
is internal/outbox's TestDeliveryResumesWhenTheEndpointReturns.)

moto (`python3 -m pip install 'moto[server]'`) is needed; without it the
module is skipped with that message (and .ci/run installs it).
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import boto3

from harness import Center, TestCase, client, raw_json

try:
    import moto  # noqa: F401
    HAVE_MOTO = True
except ImportError:
    HAVE_MOTO = False

REGION = "us-east-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, proc, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer in {timeout}s")


class Moto:
    """moto's server on 127.0.0.1 (all services on one port)."""

    def __init__(self, port, workdir):
        self.port, self.workdir = port, workdir
        self.url = f"http://127.0.0.1:{port}"
        self.proc = None

    def start(self):
        log = open(os.path.join(self.workdir, "moto.log"), "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                     stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        wait_http(self.url + "/moto-api/", self.proc)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)

    def client(self, service):
        return boto3.session.Session().client(service, endpoint_url=self.url, region_name=REGION,
                                              aws_access_key_id="test", aws_secret_access_key="test")


class ConnectLocal:
    """A connect-local of the test's own, on a virtual clock and a data dir
    that outlives a kill."""

    def __init__(self, workdir, moto_url, extra=()):
        self.binary = os.environ.get("CONNECT_LOCAL_BINARY")
        if not self.binary:
            raise RuntimeError("CONNECT_LOCAL_BINARY is not set; run the suite with test/cli/run.py")
        self.workdir, self.moto_url, self.extra = workdir, moto_url, list(extra)
        self.proc = None

    def start(self):
        port = free_port()
        self.endpoint = f"http://127.0.0.1:{port}"
        log = open(os.path.join(self.workdir, "server.log"), "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--addr", f"127.0.0.1:{port}", "--clock", "virtual",
             "--data-dir", os.path.join(self.workdir, "data"),
             "--kinesis-endpoint", self.moto_url, "--eventbridge-endpoint", self.moto_url,
             "--stream-credentials", "test:test"] + self.extra,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        wait_http(self.endpoint + "/_local/health", self.proc)

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            return self.proc.wait(timeout=30)
        return self.proc.returncode if self.proc else None


def read_stream(kinesis, name):
    """Every record of a one-shard stream, decoded, in order."""
    shard = kinesis.list_shards(StreamName=name)["Shards"][0]["ShardId"]
    it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    out = []
    while it:
        page = kinesis.get_records(ShardIterator=it, Limit=1000)
        out += [(r["PartitionKey"], json.loads(r["Data"])) for r in page["Records"]]
        if not page["Records"]:
            break
        it = page.get("NextShardIterator")
    return out


def drain_sqs(sqs, url):
    out = []
    while True:
        msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if not msgs:
            return out
        for m in msgs:
            out.append(json.loads(m["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


SKIP_NO_MOTO = "moto is not installed: python3 -m pip install 'moto[server]' (.ci/run installs it)"


def scrape_metrics(endpoint):
    """The samples of GET /_local/metrics (unsigned: account 000000000000,
    boto3's key "test"): {(name, frozenset of label pairs): value}."""
    with urllib.request.urlopen(endpoint + "/_local/metrics", timeout=10) as resp:
        text = resp.read().decode()
    out = {}
    for line in text.splitlines():
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$', line)
        if not m:
            continue
        labels = frozenset(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        out[(m.group(1), labels)] = float(m.group(3))
    return out


def stream_metric(samples, name, **labels):
    """The value of the one sample of name whose labels include labels."""
    want = set(labels.items())
    found = [v for (n, ls), v in samples.items() if n == name and want <= set(ls)]
    return found[0] if len(found) == 1 else None


class StreamsBase(TestCase):
    """A fresh moto and a connect-local of the test's own, streaming to it,
    and the checks of what arrives. No test of its own."""

    def server_args(self):
        return []

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory(prefix="connect-local-streams-")
        self.moto = Moto(free_port(), self.tmp.name)
        self.moto.start()
        self.addCleanup(self.moto.stop)
        self.srv = ConnectLocal(self.tmp.name, self.moto.url, self.server_args())
        self.srv.start()
        self.addCleanup(self.srv.stop)
        self.addCleanup(self.tmp.cleanup)

    def targets(self):
        """Creates the streams, and an SQS queue behind a default-bus rule
        for aws.connect events, in (a fresh) moto."""
        k, sqs, ev = self.moto.client("kinesis"), self.moto.client("sqs"), self.moto.client("events")
        arns = {}
        for name in ("ctr", "agents"):
            k.create_stream(StreamName=name, ShardCount=1)
            arns[name] = k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
        url = sqs.create_queue(QueueName="contact-events")["QueueUrl"]
        qarn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        ev.put_rule(Name="connect", EventPattern=json.dumps({"source": ["aws.connect"]}))
        ev.put_targets(Rule="connect", Targets=[{"Id": "q", "Arn": qarn}])
        return arns, url

    def local(self, method, path, body=None):
        status, out = raw_json(method, path, body, ep=self.srv.endpoint)
        self.assertEqual(status, 200, f"{method} {path}: {out}")
        return out

    def streams(self):
        return self.local("GET", f"/_local/instances/{self.iid}/streams")

    def wait_delivered(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            st = self.streams()
            if all(d["Backlog"] == 0 for d in st["Destinations"]):
                return st
            time.sleep(0.1)
        self.fail(f"backlog not delivered in {timeout}s: {self.streams()}")

    def run_contacts(self, n):
        """n tasks through the basic flow to the agent (auto-accept), each
        ended by the customer and its after-contact work cleared."""
        ids = []
        for i in range(n):
            cid = self.c.start_task_contact(InstanceId=self.iid, ContactFlowId=self.flow, Name=f"t{i}",
                                            Attributes={"n": str(i)})["ContactId"]
            self.assertEqual(self.c.describe_contact(InstanceId=self.iid, ContactId=cid)["Contact"]["AgentInfo"]["Id"], self.uid)
            self.local("POST", f"/_local/instances/{self.iid}/contacts/{cid}/end-customer")
            self.local("POST", f"/_local/instances/{self.iid}/agents/{self.uid}/contacts/{cid}/clear-acw")
            ids.append(cid)
        return ids

    def check_ctrs(self, ctrs, ids):
        self.assertEqual(sorted(k for k, _ in ctrs), sorted(ids), "one contact record per contact, keyed by its ID")
        for key, r in ctrs:
            d = self.c.describe_contact(InstanceId=self.iid, ContactId=key)["Contact"]
            self.assertEqual(r["ContactId"], d["Id"])
            self.assertEqual(r["Channel"], d["Channel"])
            self.assertEqual(r["InitiationMethod"], d["InitiationMethod"])
            self.assertEqual(r["InstanceARN"], self.f.arn)
            self.assertEqual(r["Attributes"], self.c.get_contact_attributes(InstanceId=self.iid, InitialContactId=key)["Attributes"])
            for field, ts in (("InitiationTimestamp", d["InitiationTimestamp"]), ("DisconnectTimestamp", d["DisconnectTimestamp"])):
                self.assertEqual(r[field], ts.strftime("%Y-%m-%dT%H:%M:%SZ"), field)
            self.assertEqual(r["Queue"]["ARN"], d["QueueInfo"].get("Arn") or self.f.basic_queue_arn)
            self.assertEqual(r["Queue"]["EnqueueTimestamp"], d["QueueInfo"]["EnqueueTimestamp"].strftime("%Y-%m-%dT%H:%M:%SZ"))
            self.assertEqual(r["Agent"]["ARN"], self.user_arn)
            self.assertEqual(r["Agent"]["Username"], "streamer")
            self.assertEqual(r["Agent"]["ConnectedToAgentTimestamp"], d["AgentInfo"]["ConnectedToAgentTimestamp"].strftime("%Y-%m-%dT%H:%M:%SZ"))
            self.assertIsNotNone(r["Agent"]["AfterContactWorkEndTimestamp"])
            self.assertEqual(r["DisconnectReason"], d.get("DisconnectReason"))

    def check_agent_events(self, events, first_prev=None):
        """The events chain (each one's previous snapshot is the last one's
        current) and end in the state GetCurrentUserData shows."""
        self.assertTrue(events, "no agent events")
        prev = first_prev
        for key, e in events:
            self.assertEqual(key, self.user_arn)
            self.assertEqual(e["AgentARN"], self.user_arn)
            if e["EventType"] != "HEART_BEAT":
                self.assertEqual(e["PreviousAgentSnapshot"], prev, f"{e['EventType']} does not follow the last event")
            prev = e["CurrentAgentSnapshot"]
        data = self.c.get_current_user_data(InstanceId=self.iid, Filters={"Agents": [self.uid]})["UserDataList"][0]
        self.assertEqual(prev["AgentStatus"]["Name"], data["Status"]["StatusName"])
        self.assertEqual(prev["AgentStatus"]["ARN"], data["Status"]["StatusArn"])
        self.assertEqual(sorted((c["ContactId"], c["State"]) for c in prev["Contacts"]),
                         sorted((c["ContactId"], c["AgentContactState"]) for c in data.get("Contacts", [])))
        return prev

    def check_contact_events(self, msgs, ids):
        by_contact = {}
        for m in msgs:
            self.assertEqual(m["source"], "aws.connect")
            self.assertEqual(m["detail-type"], "Amazon Connect Contact Event")
            by_contact.setdefault(m["detail"]["contactId"], []).append(m["detail"]["eventType"])
        self.assertEqual(sorted(by_contact), sorted(ids))
        for cid in ids:
            self.assertEqual(by_contact[cid], ["INITIATED", "QUEUED", "CONNECTED_TO_AGENT", "DISCONNECTED", "COMPLETED"], cid)


@unittest.skipUnless(HAVE_MOTO, SKIP_NO_MOTO)
class StreamsTest(StreamsBase):
    def test_records_arrive_in_order_through_an_outage_and_a_kill(self):
        arns, sqs_url = self.targets()
        self.c = client(ep=self.srv.endpoint)
        self.f = Center(self.c)
        self.iid = self.f.iid
        for rt, arn in (("CONTACT_TRACE_RECORDS", arns["ctr"]), ("AGENT_EVENTS", arns["agents"])):
            aid = self.c.associate_instance_storage_config(
                InstanceId=self.iid, ResourceType=rt,
                StorageConfig={"StorageType": "KINESIS_STREAM", "KinesisStreamConfig": {"StreamArn": arn}})["AssociationId"]
            got = self.c.describe_instance_storage_config(InstanceId=self.iid, AssociationId=aid, ResourceType=rt)["StorageConfig"]
            self.assertEqual(got["KinesisStreamConfig"]["StreamArn"], arn)
        listed = self.c.list_instance_storage_configs(InstanceId=self.iid, ResourceType="AGENT_EVENTS")["StorageConfigs"]
        self.assertEqual([s["KinesisStreamConfig"]["StreamArn"] for s in listed], [arns["agents"]])

        self.uid = self.f.user("streamer", auto_accept=True)
        self.user_arn = self.f.describe_user(self.uid)["Arn"]
        statuses = self.c.list_agent_statuses(InstanceId=self.iid)["AgentStatusSummaryList"]
        available = next(s["Id"] for s in statuses if s["Name"] == "Available")
        flows = self.c.list_contact_flows(InstanceId=self.iid, ContactFlowTypes=["CONTACT_FLOW"])["ContactFlowSummaryList"]
        self.flow = next(s["Id"] for s in flows if s["Name"] == "Basic routing flow")
        self.c.put_user_status(InstanceId=self.iid, UserId=self.uid, AgentStatusId=available)
        ids = self.run_contacts(3)
        # Two heartbeats: 240 s of the server's (virtual) clock.
        self.local("POST", "/_local/clock/advance", {"Seconds": 240})
        self.wait_delivered()

        k, sqs = self.moto.client("kinesis"), self.moto.client("sqs")
        self.check_ctrs(read_stream(k, "ctr"), ids)
        agent_events = read_stream(k, "agents")
        types = [e["EventType"] for _, e in agent_events]
        self.assertEqual(types[0], "LOGIN")
        self.assertEqual(types.count("HEART_BEAT"), 2, types)
        last = self.check_agent_events(agent_events)
        self.check_contact_events(drain_sqs(sqs, sqs_url), ids)

        # The endpoint goes down; changes keep being recorded, with the
        # delivery error visible, and the server is killed before any of
        # them is delivered.
        self.moto.stop()
        ids2 = self.run_contacts(2)
        deadline = time.monotonic() + 30
        while True:
            st = self.streams()
            if all(d.get("LastError") for d in st["Destinations"]):
                break
            self.assertLess(time.monotonic(), deadline, f"no delivery error shown: {st}")
            time.sleep(0.1)
        backlog = {d["Destination"]: d["Backlog"] for d in st["Destinations"]}
        self.assertTrue(all(n > 0 for n in backlog.values()), backlog)
        # The same, scraped as Prometheus metrics.
        samples = scrape_metrics(self.srv.endpoint)
        for d in st["Destinations"]:
            labels = {"instance": self.iid, "destination": d["Destination"]}
            self.assertEqual(stream_metric(samples, "connect_local_stream_backlog_records", **labels), d["Backlog"], d)
            self.assertGreaterEqual(stream_metric(samples, "connect_local_stream_consecutive_failures", **labels), 1, d)
            self.assertEqual(stream_metric(samples, "connect_local_stream_last_error", **labels), 1, d)
        self.srv.kill9()
        self.srv.start()
        self.c = client(ep=self.srv.endpoint)
        time.sleep(0.5)  # retries fail meanwhile: the endpoint is still down
        after = {d["Destination"]: d["Backlog"] for d in self.streams()["Destinations"]}
        self.assertEqual(after, backlog, "the backlog survived SIGKILL whole")

        # The endpoint returns, empty (moto keeps nothing), while the
        # server is stopped: its streams and rule must exist before the
        # backlog arrives (moto drops events no rule matches). Then the
        # backlog arrives, and only it, in order.
        self.assertEqual(self.srv.stop(), 0)
        self.moto.start()
        arns2, sqs_url = self.targets()
        self.assertEqual(arns2, arns)
        self.srv.start()
        self.c = client(ep=self.srv.endpoint)
        self.wait_delivered()
        self.check_ctrs(read_stream(k, "ctr"), ids2)
        self.check_agent_events(read_stream(k, "agents"), first_prev=last)
        self.check_contact_events(drain_sqs(sqs, sqs_url), ids2)
        self.assertEqual(self.srv.stop(), 0)


if __name__ == "__main__":
    unittest.main()
