"""SearchContacts through boto3 (docs/search.md#searchcontacts, docs/errors.md#errors-per-operation).

Runs against the connect-local at CONNECT_LOCAL_ENDPOINT, with nothing but
the standard library's unittest and boto3:

    CONNECT_LOCAL_ENDPOINT=http://127.0.0.1:4599 python3 -m unittest test/cli/test_search.py

Each test makes its own instance, so the file runs against a server other
suites share, in memory or on a data dir, on the real clock. Agents answer,
customers hang up, transcripts and searchable keys are set through the
local API (docs/local-api.md).
"""

import datetime
import functools
import json
import os
import time
import unittest
import urllib.error
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
    """Calls a /_local/ endpoint; returns (status, decoded body)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(endpoint() + path, data=data, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def queue_flow(queue_id):
    return json.dumps({"Version": "2019-10-30", "StartAction": "set", "Actions": [
        {"Identifier": "set", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": queue_id},
         "Transitions": {"NextAction": "go", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "bye"}]}},
        {"Identifier": "go", "Type": "TransferContactToQueue", "Parameters": {},
         "Transitions": {"NextAction": "bye", "Errors": [{"ErrorType": "QueueAtCapacity", "NextAction": "bye"},
                                                         {"ErrorType": "NoMatchingError", "NextAction": "bye"}]}},
        {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]})


class SearchTestCase(unittest.TestCase):
    """An instance with an auto-accepting agent on BasicQueue, and a queue
    ("Parked") that no agent serves."""

    def setUp(self):
        self.c = client()
        self.iid = self.c.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=unique("search"),
                                          InboundCallsEnabled=True, OutboundCallsEnabled=True)["Id"]
        c, iid = self.c, self.iid
        flows = {f["Name"]: f["Id"] for f in c.list_contact_flows(InstanceId=iid)["ContactFlowSummaryList"]}
        self.basic_flow = flows["Basic routing flow"]
        hours = c.list_hours_of_operations(InstanceId=iid)["HoursOfOperationSummaryList"][0]["Id"]
        self.parked = c.create_queue(InstanceId=iid, Name="Parked", HoursOfOperationId=hours)["QueueId"]
        self.parked_flow = c.create_contact_flow(InstanceId=iid, Name="to Parked", Type="CONTACT_FLOW",
                                                 Content=queue_flow(self.parked))["ContactFlowId"]
        self.basic_queue = next(q["Id"] for q in c.list_queues(InstanceId=iid)["QueueSummaryList"] if q.get("Name") == "BasicQueue")
        rp = next(p["Id"] for p in c.list_routing_profiles(InstanceId=iid)["RoutingProfileSummaryList"]
                  if p["Name"] == "Basic Routing Profile")
        sp = next(p["Id"] for p in c.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"] if p["Name"] == "Agent")
        self.ann = c.create_user(InstanceId=iid, Username=unique("ann"), PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": True},
                                 SecurityProfileIds=[sp], RoutingProfileId=rp)["UserId"]
        available = next(s["Id"] for s in c.list_agent_statuses(InstanceId=iid)["AgentStatusSummaryList"] if s["Name"] == "Available")
        c.put_user_status(InstanceId=iid, UserId=self.ann, AgentStatusId=available)
        self.names = {}

    def task(self, name, flow=None, attrs=None):
        time.sleep(0.005)  # distinct initiation milliseconds, for sort checks
        out = self.c.start_task_contact(InstanceId=self.iid, ContactFlowId=flow or self.basic_flow, Name=name, Attributes=attrs or {})
        self.names[out["ContactId"]] = name
        return out["ContactId"]

    def act(self, cid, action):
        status, body = local("POST", f"/_local/instances/{self.iid}/agents/{self.ann}/contacts/{cid}/{action}")
        self.assertEqual(status, 200, body)

    def window(self, **kw):
        now = datetime.datetime.now(datetime.timezone.utc)
        tr = {"Type": "INITIATION_TIMESTAMP", "StartTime": now - datetime.timedelta(hours=1), "EndTime": now + datetime.timedelta(hours=1)}
        tr.update(kw)
        return tr

    def search(self, **kw):
        """Pages through SearchContacts; returns the names in order."""
        names, totals = [], set()
        pages = self.c.get_paginator("search_contacts").paginate(InstanceId=self.iid, TimeRange=kw.pop("TimeRange", self.window()),
                                                                 PaginationConfig={"PageSize": kw.pop("PageSize", 100)}, **kw)
        for page in pages:
            names += [self.names.get(x["Id"], x["Id"]) for x in page["Contacts"]]
            totals.add(page["TotalCount"])
        self.assertEqual(len(totals), 1, "TotalCount changed between pages")
        self.assertEqual(totals.pop(), len(names))
        return names

    def assertAWSError(self, code, status, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        resp = cm.exception.response
        self.assertEqual(resp["Error"]["Code"], code, resp)
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], status, resp)


class TestSearchContacts(SearchTestCase):
    def setUp(self):
        super().setUp()
        status, body = local("PUT", f"/_local/instances/{self.iid}/searchable-attributes", {"Keys": ["tier"]})
        self.assertEqual(status, 200, body)
        self.handled = self.task("handled", attrs={"tier": "gold", "color": "red"})
        self.act(self.handled, "hang-up")
        self.act(self.handled, "clear-acw")
        status, body = local("POST", f"/_local/instances/{self.iid}/contacts/{self.handled}/transcript", {"Segments": [
            {"ParticipantRole": "CUSTOMER", "Content": "I need a refund for my order.", "BeginOffsetMillis": 0, "EndOffsetMillis": 1500},
            {"ParticipantRole": "AGENT", "Content": "Sure, refunds are easy!", "BeginOffsetMillis": 1600, "EndOffsetMillis": 3000}]})
        self.assertEqual((status, body), (200, {"SegmentCount": 2}))
        self.parked_task = self.task("parked", flow=self.parked_flow, attrs={"tier": "silver"})
        time.sleep(0.005)
        chat = self.c.start_chat_contact(InstanceId=self.iid, ContactFlowId=self.parked_flow, ParticipantDetails={"DisplayName": "Chatty"})
        self.names[chat["ContactId"]] = "chat"

    def test_each_criterion(self):
        everyone = ["chat", "parked", "handled"]  # newest first by default
        self.assertEqual(self.search(), everyone)
        for crit, want in [
            ({"AgentIds": [self.ann]}, ["handled"]),
            ({"QueueIds": [self.parked]}, ["chat", "parked"]),
            ({"QueueIds": [self.basic_queue, self.parked]}, everyone),
            ({"Channels": ["CHAT"]}, ["chat"]),
            ({"Channels": ["VOICE"]}, []),
            ({"InitiationMethods": ["API"]}, everyone),
            ({"InitiationMethods": ["TRANSFER"]}, []),
            ({"AgentHierarchyGroups": {"L1Ids": ["nope"]}}, []),
            ({"SearchableContactAttributes": {"Criteria": [{"Key": "tier", "Values": ["gold", "silver"]}]}}, ["parked", "handled"]),
            ({"SearchableContactAttributes": {"Criteria": [{"Key": "color", "Values": ["red"]}]}}, []),  # not searchable
            ({"ContactAnalysis": {"Transcript": {"Criteria": [
                {"ParticipantRole": "CUSTOMER", "SearchText": ["REFUND"], "MatchType": "MATCH_ANY"}]}}}, ["handled"]),
            ({"ContactAnalysis": {"Transcript": {"Criteria": [
                {"ParticipantRole": "CUSTOMER", "SearchText": ["my order", "refund"], "MatchType": "MATCH_ALL"}]}}}, ["handled"]),
            ({"ContactAnalysis": {"Transcript": {"Criteria": [
                {"ParticipantRole": "CUSTOMER", "SearchText": ["order my"], "MatchType": "MATCH_ALL"}]}}}, []),
            ({"ContactAnalysis": {"Transcript": {"MatchType": "MATCH_ANY", "Criteria": [
                {"ParticipantRole": "AGENT", "SearchText": ["nothing"], "MatchType": "MATCH_ANY"},
                {"ParticipantRole": "AGENT", "SearchText": ["refunds"], "MatchType": "MATCH_ANY"}]}}}, ["handled"]),
            ({"AgentIds": [self.ann], "Channels": ["TASK"], "QueueIds": [self.basic_queue],
              "SearchableContactAttributes": {"Criteria": [{"Key": "tier", "Values": ["gold"]}]}}, ["handled"]),
            ({"AgentIds": [self.ann], "Channels": ["CHAT"]}, []),
        ]:
            with self.subTest(crit=crit):
                self.assertEqual(self.search(SearchCriteria=crit), want)

    def test_time_ranges_and_sort(self):
        self.assertEqual(self.search(TimeRange=self.window(Type="CONNECTED_TO_AGENT_TIMESTAMP")), ["handled"])
        self.assertEqual(self.search(TimeRange=self.window(Type="DISCONNECT_TIMESTAMP")), ["handled"])
        self.assertEqual(self.search(TimeRange=self.window(Type="SCHEDULED_TIMESTAMP")), [])
        self.assertEqual(self.search(Sort={"FieldName": "INITIATION_TIMESTAMP", "Order": "ASCENDING"}), ["handled", "parked", "chat"])
        self.assertEqual(self.search(Sort={"FieldName": "CHANNEL", "Order": "ASCENDING"})[0], "chat")
        # Contacts without the sort timestamp come last in both orders.
        for order in ("ASCENDING", "DESCENDING"):
            self.assertEqual(self.search(Sort={"FieldName": "DISCONNECT_TIMESTAMP", "Order": order})[0], "handled")

    def test_paging_and_summary(self):
        for size in (1, 2, 3):
            self.assertEqual(self.search(PageSize=size), ["chat", "parked", "handled"])
        # A token is bound to its request: the next page repeats it, same
        # time range included (times go on the wire in whole seconds).
        window = self.window()
        out = self.c.search_contacts(InstanceId=self.iid, TimeRange=window, MaxResults=1)
        self.assertEqual(out["TotalCount"], 3)
        self.assertIn("NextToken", out)
        # A new contact between pages does not make any contact repeat.
        self.task("late arrival", flow=self.parked_flow)
        rest = self.c.search_contacts(InstanceId=self.iid, TimeRange=window, MaxResults=10, NextToken=out["NextToken"])
        self.assertEqual([self.names[x["Id"]] for x in rest["Contacts"]], ["parked", "handled"])

        found = self.c.search_contacts(InstanceId=self.iid, TimeRange=self.window(), SearchCriteria={"AgentIds": [self.ann]})["Contacts"]
        self.assertEqual(len(found), 1)
        s = found[0]
        self.assertEqual(s["Id"], self.handled)
        self.assertTrue(s["Arn"].endswith(f"/contact/{self.handled}"))
        self.assertEqual((s["Channel"], s["InitiationMethod"], s["Name"]), ("TASK", "API", "handled"))
        self.assertEqual(s["QueueInfo"]["Id"], self.basic_queue)
        self.assertEqual(s["AgentInfo"]["Id"], self.ann)
        for k in ("InitiationTimestamp", "DisconnectTimestamp"):
            self.assertIsInstance(s[k], datetime.datetime)
        self.assertIsInstance(s["AgentInfo"]["ConnectedToAgentTimestamp"], datetime.datetime)
        self.assertNotIn("ScheduledTimestamp", s)
        parked = self.c.search_contacts(InstanceId=self.iid, TimeRange=self.window(), SearchCriteria={"Channels": ["TASK"], "QueueIds": [self.parked]},
                                        Sort={"FieldName": "INITIATION_TIMESTAMP", "Order": "ASCENDING"})["Contacts"][0]
        self.assertEqual(parked["Id"], self.parked_task)
        self.assertNotIn("AgentInfo", parked)
        self.assertNotIn("DisconnectTimestamp", parked)


class TestSearchContactsErrors(SearchTestCase):
    def test_errors(self):
        now = datetime.datetime.now(datetime.timezone.utc)
        week = datetime.timedelta(weeks=1)
        bad = [
            {"TimeRange": self.window(StartTime=now - 8 * week - datetime.timedelta(seconds=1), EndTime=now)},
            {"TimeRange": self.window(StartTime=now, EndTime=now - datetime.timedelta(seconds=1))},
            {"TimeRange": self.window(), "NextToken": "not-a-token"},
        ]
        for kw in bad:
            with self.subTest(kw=kw):
                self.assertAWSError("InvalidParameterException", 400, self.c.search_contacts, InstanceId=self.iid, **kw)
        self.c.search_contacts(InstanceId=self.iid, TimeRange=self.window(StartTime=now - 8 * week, EndTime=now))
        raw = client(validate=False)
        for kw in ({"MaxResults": 101}, {"MaxResults": 0}, {"SearchCriteria": {"Channels": ["FAX"]}},
                   {"Sort": {"FieldName": "NAME", "Order": "ASCENDING"}}):
            with self.subTest(kw=kw):
                self.assertAWSError("InvalidParameterException", 400, raw.search_contacts, InstanceId=self.iid, TimeRange=self.window(), **kw)
        self.assertAWSError("InvalidParameterException", 400, raw.search_contacts, InstanceId=self.iid)
        self.assertAWSError("ResourceNotFoundException", 404, self.c.search_contacts, InstanceId=str(uuid.uuid4()), TimeRange=self.window())

        # A token is bound to its request.
        for i in range(2):
            self.task(f"t{i}", flow=self.parked_flow)
        out = self.c.search_contacts(InstanceId=self.iid, TimeRange=self.window(), MaxResults=1)
        self.assertAWSError("InvalidParameterException", 400, self.c.search_contacts, InstanceId=self.iid, TimeRange=self.window(),
                            MaxResults=1, NextToken=out["NextToken"], SearchCriteria={"Channels": ["TASK"]})

    def test_local_controls(self):
        status, body = local("PUT", f"/_local/instances/{self.iid}/searchable-attributes", {"Keys": ["b", "a"]})
        self.assertEqual(status, 200)
        self.assertEqual(body["Keys"], ["a", "b"])
        status, body = local("GET", f"/_local/instances/{self.iid}/searchable-attributes")
        self.assertEqual((status, body["Keys"]), (200, ["a", "b"]))
        self.assertEqual(local("PUT", f"/_local/instances/{self.iid}/searchable-attributes", {"Keys": [""]})[0], 400)
        cid = self.task("x", flow=self.parked_flow)
        status, body = local("PUT", f"/_local/instances/{self.iid}/contacts/{cid}/transcript",
                             {"Segments": [{"Transcript": {"ParticipantRole": "SYSTEM", "Content": "Hello", "Id": "s1"}}]})
        self.assertEqual((status, body), (200, {"SegmentCount": 1}))
        status, body = local("GET", f"/_local/instances/{self.iid}/contacts/{cid}/transcript")
        self.assertEqual(body["Segments"], [{"Id": "s1", "ParticipantRole": "SYSTEM", "Content": "Hello", "BeginOffsetMillis": 0, "EndOffsetMillis": 0}])
        self.assertEqual(local("POST", f"/_local/instances/{self.iid}/contacts/{cid}/transcript",
                               {"Segments": [{"ParticipantRole": "ROBOT", "Content": "x"}]})[0], 400)
        self.assertEqual(local("POST", f"/_local/instances/{self.iid}/contacts/nope/transcript", {"Segments": []})[0], 404)


if __name__ == "__main__":
    unittest.main()
