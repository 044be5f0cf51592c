"""Agent statuses through the aws CLI and boto3: the defaults, create,
describe, list with a type filter, update (name, state, display order),
errors, paging and isolation.
"""

import uuid

from harness import TestCase, client, new_account, new_instance


def statuses(c, iid, **kw):
    out = {}
    for page in c.get_paginator("list_agent_statuses").paginate(InstanceId=iid, **kw):
        for s in page["AgentStatusSummaryList"]:
            out[s["Name"]] = s
    return out


class AgentStatusTestCase(TestCase):
    def setUp(self):
        super().setUp()
        self.c = client()
        self.iid = new_instance(self.c)

    def create(self, name, **kw):
        return self.c.create_agent_status(InstanceId=self.iid, Name=name, State=kw.pop("State", "ENABLED"), **kw)["AgentStatusId"]

    def describe(self, sid):
        return self.c.describe_agent_status(InstanceId=self.iid, AgentStatusId=sid)["AgentStatus"]

    def order(self, *sids):
        return [self.describe(s).get("DisplayOrder") for s in sids]


class AgentStatusCLITest(AgentStatusTestCase):
    def test_cli(self):
        out = self.cli("create-agent-status", "--instance-id", self.iid, "--name", "Break", "--description", "Coffee",
                       "--state", "ENABLED", "--tags", "team=blue")
        sid = out["AgentStatusId"]
        self.assertTrue(out["AgentStatusARN"].endswith(f":instance/{self.iid}/agent-state/{sid}"), out)
        self.cli("update-agent-status", "--instance-id", self.iid, "--agent-status-id", sid,
                 "--name", "Long break", "--state", "DISABLED")
        s = self.describe(sid)
        self.assertEqual((s["Name"], s["Description"], s["State"], s["Type"], s["DisplayOrder"], s["Tags"]),
                         ("Long break", "Coffee", "DISABLED", "CUSTOM", 3, {"team": "blue"}))
        listed = self.cli("list-agent-statuses", "--instance-id", self.iid,
                          "--agent-status-types", "CUSTOM", "OFFLINE")["AgentStatusSummaryList"]
        self.assertEqual(sorted((s["Name"], s["Type"]) for s in listed), [("Long break", "CUSTOM"), ("Offline", "OFFLINE")])


class AgentStatusTest(AgentStatusTestCase):
    def test_defaults(self):
        all_ = statuses(self.c, self.iid)
        self.assertEqual({n: s["Type"] for n, s in all_.items()}, {"Available": "ROUTABLE", "Offline": "OFFLINE"})
        for i, name in enumerate(("Available", "Offline")):
            s = all_[name]
            self.assertEqual(s["LastModifiedRegion"], "us-east-1")
            d = self.describe(s["Id"])
            self.assertEqual((d["Name"], d["State"], d["Type"], d["DisplayOrder"], d["AgentStatusARN"]),
                             (name, "ENABLED", s["Type"], i + 1, s["Arn"]))
        self.assertEqual(statuses(self.c, self.iid, AgentStatusTypes=["CUSTOM"]), {})

    def test_create_describe_list(self):
        out = self.c.create_agent_status(InstanceId=self.iid, Name="Break", Description="Coffee", State="ENABLED",
                                         Tags={"team": "blue"})
        arn = out["AgentStatusARN"]
        self.assertEqual(arn, f"arn:aws:connect:us-east-1:000000000000:instance/{self.iid}/agent-state/{out['AgentStatusId']}")
        d = self.describe(arn)  # the ARN works wherever the ID does
        self.assertEqual((d["Name"], d["Description"], d["Type"], d["State"], d["DisplayOrder"], d["Tags"]),
                         ("Break", "Coffee", "CUSTOM", "ENABLED", 3, {"team": "blue"}))
        training = self.create("Training", State="DISABLED")
        d = self.describe(training)
        self.assertEqual(d["State"], "DISABLED")
        self.assertNotIn("Description", d)
        self.assertEqual(len(statuses(self.c, self.iid)), 4)
        self.assertEqual(sorted(statuses(self.c, self.iid, AgentStatusTypes=["CUSTOM", "OFFLINE"])),
                         ["Break", "Offline", "Training"])
        self.assertEqual(sorted(statuses(self.c, self.iid, AgentStatusTypes=["ROUTABLE"])), ["Available"])

    def test_errors(self):
        other = new_instance(self.c)
        sid = self.create("Break")
        for name in ("break", "AVAILABLE", "offline"):
            self.assertAWSError("DuplicateResourceException", 409, self.create, name)
        raw = client(validate=False)
        nope = str(uuid.uuid4())
        self.assertAWSError("ResourceNotFoundException", 404, self.c.create_agent_status, InstanceId=nope, Name="X", State="ENABLED")
        for kw in (dict(DisplayOrder=51), dict(State="PAUSED"), dict(Tags={"aws:reserved": "x"})):
            with self.subTest(kw):
                self.assertAWSError("InvalidParameterException", 400, raw.create_agent_status,
                                    **{"InstanceId": self.iid, "Name": "X", "State": "ENABLED", **kw})
        arn = f"arn:aws:connect:us-east-1:000000000000:instance/{self.iid}/agent-state/{sid}"
        for iid, ref in ((self.iid, nope), (nope, sid), (other, sid), (other, arn),
                         (self.iid, f"arn:aws:connect:us-east-1:000000000000:instance/{self.iid}/queue/{sid}")):
            self.assertAWSError("ResourceNotFoundException", 404, self.c.describe_agent_status, InstanceId=iid, AgentStatusId=ref)
        for oc in (client(key=new_account()), client(region="eu-west-2")):
            self.assertAWSError("ResourceNotFoundException", 404, oc.describe_agent_status, InstanceId=self.iid, AgentStatusId=sid)
            self.assertAWSError("ResourceNotFoundException", 404, oc.list_agent_statuses, InstanceId=self.iid)
        self.assertAWSError("ResourceNotFoundException", 404, self.c.update_agent_status,
                            InstanceId=self.iid, AgentStatusId=nope, Name="Y")

    def test_update(self):
        sid = self.c.create_agent_status(InstanceId=self.iid, Name="Break", Description="Coffee", State="ENABLED")["AgentStatusId"]
        self.create("Lunch")
        before = self.describe(sid)["LastModifiedTime"]

        def update(**kw):
            kw.setdefault("AgentStatusId", sid)
            return self.c.update_agent_status(InstanceId=self.iid, **kw)

        update(Name="Long break", Description="", State="DISABLED")
        d = self.describe(sid)
        self.assertEqual((d["Name"], d["State"], d["Type"]), ("Long break", "DISABLED", "CUSTOM"))
        self.assertNotIn("Description", d)
        self.assertGreaterEqual(d["LastModifiedTime"], before)
        update(Name="LONG BREAK")
        self.assertAWSError("DuplicateResourceException", 409, update, Name="lunch")
        raw = client(validate=False)
        for kw in ({}, dict(DisplayOrder=1, ResetOrderNumber=True), dict(DisplayOrder=0)):
            with self.subTest(kw):
                self.assertAWSError("InvalidParameterException", 400, raw.update_agent_status,
                                    InstanceId=self.iid, AgentStatusId=sid, **kw)

        # Built-in statuses can be renamed but never disabled.
        all_ = statuses(self.c, self.iid)
        avail = all_["Available"]["Id"]
        for sys_id in (avail, all_["Offline"]["Id"]):
            self.assertAWSError("InvalidParameterException", 400, update, AgentStatusId=sys_id, State="DISABLED")
            update(AgentStatusId=sys_id, State="ENABLED")
        update(AgentStatusId=avail, Name="Ready", Description="Taking contacts")
        d = self.describe(avail)
        self.assertEqual((d["Name"], d["Type"], d["State"]), ("Ready", "ROUTABLE", "ENABLED"))
        self.create("Available")  # the old name is free

    def test_display_order(self):
        all_ = statuses(self.c, self.iid)
        avail, offline = all_["Available"]["Id"], all_["Offline"]["Id"]
        a = self.create("A")
        b = self.create("B", DisplayOrder=1)
        self.assertEqual(self.order(b, avail, offline, a), [1, 2, 3, 4])

        def move(sid, **kw):
            self.c.update_agent_status(InstanceId=self.iid, AgentStatusId=sid, **kw)

        move(a, DisplayOrder=2)
        self.assertEqual(self.order(b, a, avail, offline), [1, 2, 3, 4])
        move(a, DisplayOrder=50)
        self.assertEqual(self.order(b, avail, offline, a), [1, 2, 3, 4])
        move(b, ResetOrderNumber=True)
        self.assertEqual(self.order(b, avail, offline, a), [None, 1, 2, 3])
        move(b, DisplayOrder=3)
        self.assertEqual(self.order(avail, offline, b, a), [1, 2, 3, 4])

    def test_paging(self):
        for i in range(10):
            self.create(f"S{i}")
        pages = list(self.c.get_paginator("list_agent_statuses").paginate(InstanceId=self.iid, PaginationConfig={"PageSize": 5}))
        self.assertEqual([len(p["AgentStatusSummaryList"]) for p in pages], [5, 5, 2])
        self.assertEqual(len({s["Id"] for p in pages for s in p["AgentStatusSummaryList"]}), 12)
        self.assertAWSError("InvalidParameterException", 400, self.c.list_agent_statuses, InstanceId=self.iid,
                            NextToken=pages[0]["NextToken"], AgentStatusTypes=["CUSTOM"])
        self.assertAWSError("InvalidParameterException", 400, client(validate=False).list_agent_statuses,
                            InstanceId=self.iid, MaxResults=1001)

    def test_quota(self):
        for i in range(48):  # 50 per instance, Available and Offline included
            self.create(f"Custom {i:02d}")
        self.assertAWSError("LimitExceededException", 429, self.create, "One too many")
        self.assertEqual(len(statuses(self.c, self.iid)), 50)
