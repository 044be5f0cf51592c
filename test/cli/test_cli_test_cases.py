"""Test cases through boto3 and the aws CLI: the example flow and test
cases of `connect-local test` (internal/testcase/testdata: the AWS
documentation's example test adapted to that flow, and tests that between
them use every event type — TestInitiated, MessageReceived,
FlowActionStarted, TestCompleted — and every action type — SendInstruction,
Assert, TestControl EndTest and LogData, OverrideSystemBehavior
SubstituteResource and MockResponse) deployed to an instance, executed with
StartTestCaseExecution, their summaries polled and records listed; the very
same files then run through `connect-local test`, which must agree.
"""

import glob
import json
import os
import re
import subprocess
import time

from botocore.exceptions import ClientError

from harness import Center, TestCase

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.join(os.path.dirname(os.path.dirname(HERE)), "internal", "testcase", "testdata")
EXAMPLE_ARN = re.compile(r"arn:aws:connect:us-east-1:111122223333:instance/example/(queue|operating-hours)/([A-Za-z]+)")
ALL_WEEK = [{"Day": d, "StartTime": {"Hours": 0, "Minutes": 0}, "EndTime": {"Hours": 0, "Minutes": 0}}
            for d in ("SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY")]


class TestCasesThroughTheAPI(TestCase):
    def setUp(self):
        super().setUp()
        self.f = Center()
        self.c = self.f.c
        self.arns = {}
        hours = None
        for name in ("Main", "AlwaysOpen"):
            h = self.c.create_hours_of_operation(InstanceId=self.f.iid, Name=name, TimeZone="UTC", Config=ALL_WEEK)
            self.arns[("operating-hours", name)], hours = h["HoursOfOperationArn"], h["HoursOfOperationId"]
        for name in ("Sales", "Support"):
            q = self.c.create_queue(InstanceId=self.f.iid, Name=name, HoursOfOperationId=hours)
            self.arns[("queue", name)] = q["QueueArn"]
        with open(os.path.join(TESTDATA, "flows", "inbound.json")) as fh:
            flow = self.rewrite(fh.read())
        self.flow_id = self.c.create_contact_flow(InstanceId=self.f.iid, Name="inbound", Type="CONTACT_FLOW",
                                                  Content=flow)["ContactFlowId"]

    def rewrite(self, text):
        """The example instance's ARNs → this instance's resources of the same names."""
        return EXAMPLE_ARN.sub(lambda m: self.arns[(m.group(1), m.group(2))], text)

    def deploy(self, path):
        with open(path) as fh:
            spec = json.load(fh)
        voice = spec["EntryPoint"]["VoiceCallEntryPointParameters"]
        kw = {"InitializationData": spec["InitializationData"]} if spec.get("InitializationData") else {}
        return self.c.create_test_case(
            InstanceId=self.f.iid, Name=spec["Name"], Content=self.rewrite(spec["Content"]), Tags={"suite": "example"},
            EntryPoint={"Type": "VOICE_CALL", "VoiceCallEntryPointParameters": {
                "FlowId": self.flow_id, "SourcePhoneNumber": voice["SourcePhoneNumber"],
                "DestinationPhoneNumber": voice["DestinationPhoneNumber"]}}, **kw)["TestCaseId"]

    def execute(self, tc):
        start = self.c.start_test_case_execution(InstanceId=self.f.iid, TestCaseId=tc)
        self.assertEqual(start["Status"], "INITIATED")
        ex = start["TestCaseExecutionId"]
        for _ in range(500):
            s = self.c.get_test_case_execution_summary(InstanceId=self.f.iid, TestCaseId=tc, TestCaseExecutionId=ex)
            if s["Status"] != "IN_PROGRESS":
                return ex, s
            time.sleep(0.01)
        self.fail("the execution never ended")

    def records(self, tc, ex, **kw):
        out = []
        p = self.c.get_paginator("list_test_case_execution_records") if self.c.can_paginate(
            "list_test_case_execution_records") else None
        if p:
            for page in p.paginate(InstanceId=self.f.iid, TestCaseId=tc, TestCaseExecutionId=ex, **kw):
                out += page["ExecutionRecords"]
            return out
        token = None
        while True:
            extra = {"NextToken": token} if token else {}
            page = self.c.list_test_case_execution_records(InstanceId=self.f.iid, TestCaseId=tc, TestCaseExecutionId=ex,
                                                           MaxResults=2, **kw, **extra)
            out += page["ExecutionRecords"]
            token = page.get("NextToken")
            if not token:
                return out

    def test_the_examples_pass_on_the_instance_and_through_connect_local_test(self):
        files = sorted(glob.glob(os.path.join(TESTDATA, "cases", "*.json")))
        self.assertEqual(len(files), 4)
        api = {}
        for path in files:
            tc = self.deploy(path)
            ex, summary = self.execute(tc)
            o = summary["ObservationSummary"]
            self.assertEqual(o["TotalObservations"], o["ObservationsPassed"] + o["ObservationsFailed"], path)
            recs = self.records(tc, ex)
            self.assertEqual(len(recs), o["TotalObservations"])
            self.assertEqual(sum(r["Status"] == "PASSED" for r in recs), o["ObservationsPassed"])
            for r in recs:
                json.loads(r["Record"])  # each record's details are JSON
            name = json.load(open(path))["Name"]
            api[name] = (summary["Status"], o["ObservationsPassed"], o["TotalObservations"])
            if name == "Silence ends the call":
                # The 5-second input timeout passes on the execution's own timeline.
                self.assertEqual((summary["EndTime"] - summary["StartTime"]).total_seconds(), 5)
                failed = self.records(tc, ex, Status="FAILED")
                self.assertEqual([r["ObservationId"] for r in failed], ["Bye"])
                self.assertIn("$.Attributes.tier Exists", failed[0]["Record"])
        self.assertEqual(api["Welcome and sales queue"], ("PASSED", 3, 3))
        self.assertEqual(api["Silence ends the call"], ("FAILED", 1, 2))

        # The very same files through `connect-local test`: the same verdicts.
        binary = os.environ.get("CONNECT_LOCAL_BINARY")
        if not binary:
            raise RuntimeError("CONNECT_LOCAL_BINARY is not set; run the suite with test/cli/run.py")
        p = subprocess.run([binary, "test", "--flows", os.path.join(TESTDATA, "flows"), *files],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 1, p.stderr)  # one of the four fails on purpose
        local = {}
        for line in p.stdout.splitlines():
            m = re.match(r"(PASS|FAIL) (.*) \((\d+)/(\d+) observations", line)
            if m:
                local[m.group(2)] = ({"PASS": "PASSED", "FAIL": "FAILED"}[m.group(1)], int(m.group(3)), int(m.group(4)))
        self.assertEqual(local, api)

        # Executions listed, by status and by test case, through the aws CLI too.
        failed = self.c.list_test_case_executions(InstanceId=self.f.iid, Status="FAILED")["TestCaseExecutions"]
        self.assertEqual(len(failed), 1)
        out = self.cli("list-test-case-executions", "--instance-id", self.f.iid)
        self.assertEqual(len(out["TestCaseExecutions"]), 4)
        self.assertTrue(all(e["TestCaseExecutionStatus"] in ("PASSED", "FAILED") for e in out["TestCaseExecutions"]))

    def test_records_search_and_errors(self):
        tc = self.deploy(os.path.join(TESTDATA, "cases", "docs-example.json"))
        d = self.c.describe_test_case(InstanceId=self.f.iid, TestCaseId=tc)["TestCase"]
        self.assertEqual(d["Status"], "PUBLISHED")
        self.assertEqual(d["EntryPoint"]["VoiceCallEntryPointParameters"]["FlowId"], self.flow_id)
        self.assertEqual(d["Tags"], {"suite": "example"})
        with self.assertRaises(ClientError) as e:
            self.c.create_test_case(InstanceId=self.f.iid, Name="bad", Content='{"Version": "2025-06-21", "Observations": []}')
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidTestCaseException")
        self.assertIn("no Observations", e.exception.response["Problems"][0]["message"])
        draft = self.c.create_test_case(InstanceId=self.f.iid, Name="draft", Content="{}", Status="SAVED")["TestCaseId"]
        self.assertAWSError("InvalidRequestException", 400, self.c.start_test_case_execution,
                            InstanceId=self.f.iid, TestCaseId=draft)
        found = self.c.search_test_cases(InstanceId=self.f.iid, SearchCriteria={"StatusCondition": "SAVED"})["TestCases"]
        self.assertEqual([t["Name"] for t in found], ["draft"])
        found = self.c.search_test_cases(InstanceId=self.f.iid, SearchFilter={"TagFilter": {"OrConditions": [
            [{"TagKey": "suite", "TagValue": "example"}]]}})["TestCases"]
        self.assertEqual([t["Name"] for t in found], ["Welcome and sales queue"])
        self.c.update_test_case(InstanceId=self.f.iid, TestCaseId=draft, Name="draft 2")
        names = sorted(t["Name"] for t in self.c.list_test_cases(InstanceId=self.f.iid)["TestCaseSummaryList"])
        self.assertEqual(names, ["Welcome and sales queue", "draft 2"])
        self.c.delete_test_case(InstanceId=self.f.iid, TestCaseId=draft)
        self.assertAWSError("ResourceNotFoundException", 404, self.c.describe_test_case,
                            InstanceId=self.f.iid, TestCaseId=draft)
