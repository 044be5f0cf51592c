"""Data out to Kinesis Data Firehose (issue 17), end to end against the
built binary and moto's server: contact records and agent events
configured as KINESIS_FIREHOSE storage, delivered with PutRecordBatch to
moto's delivery streams, which write them to S3 (moto's Firehose delivers
to an S3 or ExtendedS3 destination at once, one object per batch); the
objects are read back with boto3's S3 client and split into one JSON
record a line.

moto (`python3 -m pip install 'moto[server]'`) is needed; without it the
module is skipped with that message (and .ci/run installs it).
"""

import json
import unittest

from harness import Center, client
from test_streams import HAVE_MOTO, SKIP_NO_MOTO, StreamsBase

BUCKET = "connect-records"


def read_bucket(s3, prefix):
    """Every line of every object under prefix, decoded (objects in key
    order; moto names them by the second they were written, so the order
    across objects of one second is not the delivery order)."""
    out = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        for obj in page.get("Contents", []):
            body = s3.get_object(Bucket=BUCKET, Key=obj["Key"])["Body"].read().decode()
            out += [json.loads(line) for line in body.splitlines() if line.strip()]
    return out


@unittest.skipUnless(HAVE_MOTO, SKIP_NO_MOTO)
class FirehoseTest(StreamsBase):
    def server_args(self):
        return ["--firehose-endpoint", self.moto.url]

    def delivery_stream(self, name):
        fh = self.moto.client("firehose")
        fh.create_delivery_stream(
            DeliveryStreamName=name, DeliveryStreamType="DirectPut",
            ExtendedS3DestinationConfiguration={"RoleARN": "arn:aws:iam::123456789012:role/firehose",
                                                "BucketARN": f"arn:aws:s3:::{BUCKET}", "Prefix": f"{name}/"})
        return fh.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]["DeliveryStreamARN"]

    def test_contact_records_and_agent_events_reach_s3_through_firehose(self):
        self.moto.client("s3").create_bucket(Bucket=BUCKET)
        arns = {name: self.delivery_stream(name) for name in ("ctr", "agents")}
        self.c = client(ep=self.srv.endpoint)
        self.f = Center(self.c)
        self.iid = self.f.iid
        for rt, arn in (("CONTACT_TRACE_RECORDS", arns["ctr"]), ("AGENT_EVENTS", arns["agents"])):
            aid = self.c.associate_instance_storage_config(
                InstanceId=self.iid, ResourceType=rt,
                StorageConfig={"StorageType": "KINESIS_FIREHOSE", "KinesisFirehoseConfig": {"FirehoseArn": arn}})["AssociationId"]
            got = self.c.describe_instance_storage_config(InstanceId=self.iid, AssociationId=aid, ResourceType=rt)["StorageConfig"]
            self.assertEqual(got, {"AssociationId": aid, "StorageType": "KINESIS_FIREHOSE",
                                   "KinesisFirehoseConfig": {"FirehoseArn": arn}})

        self.uid = self.f.user("streamer", auto_accept=True)
        self.user_arn = self.f.describe_user(self.uid)["Arn"]
        statuses = self.c.list_agent_statuses(InstanceId=self.iid)["AgentStatusSummaryList"]
        available = next(s["Id"] for s in statuses if s["Name"] == "Available")
        flows = self.c.list_contact_flows(InstanceId=self.iid, ContactFlowTypes=["CONTACT_FLOW"])["ContactFlowSummaryList"]
        self.flow = next(s["Id"] for s in flows if s["Name"] == "Basic routing flow")
        self.c.put_user_status(InstanceId=self.iid, UserId=self.uid, AgentStatusId=available)
        ids = self.run_contacts(3)
        self.local("POST", "/_local/clock/advance", {"Seconds": 240})
        st = self.wait_delivered()
        fire = [d for d in st["Destinations"] if d["Destination"] != "eventbridge"]  # contact events go to moto's bus, unread
        self.assertEqual(sorted((d["Kind"], d["Target"]) for d in fire), sorted(("KINESIS_FIREHOSE", a) for a in arns.values()))
        self.assertEqual(st["Endpoints"]["KINESIS_FIREHOSE"], self.moto.url)

        s3 = self.moto.client("s3")
        ctrs = read_bucket(s3, "ctr/")
        self.check_ctrs([(r["ContactId"], r) for r in ctrs], ids)
        delivered = {d["Target"]: d["Delivered"] for d in fire}
        self.assertEqual(delivered[arns["ctr"]], len(ctrs))

        agent_events = read_bucket(s3, "agents/")
        self.assertEqual(delivered[arns["agents"]], len(agent_events))
        types = [e["EventType"] for e in agent_events]
        self.assertEqual(types.count("LOGIN"), 1, types)
        self.assertEqual(types.count("HEART_BEAT"), 2, types)
        self.assertEqual(types.count("LOGOUT"), 0, types)
        # Every event follows an earlier one: its previous snapshot is some
        # event's current one (the first, LOGIN, follows the agent's state
        # when agent events were configured).
        currents = [json.dumps(e["CurrentAgentSnapshot"], sort_keys=True) for e in agent_events]
        for e in agent_events:
            self.assertEqual(e["AgentARN"], self.user_arn)
            if e["EventType"] not in ("LOGIN", "HEART_BEAT"):
                self.assertIn(json.dumps(e["PreviousAgentSnapshot"], sort_keys=True), currents, e["EventType"])
        # Each contact went through the agent's snapshots: offered,
        # connected, in after-contact work (ENDED).
        seen = {}
        for e in agent_events:
            for c in e["CurrentAgentSnapshot"]["Contacts"]:
                seen.setdefault(c["ContactId"], set()).add(c["State"])
        self.assertEqual(sorted(seen), sorted(ids))
        for cid in ids:
            self.assertTrue({"CONNECTED", "ENDED"} <= seen[cid], (cid, seen[cid]))
        self.assertEqual(self.srv.stop(), 0)


if __name__ == "__main__":
    unittest.main()
