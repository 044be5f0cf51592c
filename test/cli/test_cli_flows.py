"""Contact flows through the aws CLI and boto3: create, describe (by ID,
ARN and $SAVED alias), list with a type filter, update content, name and
metadata, delete, the default flows, and content validation answering
InvalidContactFlowException with its problems.
"""

import hashlib
import json

from botocore.exceptions import ClientError

from harness import Center, TestCase, client


def routing_flow(queue_arn):
    """Sets a working queue, two routing-criteria steps and a priority,
    then transfers to the queue (the flow of test/sdk/flows_test.go)."""
    step = lambda level, **kw: {**kw, "Expression": {"AttributeCondition": {  # noqa: E731
        "Name": "Technology", "Value": "DynamoDB", "ProficiencyLevel": level, "ComparisonOperator": "NumberGreaterOrEqualTo"}}}
    bye = {"ErrorType": "NoMatchingError", "NextAction": "bye"}
    return json.dumps({"Version": "2019-10-30", "StartAction": "set-queue", "Actions": [
        {"Identifier": "set-queue", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": queue_arn},
         "Transitions": {"NextAction": "criteria", "Errors": [bye]}},
        {"Identifier": "criteria", "Type": "UpdateRoutingCriteria",
         "Parameters": {"RoutingCriteria": {"Steps": [step(4, Expiry={"DurationInSeconds": 30}), step(1)]}},
         "Transitions": {"NextAction": "priority", "Errors": [bye]}},
        {"Identifier": "priority", "Type": "UpdateContactRoutingBehavior", "Parameters": {"QueuePriority": "2"},
         "Transitions": {"NextAction": "transfer"}},
        {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
         "Transitions": {"NextAction": "bye", "Errors": [{"ErrorType": "QueueAtCapacity", "NextAction": "bye"}, bye]}},
        {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]})


def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()


UNKNOWN_ACTION = json.dumps({"Version": "2019-10-30", "StartAction": "a", "Actions": [
    {"Identifier": "a", "Type": "PlayMusic", "Transitions": {}}]})


class FlowTestCase(TestCase):
    def setUp(self):
        super().setUp()
        self.f = Center()
        self.c = self.f.c

    def create(self, name, content, **kw):
        return self.c.create_contact_flow(InstanceId=self.f.iid, Name=name, Type=kw.pop("Type", "CONTACT_FLOW"),
                                          Content=content, **kw)

    def describe(self, fid):
        return self.c.describe_contact_flow(InstanceId=self.f.iid, ContactFlowId=fid)["ContactFlow"]

    def assertProblems(self, fn, *want, **kwargs):
        """Asserts fn raises InvalidContactFlowException (400) whose problems
        contain each of want, in order."""
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        resp = cm.exception.response
        self.assertEqual((resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"]), ("InvalidContactFlowException", 400))
        got = [p.get("message") for p in resp.get("problems", [])]
        self.assertEqual(len(got), len(want), got)
        for g, w in zip(got, want):
            self.assertIn(w, g)


class FlowCLITest(FlowTestCase):
    def test_cli(self):
        f = self.f
        content = routing_flow(f.basic_queue_arn)
        out = self.cli("create-contact-flow", "--instance-id", f.iid, "--name", "Route by skill", "--type", "CONTACT_FLOW",
                       "--description", "two steps", "--content", content, "--tags", "team=blue")
        fid = out["ContactFlowId"]
        self.assertEqual((out["ContactFlowArn"], out["FlowContentSha256"]), (f.res_arn("contact-flow", fid), sha(content)))
        err = self.cli_error("InvalidContactFlowException", "update-contact-flow-content", "--instance-id", f.iid,
                             "--contact-flow-id", fid, "--content", UNKNOWN_ACTION)
        self.assertIn("UpdateContactFlowContent", err)
        d = self.cli("describe-contact-flow", "--instance-id", f.iid, "--contact-flow-id", fid)["ContactFlow"]
        self.assertEqual((d["Name"], d["Type"], d["State"], d["Status"], d["Content"], d["Tags"]),
                         ("Route by skill", "CONTACT_FLOW", "ACTIVE", "PUBLISHED", content, {"team": "blue"}))


class FlowTest(FlowTestCase):
    def test_lifecycle(self):
        f, c = self.f, self.c
        qid, qarn = f.queue("Support")
        content = routing_flow(qarn)
        out = self.create("Route by skill", content, Description="two steps", Tags={"team": "blue"})
        fid, arn = out["ContactFlowId"], out["ContactFlowArn"]
        self.assertEqual((arn, out["FlowContentSha256"]), (f.res_arn("contact-flow", fid), sha(content)))
        for ref in (fid, arn, fid + ":$SAVED"):
            d = self.describe(ref)
            self.assertEqual((d["Id"], d["Arn"], d["Name"], d["Type"], d["State"], d["Status"], d["Description"]),
                             (fid, arn, "Route by skill", "CONTACT_FLOW", "ACTIVE", "PUBLISHED", "two steps"))
            self.assertEqual((d["Content"], d["FlowContentSha256"], d["Tags"], d["LastModifiedRegion"]),
                             (content, sha(content), {"team": "blue"}, "us-east-1"))
        self.assertAWSError("DuplicateResourceException", 409, self.create, "ROUTE BY SKILL", content)

        new = content.replace('"QueuePriority": "2"', '"QueueTimeAdjustmentSeconds": 300')
        c.update_contact_flow_content(InstanceId=f.iid, ContactFlowId=fid, Content=new)
        c.update_contact_flow_name(InstanceId=f.iid, ContactFlowId=fid, Name="Skills")
        c.update_contact_flow_metadata(InstanceId=f.iid, ContactFlowId=fid, ContactFlowState="ARCHIVED")
        d = self.describe(fid)
        self.assertEqual((d["Content"], d["FlowContentSha256"], d["Name"], d["Description"], d["State"]),
                         (new, sha(new), "Skills", "two steps", "ARCHIVED"))
        self.assertAWSError("DuplicateResourceException", 409, c.update_contact_flow_name, InstanceId=f.iid,
                            ContactFlowId=fid, Name="basic routing flow")
        self.assertAWSError("InvalidParameterException", 400, c.update_contact_flow_name, InstanceId=f.iid, ContactFlowId=fid)

        c.delete_contact_flow(InstanceId=f.iid, ContactFlowId=fid)
        self.assertAWSError("ResourceNotFoundException", 404, self.describe, fid)
        self.assertAWSError("ResourceNotFoundException", 404, c.delete_contact_flow, InstanceId=f.iid, ContactFlowId=fid)
        self.assertAWSError("ResourceNotFoundException", 404, c.update_contact_flow_content, InstanceId=f.iid,
                            ContactFlowId=fid, Content=content)

    def test_validation(self):
        f, c = self.f, self.c
        self.assertProblems(self.create, "not valid flow-language JSON", name="junk", content="{not json")
        self.assertProblems(self.create, 'unknown Type "PlayMusic"', name="unknown", content=UNKNOWN_ACTION)
        dangling = json.dumps({"Version": "2019-10-30", "StartAction": "a", "Actions": [
            {"Identifier": "a", "Type": "MessageParticipant", "Parameters": {"Text": "hi"}, "Transitions": {"NextAction": "b"}},
            {"Identifier": "a", "Type": "DisconnectParticipant", "Transitions": {}}]})
        self.assertProblems(self.create, '"a" is used by more than one action', 'NextAction names no action ("b")',
                            name="dangling", content=dangling, Status="PUBLISHED")
        both = json.dumps({"Version": "2019-10-30", "StartAction": "p", "Actions": [
            {"Identifier": "p", "Type": "UpdateContactRoutingBehavior",
             "Parameters": {"QueuePriority": 1, "QueueTimeAdjustmentSeconds": 10}, "Transitions": {}}]})
        self.assertProblems(self.create, "exactly one of QueuePriority", name="both", content=both)

        # SAVED content is not checked, on create or update.
        draft = self.create("draft", "{not json", Status="SAVED")["ContactFlowId"]
        c.update_contact_flow_content(InstanceId=f.iid, ContactFlowId=draft, Content="still not json")
        d = self.describe(draft)
        self.assertEqual((d["Status"], d["Content"]), ("SAVED", "still not json"))

        # A rejected update leaves the published content.
        ok = self.create("ok", routing_flow("q"))["ContactFlowId"]
        self.assertProblems(c.update_contact_flow_content, 'StartAction "x" names no action', InstanceId=f.iid,
                            ContactFlowId=ok, Content='{"Version":"2019-10-30","StartAction":"x","Actions":[]}')
        self.assertEqual(self.describe(ok)["Content"], routing_flow("q"))

        self.assertAWSError("InvalidParameterException", 400, client(validate=False).create_contact_flow,
                            InstanceId=f.iid, Name="x", Type="NOPE", Content="{}")
        self.assertAWSError("ResourceNotFoundException", 404, c.create_contact_flow, InstanceId="missing", Name="x",
                            Type="CONTACT_FLOW", Content=routing_flow("q"))

    def test_list_and_defaults(self):
        f, c = self.f, self.c
        for i in range(3):
            self.create(f"queue flow {i}", routing_flow("q"), Type="CUSTOMER_QUEUE")
        all_ = c.list_contact_flows(InstanceId=f.iid)
        self.assertNotIn("NextToken", all_)
        by_name = {s["Name"]: s for s in all_["ContactFlowSummaryList"]}
        self.assertEqual(len(by_name), 13)  # 10 defaults and 3
        basic = by_name["Basic routing flow"]
        self.assertEqual((basic["ContactFlowType"], basic["ContactFlowState"], basic["ContactFlowStatus"]),
                         ("CONTACT_FLOW", "ACTIVE", "PUBLISHED"))
        self.assertEqual(basic["Arn"], f.res_arn("contact-flow", basic["Id"]))
        only = c.list_contact_flows(InstanceId=f.iid, ContactFlowTypes=["CUSTOMER_QUEUE", "AGENT_WHISPER"])
        self.assertEqual(len(only["ContactFlowSummaryList"]), 5)

        pages = list(c.get_paginator("list_contact_flows").paginate(InstanceId=f.iid, PaginationConfig={"PageSize": 4}))
        self.assertEqual([len(p["ContactFlowSummaryList"]) for p in pages], [4, 4, 4, 1])
        self.assertEqual(len({s["Id"] for p in pages for s in p["ContactFlowSummaryList"]}), 13)
        self.assertAWSError("InvalidParameterException", 400, c.list_contact_flows, InstanceId=f.iid, MaxResults=4,
                            NextToken=pages[0]["NextToken"], ContactFlowTypes=["CUSTOMER_QUEUE"])
        self.assertAWSError("ResourceNotFoundException", 404, c.list_contact_flows, InstanceId="missing")

        # Default flows parse, may be edited but not deleted.
        for s in all_["ContactFlowSummaryList"]:
            if s["Name"].startswith("queue flow"):
                continue
            with self.subTest(s["Name"]):
                json.loads(self.describe(s["Id"])["Content"])
                self.assertAWSError("InvalidRequestException", 400, c.delete_contact_flow, InstanceId=f.iid, ContactFlowId=s["Id"])
