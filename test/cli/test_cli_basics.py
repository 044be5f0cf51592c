"""The basics through the real aws CLI and boto3: instances, hours of
operation and queues, bad input, and isolation across accounts and regions.

CLI calls cost most of a second each (Python start-up), so each CLI feature
is exercised once and the heavier checking is done through boto3.
"""

import json
import uuid

from harness import KEY, TestCase, client, new_account, new_instance, raw, unique

NINE_TO_FIVE = [{"Day": "MONDAY", "StartTime": {"Hours": 9, "Minutes": 0}, "EndTime": {"Hours": 17, "Minutes": 0}}]
WEEKEND = [
    {"Day": d, "StartTime": {"Hours": 10, "Minutes": 30}, "EndTime": {"Hours": 14, "Minutes": 0}}
    for d in ("SATURDAY", "SUNDAY")
]


def default_hours_id(c, iid):
    hs = c.list_hours_of_operations(InstanceId=iid)["HoursOfOperationSummaryList"]
    return next(h["Id"] for h in hs if h["Name"] == "Basic Hours")


class InstanceTest(TestCase):
    def test_lifecycle(self):
        c = client()
        alias = unique("cli")
        out = self.cli(
            "create-instance", "--identity-management-type", "CONNECT_MANAGED",
            "--instance-alias", alias, "--inbound-calls-enabled", "--outbound-calls-enabled",
        )
        iid = out["Id"]
        self.assertEqual(out["Arn"], f"arn:aws:connect:us-east-1:000000000000:instance/{iid}")

        got = c.describe_instance(InstanceId=iid)["Instance"]
        self.assertEqual(got["InstanceAlias"], alias)
        self.assertEqual(got["InstanceStatus"], "ACTIVE")
        self.assertTrue(got["InboundCallsEnabled"])

        got = self.cli("describe-instance", "--instance-id", iid)["Instance"]
        self.assertEqual((got["Id"], got["InstanceAlias"]), (iid, alias))
        listed = c.get_paginator("list_instances").paginate().build_full_result()["InstanceSummaryList"]
        self.assertIn(iid, [s["Id"] for s in listed])

        self.cli("delete-instance", "--instance-id", iid)
        self.assertAWSError("ResourceNotFoundException", 404, c.describe_instance, InstanceId=iid)

    def test_list_pagination(self):
        key = new_account()  # an account of its own, so the count is exact
        c = client(key=key)
        want = {new_instance(c) for _ in range(5)}

        # The CLI: --page-size sets MaxResults per request, --max-items caps the output.
        first = self.cli("list-instances", "--max-items", "3", "--page-size", "2", key=key)
        self.assertEqual(len(first["InstanceSummaryList"]), 3)
        self.assertIn("NextToken", first)
        rest = self.cli("list-instances", "--page-size", "2", "--starting-token", first["NextToken"], key=key)
        self.assertNotIn("NextToken", rest)
        ids = [s["Id"] for s in first["InstanceSummaryList"] + rest["InstanceSummaryList"]]
        self.assertEqual(len(ids), 5, ids)
        self.assertEqual(set(ids), want)

        # boto3's paginator over the service's own NextToken.
        pages = list(c.get_paginator("list_instances").paginate(PaginationConfig={"PageSize": 2}))
        self.assertEqual([len(p["InstanceSummaryList"]) for p in pages], [2, 2, 1])
        self.assertEqual({s["Id"] for p in pages for s in p["InstanceSummaryList"]}, want)
        part = c.get_paginator("list_instances").paginate(PaginationConfig={"PageSize": 2, "MaxItems": 3}).build_full_result()
        self.assertEqual(len(part["InstanceSummaryList"]), 3)
        tail = c.get_paginator("list_instances").paginate(
            PaginationConfig={"PageSize": 2, "StartingToken": part["NextToken"]}).build_full_result()
        self.assertEqual({s["Id"] for s in part["InstanceSummaryList"] + tail["InstanceSummaryList"]}, want)


class HoursTest(TestCase):
    def test_cli(self):
        c = client()
        iid = new_instance(c)
        name = unique("hours")
        out = self.cli(
            "create-hours-of-operation", "--instance-id", iid, "--name", name,
            "--time-zone", "Europe/London", "--config", json.dumps(NINE_TO_FIVE),
        )
        hid = out["HoursOfOperationId"]
        self.assertTrue(out["HoursOfOperationArn"].endswith(f"/operating-hours/{hid}"), out)

        got = self.cli("describe-hours-of-operation", "--instance-id", iid, "--hours-of-operation-id", hid)
        h = got["HoursOfOperation"]
        self.assertEqual((h["Name"], h["TimeZone"]), (name, "Europe/London"))
        self.assertEqual(h["Config"], NINE_TO_FIVE)

        listed = self.cli("list-hours-of-operations", "--instance-id", iid)["HoursOfOperationSummaryList"]
        self.assertEqual(sorted(s["Name"] for s in listed), sorted(["Basic Hours", name]))

        self.cli(
            "update-hours-of-operation", "--instance-id", iid, "--hours-of-operation-id", hid,
            "--name", name + "-v2", "--description", "weekends", "--config", json.dumps(WEEKEND),
        )
        h = c.describe_hours_of_operation(InstanceId=iid, HoursOfOperationId=hid)["HoursOfOperation"]
        self.assertEqual((h["Name"], h["Description"], h["TimeZone"]), (name + "-v2", "weekends", "Europe/London"))
        self.assertEqual(sorted(d["Day"] for d in h["Config"]), ["SATURDAY", "SUNDAY"])

        self.cli("delete-hours-of-operation", "--instance-id", iid, "--hours-of-operation-id", hid)
        self.assertAWSError("ResourceNotFoundException", 404, c.describe_hours_of_operation,
                            InstanceId=iid, HoursOfOperationId=hid)

    def test_boto3(self):
        c = client()
        iid = new_instance(c)
        ids = []
        for i in range(3):
            ids.append(c.create_hours_of_operation(
                InstanceId=iid, Name=f"h{i}", TimeZone="UTC", Config=NINE_TO_FIVE)["HoursOfOperationId"])
        pages = list(c.get_paginator("list_hours_of_operations").paginate(
            InstanceId=iid, PaginationConfig={"PageSize": 2}))
        self.assertEqual([len(p["HoursOfOperationSummaryList"]) for p in pages], [2, 2])
        names = {s["Name"] for p in pages for s in p["HoursOfOperationSummaryList"]}
        self.assertEqual(names, {"Basic Hours", "h0", "h1", "h2"})

        c.update_hours_of_operation(InstanceId=iid, HoursOfOperationId=ids[0], TimeZone="America/New_York")
        h = c.describe_hours_of_operation(InstanceId=iid, HoursOfOperationId=ids[0])["HoursOfOperation"]
        self.assertEqual((h["Name"], h["TimeZone"]), ("h0", "America/New_York"))
        self.assertAWSError("DuplicateResourceException", 409, c.update_hours_of_operation,
                            InstanceId=iid, HoursOfOperationId=ids[0], Name="h1")

        c.delete_hours_of_operation(InstanceId=iid, HoursOfOperationId=ids[1])
        left = {s["Id"] for s in c.list_hours_of_operations(InstanceId=iid)["HoursOfOperationSummaryList"]}
        self.assertNotIn(ids[1], left)
        self.assertIn(ids[0], left)


class QueueTest(TestCase):
    def test_cli(self):
        c = client()
        iid = new_instance(c)
        basic = default_hours_id(c, iid)
        other = c.create_hours_of_operation(InstanceId=iid, Name="other", TimeZone="UTC",
                                            Config=NINE_TO_FIVE)["HoursOfOperationId"]

        out = self.cli("create-queue", "--instance-id", iid, "--name", "Sales",
                       "--hours-of-operation-id", basic, "--max-contacts", "10")
        qid = out["QueueId"]
        self.assertTrue(out["QueueArn"].endswith(f"/queue/{qid}"), out)

        listed = self.cli("list-queues", "--instance-id", iid, "--queue-types", "STANDARD")["QueueSummaryList"]
        self.assertEqual(sorted(q["Name"] for q in listed), ["BasicQueue", "Sales"])

        self.cli("update-queue-status", "--instance-id", iid, "--queue-id", qid, "--status", "DISABLED")
        self.cli("update-queue-max-contacts", "--instance-id", iid, "--queue-id", qid, "--max-contacts", "25")
        self.cli("update-queue-name", "--instance-id", iid, "--queue-id", qid,
                 "--name", "Sales EMEA", "--description", "Europe")
        self.cli("update-queue-hours-of-operation", "--instance-id", iid, "--queue-id", qid,
                 "--hours-of-operation-id", other)

        q = self.cli("describe-queue", "--instance-id", iid, "--queue-id", qid)["Queue"]
        self.assertEqual(
            (q["Name"], q["Description"], q["Status"], q["MaxContacts"], q["HoursOfOperationId"]),
            ("Sales EMEA", "Europe", "DISABLED", 25, other),
        )

        self.cli("delete-queue", "--instance-id", iid, "--queue-id", qid)
        self.assertAWSError("ResourceNotFoundException", 404, c.describe_queue, InstanceId=iid, QueueId=qid)

    def test_boto3(self):
        c = client()
        iid = new_instance(c)
        basic = default_hours_id(c, iid)
        made = [c.create_queue(InstanceId=iid, Name=f"q{i}", HoursOfOperationId=basic)["QueueId"] for i in range(4)]
        pages = list(c.get_paginator("list_queues").paginate(InstanceId=iid, PaginationConfig={"PageSize": 2}))
        self.assertEqual([len(p["QueueSummaryList"]) for p in pages], [2, 2, 1])
        every = {q["Id"] for p in pages for q in p["QueueSummaryList"]}
        self.assertEqual(len(every), 5)
        self.assertLessEqual(set(made), every)

        qid = made[0]
        c.update_queue_status(InstanceId=iid, QueueId=qid, Status="DISABLED")
        c.update_queue_max_contacts(InstanceId=iid, QueueId=qid, MaxContacts=3)
        c.update_queue_name(InstanceId=iid, QueueId=qid, Name="renamed")
        q = c.describe_queue(InstanceId=iid, QueueId=qid)["Queue"]
        self.assertEqual((q["Name"], q["Status"], q["MaxContacts"]), ("renamed", "DISABLED", 3))
        self.assertAWSError("DuplicateResourceException", 409, c.update_queue_name,
                            InstanceId=iid, QueueId=qid, Name="q1")
        self.assertAWSError("ResourceNotFoundException", 404, c.update_queue_hours_of_operation,
                            InstanceId=iid, QueueId=qid, HoursOfOperationId=str(uuid.uuid4()))

        c.delete_queue(InstanceId=iid, QueueId=qid)
        left = {q["Id"] for q in c.list_queues(InstanceId=iid)["QueueSummaryList"]}
        self.assertEqual(left, every - {qid})


class BadInputTest(TestCase):
    def test_missing_required_parameter_is_caught_by_the_server(self):
        c = client(validate=False)
        iid = new_instance(c)
        msg = self.assertAWSError("InvalidParameterException", 400, c.create_queue, InstanceId=iid, Name="no-hours")
        self.assertIn("hoursOfOperationId", msg)
        msg = self.assertAWSError("InvalidParameterException", 400, c.create_instance,
                                  InboundCallsEnabled=True, OutboundCallsEnabled=True)
        self.assertIn("identityManagementType", msg)

    def test_max_results_out_of_range(self):
        c = client(validate=False)
        for bad in (0, 11):
            msg = self.assertAWSError("InvalidParameterException", 400, c.list_instances, MaxResults=bad)
            self.assertIn("maxResults", msg)

    def test_unknown_instance(self):
        c = client()
        missing = str(uuid.uuid4())
        self.assertAWSError("ResourceNotFoundException", 404, c.describe_instance, InstanceId=missing)
        self.assertAWSError("ResourceNotFoundException", 404, c.list_queues, InstanceId=missing)
        self.cli_error("ResourceNotFoundException", "describe-instance", "--instance-id", missing)

    def test_unimplemented_operation(self):
        c = client()
        msg = self.assertAWSError("NotImplementedException", 501, c.list_evaluation_forms, InstanceId="x")
        self.assertIn("ListEvaluationForms", msg)

    def test_malformed_json_body(self):
        status, headers, body = raw("PUT", "/instance", body=b'{"IdentityManagementType": ',
                                    headers={"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertEqual(headers["X-Amzn-ErrorType"], "SerializationException")
        self.assertTrue(headers["x-amzn-RequestId"])
        self.assertTrue(headers["Content-Type"].startswith("application/json"))
        self.assertIn("Message", json.loads(body))

    def test_unknown_path(self):
        for method, path in (("GET", "/no/such/thing"), ("POST", "/"), ("DELETE", "/instance")):
            status, headers, body = raw(method, path)
            self.assertEqual(status, 404, (method, path))
            self.assertTrue(headers["Content-Type"].startswith("application/json"), (method, path))
            self.assertTrue(headers["x-amzn-RequestId"])
            self.assertTrue(headers["X-Amzn-ErrorType"])
            self.assertIn("Message", json.loads(body))
            self.assertNotIn(b"<html", body.lower())


class IsolationTest(TestCase):
    def test_regions(self):
        east, west = client(region="us-east-1"), client(region="eu-west-2")
        iid = new_instance(east)
        arn = east.describe_instance(InstanceId=iid)["Instance"]["Arn"]
        for ref in (iid, arn):
            self.assertAWSError("ResourceNotFoundException", 404, west.describe_instance, InstanceId=ref)
        self.assertNotIn(iid, [s["Id"] for s in west.list_instances()["InstanceSummaryList"]])
        self.cli_error("ResourceNotFoundException", "describe-instance", "--instance-id", iid, region="eu-west-2")
        self.assertEqual(east.describe_instance(InstanceId=iid)["Instance"]["Id"], iid)

    def test_accounts(self):
        default, other = client(key=KEY), client(key="123456789012")
        mine = new_instance(default)
        theirs = new_instance(other)
        self.assertIn(":123456789012:instance/", other.describe_instance(InstanceId=theirs)["Instance"]["Arn"])
        self.assertAWSError("ResourceNotFoundException", 404, other.describe_instance, InstanceId=mine)
        self.assertAWSError("ResourceNotFoundException", 404, default.describe_instance, InstanceId=theirs)
        self.assertAWSError("ResourceNotFoundException", 404, other.delete_instance, InstanceId=mine)
        seen = self.cli("list-instances", key="123456789012")["InstanceSummaryList"]
        self.assertIn(theirs, [s["Id"] for s in seen])
        self.assertNotIn(mine, [s["Id"] for s in seen])
        self.assertEqual(default.describe_instance(InstanceId=mine)["Instance"]["Id"], mine)
