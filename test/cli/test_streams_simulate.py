"""A simulation streams too (issue 17): `connect-local simulate --endpoint`
runs a scenario's hour inside a server started with --clock virtual and
moto's Kinesis as its endpoint, and what arrives on the streams is counted
against the simulation's own report: one contact record per contact
started (handled, abandoned, ended by the flow as the report counts them),
a LOGIN per agent, the handled contacts in the agents' snapshots, and a
heartbeat every 120 simulated seconds per logged-in agent.

moto (`python3 -m pip install 'moto[server]'`) is needed; without it the
module is skipped with that message (and .ci/run installs it).
"""

import collections
import json
import os
import subprocess
import unittest
from datetime import datetime

from harness import client
from test_streams import HAVE_MOTO, SKIP_NO_MOTO, StreamsBase, read_stream

SCENARIO = """
instance: {alias: sim-streams}
setup:
  queues: [{name: Support}]
  routing_profiles:
    - name: Support agents
      concurrency: {VOICE: 1}
      queues: [{queue: Support, channel: VOICE}]
  users:
    - {username: "agent-{n}", count: 3, routing_profile: Support agents}
workload:
  duration: 1h
  drain: 2h
  seed: 7
  contact_types:
    - name: call
      queue: Support
      arrivals: {per_hour: 40}
      handle_time: {dist: exponential, mean: 4m}
      acw: 20s
      patience: {dist: exponential, mean: 2m}
"""

AGENTS = 3


def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


@unittest.skipUnless(HAVE_MOTO, SKIP_NO_MOTO)
class SimulationStreamsTest(StreamsBase):
    def server_args(self):
        self.scenario = os.path.join(self.tmp.name, "sim-streams.yaml")
        with open(self.scenario, "w") as f:
            f.write(SCENARIO)
        # The seed creates the instance, so its streams can be configured
        # before the run.
        return ["--seed", self.scenario, "--clock-start", "2024-01-01T08:00:00Z"]

    def test_a_simulated_hour_streams_a_record_per_contact_and_agent_events(self):
        self.c = client(ep=self.srv.endpoint)
        insts = [i for i in self.c.list_instances()["InstanceSummaryList"] if i["InstanceAlias"] == "sim-streams"]
        self.assertEqual(len(insts), 1)
        self.iid = insts[0]["Id"]
        k = self.moto.client("kinesis")
        for name, rt in (("ctr", "CONTACT_TRACE_RECORDS"), ("agents", "AGENT_EVENTS")):
            k.create_stream(StreamName=name, ShardCount=1)
            arn = k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
            self.c.associate_instance_storage_config(
                InstanceId=self.iid, ResourceType=rt,
                StorageConfig={"StorageType": "KINESIS_STREAM", "KinesisStreamConfig": {"StreamArn": arn}})

        out = os.path.join(self.tmp.name, "report.json")
        run = subprocess.run([self.srv.binary, "simulate", self.scenario, "--endpoint", self.srv.endpoint,
                              "--json", out, "--quiet"], capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 0, run.stderr)
        with open(out) as f:
            rep = json.load(f)
        self.assertEqual(rep["InstanceId"], self.iid)
        self.assertEqual(rep["InProgressAtEnd"], 0, "the drain lets every contact end")
        total = rep["Total"]
        self.assertGreater(total["Handled"], 10, rep)
        self.assertGreater(total["Abandoned"], 0, rep)  # so the count of abandoned records means something
        self.wait_delivered()

        # One contact record per contact started, none twice.
        ctrs = read_stream(k, "ctr")
        ids = [key for key, _ in ctrs]
        self.assertEqual(len(ids), rep["ContactsStarted"])
        self.assertEqual(len(set(ids)), len(ids), "a contact record twice")
        queued = [r for _, r in ctrs if r["Queue"]]
        self.assertEqual(len(queued), total["Offered"])
        self.assertEqual(sum(1 for r in queued if r["Agent"]), total["Handled"])
        self.assertEqual(sum(1 for r in queued if not r["Agent"]), total["Abandoned"])
        self.assertEqual(len(ctrs) - len(queued), rep["EndedByFlow"])
        start, end = ts(rep["Start"]), ts(rep["End"])
        for key, r in ctrs:
            self.assertEqual(r["ContactId"], key)
            self.assertTrue(start <= ts(r["InitiationTimestamp"]) <= ts(r["DisconnectTimestamp"]) <= end, r)

        # Agent events: each agent logs in once, its contacts are the
        # handled ones, its events chain, and a heartbeat comes every 120
        # simulated seconds while it is logged in (the whole run).
        events = read_stream(k, "agents")
        by_agent = collections.defaultdict(list)
        for key, e in events:
            self.assertEqual(e["AgentARN"], key)
            by_agent[key].append(e)
        self.assertEqual(len(by_agent), AGENTS)
        handled = set()
        span = (end - start).total_seconds()
        for arn, evs in by_agent.items():
            types = [e["EventType"] for e in evs]
            self.assertEqual(types[0], "LOGIN", arn)
            self.assertEqual(types.count("LOGIN"), 1, arn)
            self.assertEqual(types.count("LOGOUT"), 0, arn)
            self.assertIn(types.count("HEART_BEAT"), range(int(span // 120) - 1, int(span // 120) + 2), (arn, span))
            prev = evs[0]["CurrentAgentSnapshot"]
            for e in evs[1:]:
                if e["EventType"] != "HEART_BEAT":
                    self.assertEqual(e["PreviousAgentSnapshot"], prev, f"{arn}: {e['EventType']} does not follow the last event")
                prev = e["CurrentAgentSnapshot"]
                for c in e["CurrentAgentSnapshot"]["Contacts"]:
                    if c["State"] == "CONNECTED":
                        handled.add(c["ContactId"])
        self.assertEqual(len(handled), total["Handled"])
        self.assertEqual(handled, {r["ContactId"] for r in queued if r["Agent"]})
        self.assertEqual(self.srv.stop(), 0)


if __name__ == "__main__":
    unittest.main()
