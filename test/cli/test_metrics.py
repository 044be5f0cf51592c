"""Real-time and historical metrics through boto3 (docs/metrics.md#getcurrentmetricdata, docs/metrics.md#getmetricdata; docs/metrics.md).

Runs against the connect-local at CONNECT_LOCAL_ENDPOINT, with nothing but
the standard library's unittest and boto3:

    CONNECT_LOCAL_ENDPOINT=http://127.0.0.1:4599 python3 -m unittest test/cli/test_metrics.py

Each test makes its own instance, starts tasks, lets an agent take them
through the /_local/ API and reads the metrics back. It works on a real
clock (the suite's default) and on a virtual one.
"""

import datetime
import functools
import json
import os
import time
import unittest
import urllib.request
import uuid

import boto3
import botocore.config
from botocore.exceptions import ClientError

REGION = "us-east-1"


def endpoint():
    ep = os.environ.get("CONNECT_LOCAL_ENDPOINT")
    if not ep:
        raise unittest.SkipTest("CONNECT_LOCAL_ENDPOINT is not set")
    return ep


@functools.lru_cache(maxsize=None)
def client(validate=True):
    """A Connect client; validate=False lets bad input reach the server."""
    return boto3.session.Session().client(
        "connect",
        endpoint_url=endpoint(),
        region_name=REGION,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=botocore.config.Config(parameter_validation=validate, retries={"mode": "standard", "max_attempts": 1}),
    )


def local(method, path, body=None):
    """Calls connect-local's /_local/ API and returns the decoded answer."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(endpoint() + path, data=data, method=method)
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read() or b"{}")


def server_now():
    """The server's clock (real or virtual), as an aware datetime."""
    return datetime.datetime.fromtimestamp(local("GET", "/_local/clock")["EpochSeconds"], datetime.timezone.utc)


def floor5(t):
    return t.replace(minute=t.minute - t.minute % 5, second=0, microsecond=0)


def values(result):
    """{metric name: value} of one result row (None where absent)."""
    return {c["Metric"]["Name"]: c.get("Value") for c in result["Collections"]}


class Center:
    """An instance with one auto-accepting agent on the Basic Routing
    Profile, BasicQueue and the Basic routing flow."""

    def __init__(self):
        c = client()
        out = c.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=f"metrics-{uuid.uuid4().hex[:12]}",
                                InboundCallsEnabled=True, OutboundCallsEnabled=True)
        self.iid, self.arn = out["Id"], out["Arn"]
        self.queue = c.list_queues(InstanceId=self.iid, QueueTypes=["STANDARD"])["QueueSummaryList"][0]
        self.profile = c.list_routing_profiles(InstanceId=self.iid)["RoutingProfileSummaryList"][0]
        flows = c.list_contact_flows(InstanceId=self.iid)["ContactFlowSummaryList"]
        self.flow = next(f["Id"] for f in flows if f["Name"] == "Basic routing flow")
        statuses = c.list_agent_statuses(InstanceId=self.iid)["AgentStatusSummaryList"]
        self.available = next(s["Id"] for s in statuses if s["Name"] == "Available")
        sps = c.list_security_profiles(InstanceId=self.iid)["SecurityProfileSummaryList"]
        agent_sp = next(s["Id"] for s in sps if s["Name"] == "Agent")
        self.agent = c.create_user(InstanceId=self.iid, Username="agent", RoutingProfileId=self.profile["Id"], SecurityProfileIds=[agent_sp],
                                   PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": True, "AfterContactWorkTimeLimit": 0})["UserId"]

    def task(self, name):
        return client().start_task_contact(InstanceId=self.iid, ContactFlowId=self.flow, Name=name)["ContactId"]

    def current(self, metrics, groupings=("QUEUE",)):
        return client().get_current_metric_data(InstanceId=self.iid, Filters={"Queues": [self.queue["Id"]]}, Groupings=list(groupings),
                                                CurrentMetrics=[{"Name": n, "Unit": "SECONDS" if n == "OLDEST_CONTACT_AGE" else "COUNT"} for n in metrics])


class MetricsTest(unittest.TestCase):
    def assertAWSError(self, code, status, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        resp = cm.exception.response
        self.assertEqual(resp["Error"]["Code"], code, resp)
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], status, resp)
        return resp["Error"].get("Message", "")

    def test_contacts_queue_get_handled_and_count(self):
        m = Center()
        tasks = [m.task("first"), m.task("second")]

        # Nobody is online: both wait in BasicQueue.
        out = m.current(["CONTACTS_IN_QUEUE", "OLDEST_CONTACT_AGE", "AGENTS_ONLINE"])
        self.assertEqual(len(out["MetricResults"]), 1, out)
        row = out["MetricResults"][0]
        self.assertEqual(row["Dimensions"]["Queue"], {"Id": m.queue["Id"], "Arn": m.queue["Arn"]})
        v = values(row)
        self.assertEqual(v["CONTACTS_IN_QUEUE"], 2)
        self.assertEqual(v["AGENTS_ONLINE"], 0)
        self.assertGreaterEqual(v["OLDEST_CONTACT_AGE"], 0)
        self.assertEqual(out["ApproximateTotalCount"], 1)
        self.assertIsInstance(out["DataSnapshotTime"], datetime.datetime)

        # The agent comes online and auto-accepts both tasks (TASK
        # concurrency 2 in the Basic Routing Profile).
        client().put_user_status(InstanceId=m.iid, UserId=m.agent, AgentStatusId=m.available)
        v = values(m.current(["CONTACTS_IN_QUEUE", "AGENTS_ONLINE", "AGENTS_ON_CONTACT", "AGENTS_AVAILABLE", "SLOTS_ACTIVE", "AGENTS_STAFFED"])["MetricResults"][0])
        self.assertEqual(v, {"CONTACTS_IN_QUEUE": 0, "AGENTS_ONLINE": 1, "AGENTS_ON_CONTACT": 1, "AGENTS_AVAILABLE": 0, "SLOTS_ACTIVE": 2, "AGENTS_STAFFED": 1})

        # The customers leave, the agent clears after-contact work.
        for cid in tasks:
            local("POST", f"/_local/instances/{m.iid}/contacts/{cid}/end-customer")
        v = values(m.current(["AGENTS_AFTER_CONTACT_WORK", "AGENTS_ON_CONTACT"])["MetricResults"][0])
        self.assertEqual(v, {"AGENTS_AFTER_CONTACT_WORK": 2, "AGENTS_ON_CONTACT": 1})
        for cid in tasks:
            local("POST", f"/_local/instances/{m.iid}/agents/{m.agent}/contacts/{cid}/clear-acw")
        v = values(m.current(["AGENTS_AVAILABLE", "SLOTS_ACTIVE"])["MetricResults"][0])
        self.assertEqual(v, {"AGENTS_AVAILABLE": 1, "SLOTS_ACTIVE": 0})

        # GetMetricData: the two completed records, in a window around now.
        now = server_now()
        start = floor5(now) - datetime.timedelta(minutes=5)
        hist = client().get_metric_data(
            InstanceId=m.iid, StartTime=start, EndTime=start + datetime.timedelta(minutes=10),
            Filters={"Queues": [m.queue["Arn"]], "Channels": ["TASK"]}, Groupings=["QUEUE", "CHANNEL"],
            HistoricalMetrics=[
                {"Name": "CONTACTS_QUEUED", "Unit": "COUNT", "Statistic": "SUM"},
                {"Name": "CONTACTS_HANDLED", "Unit": "COUNT", "Statistic": "SUM"},
                {"Name": "API_CONTACTS_HANDLED", "Unit": "COUNT", "Statistic": "SUM"},
                {"Name": "CONTACTS_ABANDONED", "Unit": "COUNT", "Statistic": "SUM"},
                {"Name": "HOLD_TIME", "Unit": "SECONDS", "Statistic": "AVG"},
                {"Name": "SERVICE_LEVEL", "Unit": "PERCENT", "Statistic": "AVG", "Threshold": {"Comparison": "LT", "ThresholdValue": 60}},
            ])
        self.assertEqual(len(hist["MetricResults"]), 1, hist)
        row = hist["MetricResults"][0]
        self.assertEqual(row["Dimensions"], {"Queue": {"Id": m.queue["Id"], "Arn": m.queue["Arn"]}, "Channel": "TASK"})
        v = values(row)
        self.assertEqual((v["CONTACTS_QUEUED"], v["CONTACTS_HANDLED"], v["API_CONTACTS_HANDLED"], v["CONTACTS_ABANDONED"]), (2, 2, 2, 0))
        self.assertIsNone(v["HOLD_TIME"], "nobody was put on hold: no value")
        self.assertEqual(v["SERVICE_LEVEL"], 100)
        self.assertEqual(row["Collections"][5]["Metric"]["Threshold"], {"Comparison": "LT", "ThresholdValue": 60.0})

        # GetMetricDataV2, up to now. Times go on the wire in whole seconds:
        # let a second pass so that "now" is after the records completed.
        time.sleep(1.1)
        now = server_now()
        if (now - floor5(now)).total_seconds() > 298:
            time.sleep(3)  # do not let the end cross into the next 5 minutes
            now = server_now()
        v2 = client().get_metric_data_v2(
            ResourceArn=m.arn, StartTime=floor5(now) - datetime.timedelta(minutes=10), EndTime=now,
            Interval={"IntervalPeriod": "TOTAL"}, Filters=[{"FilterKey": "QUEUE", "FilterValues": [m.queue["Id"]]}], Groupings=["QUEUE"],
            Metrics=[{"Name": "CONTACTS_HANDLED"}, {"Name": "AGENT_ANSWER_RATE"}, {"Name": "AVG_HOLD_TIME"},
                     {"Name": "SUM_CONTACTS_ANSWERED_IN_X", "Threshold": [{"Comparison": "LTE", "ThresholdValue": 60}]}])
        self.assertEqual(len(v2["MetricResults"]), 1, v2)
        row = v2["MetricResults"][0]
        self.assertEqual(row["Dimensions"], {"QUEUE": m.queue["Id"], "QUEUE_ARN": m.queue["Arn"]})
        self.assertEqual(row["MetricInterval"]["Interval"], "TOTAL")
        self.assertEqual(values(row), {"CONTACTS_HANDLED": 2, "AGENT_ANSWER_RATE": 100, "AVG_HOLD_TIME": None, "SUM_CONTACTS_ANSWERED_IN_X": 2})

    def test_paging_keeps_the_snapshot(self):
        m = Center()
        hours = client().list_hours_of_operations(InstanceId=m.iid)["HoursOfOperationSummaryList"][0]["Id"]
        q2 = client().create_queue(InstanceId=m.iid, Name="Second", HoursOfOperationId=hours)["QueueId"]
        m.task("waiting")
        args = dict(InstanceId=m.iid, Filters={"Queues": [m.queue["Id"], q2]}, Groupings=["QUEUE"], MaxResults=1,
                    CurrentMetrics=[{"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"}],
                    SortCriteria=[{"SortByMetric": "CONTACTS_IN_QUEUE", "SortOrder": "DESCENDING"}])
        first = client().get_current_metric_data(**args)
        # Only BasicQueue has data (a contact); the second queue has no agent
        # and no contact, so no row.
        self.assertEqual(first["ApproximateTotalCount"], 1, first)
        self.assertNotIn("NextToken", first)
        # Give the second queue an online agent: two rows, two pages (the
        # agent takes the task, so the two rows tie and go by queue ID).
        client().associate_routing_profile_queues(InstanceId=m.iid, RoutingProfileId=m.profile["Id"], QueueConfigs=[
            {"QueueReference": {"QueueId": q2, "Channel": "VOICE"}, "Priority": 1, "Delay": 0}])
        client().put_user_status(InstanceId=m.iid, UserId=m.agent, AgentStatusId=m.available)
        first = client().get_current_metric_data(**args)
        self.assertEqual(first["ApproximateTotalCount"], 2, first)
        self.assertIn("NextToken", first)
        second = client().get_current_metric_data(NextToken=first["NextToken"], **args)
        self.assertEqual(second["DataSnapshotTime"], first["DataSnapshotTime"])
        pages = [first["MetricResults"][0]["Dimensions"]["Queue"]["Id"], second["MetricResults"][0]["Dimensions"]["Queue"]["Id"]]
        self.assertEqual(pages, sorted([m.queue["Id"], q2]))
        self.assertNotIn("NextToken", second)
        other = dict(args, SortCriteria=[{"SortByMetric": "CONTACTS_IN_QUEUE", "SortOrder": "ASCENDING"}])
        self.assertAWSError("InvalidParameterException", 400, client().get_current_metric_data, NextToken=first["NextToken"], **other)

    def test_validation_errors(self):
        m = Center()
        loose = client(validate=False)
        q = {"Queues": [m.queue["Id"]]}
        online = [{"Name": "AGENTS_ONLINE", "Unit": "COUNT"}]
        self.assertAWSError("ResourceNotFoundException", 404, client().get_current_metric_data,
                            InstanceId="00000000-0000-0000-0000-000000000000", Filters=q, CurrentMetrics=online)
        self.assertIn("filters", self.assertAWSError("InvalidParameterException", 400, loose.get_current_metric_data, InstanceId=m.iid, CurrentMetrics=online))
        self.assertAWSError("InvalidParameterException", 400, client().get_current_metric_data, InstanceId=m.iid,
                            Filters={"Queues": [m.queue["Id"]], "RoutingProfiles": [m.profile["Id"]]}, CurrentMetrics=online)
        self.assertAWSError("InvalidParameterException", 400, client().get_current_metric_data, InstanceId=m.iid, Filters=q,
                            CurrentMetrics=[{"Name": "OLDEST_CONTACT_AGE", "Unit": "COUNT"}])
        self.assertAWSError("InvalidParameterException", 400, client().get_current_metric_data, InstanceId=m.iid, Filters=q, CurrentMetrics=online,
                            Groupings=["ROUTING_STEP_EXPRESSION"])
        self.assertAWSError("InvalidParameterException", 400, loose.get_current_metric_data, InstanceId=m.iid, Filters=q, CurrentMetrics=online,
                            NextToken="garbage")

        now = server_now()
        start = floor5(now) - datetime.timedelta(minutes=30)
        queued = [{"Name": "CONTACTS_QUEUED", "Unit": "COUNT", "Statistic": "SUM"}]
        self.assertIn("5-minute", self.assertAWSError("InvalidParameterException", 400, client().get_metric_data, InstanceId=m.iid,
                                                      StartTime=start + datetime.timedelta(minutes=2), EndTime=floor5(now), Filters=q, HistoricalMetrics=queued))
        self.assertIn("24 hours", self.assertAWSError("InvalidParameterException", 400, client().get_metric_data, InstanceId=m.iid,
                                                      StartTime=floor5(now) - datetime.timedelta(hours=25), EndTime=floor5(now), Filters=q, HistoricalMetrics=queued))
        self.assertAWSError("InvalidParameterException", 400, client().get_metric_data, InstanceId=m.iid, StartTime=start, EndTime=floor5(now), Filters=q,
                            HistoricalMetrics=[{"Name": "SERVICE_LEVEL", "Unit": "PERCENT", "Statistic": "AVG"}])
        self.assertAWSError("InvalidParameterException", 400, client().get_metric_data, InstanceId=m.iid, StartTime=start, EndTime=floor5(now), Filters=q,
                            HistoricalMetrics=[{"Name": "HANDLE_TIME", "Unit": "COUNT", "Statistic": "AVG"}])
        self.assertAWSError("InvalidParameterException", 400, client().get_metric_data, InstanceId=m.iid, StartTime=start, EndTime=floor5(now), Filters=q,
                            Groupings=["ROUTING_PROFILE"], HistoricalMetrics=queued)

        msg = self.assertAWSError("InvalidParameterException", 400, client().get_metric_data_v2, ResourceArn=m.arn, StartTime=start, EndTime=floor5(now),
                                  Filters=[{"FilterKey": "QUEUE", "FilterValues": [m.queue["Id"]]}], Metrics=[{"Name": "CONTACTS_CREATED"}])
        self.assertIn("not supported by connect-local", msg)
        self.assertAWSError("InvalidParameterException", 400, client().get_metric_data_v2, ResourceArn=m.arn, StartTime=start, EndTime=floor5(now),
                            Filters=[{"FilterKey": "CHANNEL", "FilterValues": ["TASK"]}], Metrics=[{"Name": "CONTACTS_HANDLED"}])
        self.assertAWSError("InvalidParameterException", 400, client().get_metric_data_v2, ResourceArn=m.arn, StartTime=start, EndTime=floor5(now),
                            Filters=[{"FilterKey": "QUEUE", "FilterValues": [m.queue["Id"]]}], Metrics=[{"Name": "AGENT_OCCUPANCY"}])


if __name__ == "__main__":
    unittest.main()
