"""Routing profiles through the aws CLI and boto3: the eleven operations of
issue 2 (create, describe, list, delete, associate, disassociate and list
queues, and the concurrency, queues, default outbound queue and name
updates), their errors, paging and isolation.
"""

import json
import uuid

from harness import Center, TestCase, client, new_account, qcfg, qref

CHAT3_ANY = {"Channel": "CHAT", "Concurrency": 3, "CrossChannelBehavior": {"BehaviorType": "ROUTE_ANY_CHANNEL"}}


class RoutingProfileCLITest(TestCase):
    def test_cli(self):
        f = Center()
        sales, sales_arn = f.queue("Sales")
        out = self.cli(
            "create-routing-profile", "--instance-id", f.iid, "--name", "Sales agents", "--description", "Sales floor",
            "--default-outbound-queue-id", sales_arn,
            "--media-concurrencies", json.dumps([{"Channel": "VOICE", "Concurrency": 1}, CHAT3_ANY]),
            "--queue-configs", json.dumps([qcfg(sales, "VOICE", 1, 0)]),
            "--tags", "floor=2",
        )
        pid = out["RoutingProfileId"]
        self.assertEqual(out["RoutingProfileArn"], f.res_arn("routing-profile", pid))

        self.cli("associate-routing-profile-queues", "--instance-id", f.iid, "--routing-profile-id", pid,
                 "--queue-configs", json.dumps([qcfg(f.basic_queue, "CHAT", 2, 30)]))
        listed = self.cli("list-routing-profile-queues", "--instance-id", f.iid, "--routing-profile-id", pid)
        got = {(s["QueueName"], s["Channel"], s["Priority"], s["Delay"]) for s in listed["RoutingProfileQueueConfigSummaryList"]}
        self.assertEqual(got, {("Sales", "VOICE", 1, 0), ("BasicQueue", "CHAT", 2, 30)})
        self.assertEqual(listed["LastModifiedRegion"], "us-east-1")

        p = self.cli("describe-routing-profile", "--instance-id", f.iid, "--routing-profile-id", pid)["RoutingProfile"]
        self.assertEqual((p["Name"], p["Description"], p["DefaultOutboundQueueId"]), ("Sales agents", "Sales floor", sales))
        self.assertEqual(p["MediaConcurrencies"], [
            {"Channel": "VOICE", "Concurrency": 1, "CrossChannelBehavior": {"BehaviorType": "ROUTE_CURRENT_CHANNEL_ONLY"}},
            CHAT3_ANY])
        self.assertEqual((p["NumberOfAssociatedQueues"], p["NumberOfAssociatedUsers"], p["Tags"]), (2, 0, {"floor": "2"}))


class RoutingProfileTest(TestCase):
    def setUp(self):
        super().setUp()
        self.f = Center()
        self.c = self.f.c

    def test_lifecycle(self):
        f, c = self.f, self.c
        sales, sales_arn = f.queue("Sales")
        out = c.create_routing_profile(
            InstanceId=f.arn, Name="Sales agents", Description="Sales floor", DefaultOutboundQueueId=sales_arn,
            AgentAvailabilityTimer="TIME_SINCE_LAST_INBOUND",
            MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}, CHAT3_ANY],
            QueueConfigs=[qcfg(sales_arn, "VOICE"), qcfg(f.basic_queue, "CHAT", 2, 30)], Tags={"floor": "2"})
        pid, arn = out["RoutingProfileId"], out["RoutingProfileArn"]
        for ref in (pid, arn):
            p = f.describe_profile(ref)
            self.assertEqual((p["RoutingProfileId"], p["InstanceId"], p["RoutingProfileArn"]), (pid, f.iid, arn))
            self.assertEqual((p["Name"], p["Description"], p["DefaultOutboundQueueId"]), ("Sales agents", "Sales floor", sales))
            self.assertEqual(p["AgentAvailabilityTimer"], "TIME_SINCE_LAST_INBOUND")
            self.assertEqual((p["NumberOfAssociatedQueues"], p["NumberOfAssociatedUsers"]), (2, 0))
            self.assertEqual(p["LastModifiedRegion"], "us-east-1")
            self.assertEqual([m["CrossChannelBehavior"]["BehaviorType"] for m in p["MediaConcurrencies"]],
                             ["ROUTE_CURRENT_CHANNEL_ONLY", "ROUTE_ANY_CHANNEL"])
        plain = f.describe_profile(f.profile("Plain"))
        self.assertEqual((plain["AgentAvailabilityTimer"], plain["NumberOfAssociatedQueues"]), ("TIME_SINCE_LAST_ACTIVITY", 0))
        summaries = c.list_routing_profiles(InstanceId=f.iid)["RoutingProfileSummaryList"]
        self.assertEqual(sorted(s["Name"] for s in summaries), ["Basic Routing Profile", "Plain", "Sales agents"])
        mine = next(s for s in summaries if s["Id"] == pid)
        self.assertEqual((mine["Arn"], mine["LastModifiedRegion"]), (arn, "us-east-1"))
        self.assertIn("LastModifiedTime", mine)

        # A profile a user works on cannot be deleted, nor a queue it uses.
        uid = f.user("seller")
        c.update_user_routing_profile(InstanceId=f.iid, UserId=uid, RoutingProfileId=pid)
        self.assertEqual(f.describe_profile(pid)["NumberOfAssociatedUsers"], 1)
        self.assertAWSError("ResourceInUseException", 409, c.delete_routing_profile, InstanceId=f.iid, RoutingProfileId=pid)
        self.assertAWSError("ResourceInUseException", 409, c.delete_queue, InstanceId=f.iid, QueueId=sales)
        c.update_user_routing_profile(InstanceId=f.iid, UserId=uid, RoutingProfileId=f.basic_profile)
        c.delete_routing_profile(InstanceId=f.iid, RoutingProfileId=arn)
        self.assertAWSError("ResourceNotFoundException", 404, c.describe_routing_profile, InstanceId=f.iid, RoutingProfileId=pid)
        self.assertAWSError("ResourceNotFoundException", 404, c.delete_routing_profile, InstanceId=f.iid, RoutingProfileId=pid)
        c.delete_queue(InstanceId=f.iid, QueueId=sales)

    def test_create_errors(self):
        f = self.f
        raw = client(validate=False)
        base = dict(InstanceId=f.iid, Name="New", Description="d", DefaultOutboundQueueId=f.basic_queue,
                    MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}])
        nope = str(uuid.uuid4())
        cases = [
            ("unknown instance", dict(InstanceId=nope), "ResourceNotFoundException", 404),
            ("unknown outbound queue", dict(DefaultOutboundQueueId=nope), "ResourceNotFoundException", 404),
            ("unknown queue", dict(QueueConfigs=[qcfg(nope, "VOICE")]), "ResourceNotFoundException", 404),
            ("voice concurrency 2", dict(MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 2}]), "InvalidParameterException", 400),
            ("chat concurrency 11", dict(MediaConcurrencies=[{"Channel": "CHAT", "Concurrency": 11}]), "InvalidParameterException", 400),
            ("no channels", dict(MediaConcurrencies=[]), "InvalidParameterException", 400),
            ("channel twice", dict(MediaConcurrencies=base["MediaConcurrencies"] * 2), "InvalidParameterException", 400),
            ("pair twice", dict(QueueConfigs=[qcfg(f.basic_queue, "VOICE"), qcfg(f.basic_queue_arn, "VOICE", 2)]),
             "InvalidParameterException", 400),
            ("duplicate name", dict(Name="basic ROUTING profile"), "DuplicateResourceException", 409),
            ("manual assignment", dict(ManualAssignmentQueueConfigs=[{"QueueReference": qref(f.basic_queue, "CHAT")}]),
             "InvalidRequestException", 400),
        ]
        for name, mod, code, status in cases:
            with self.subTest(name):
                self.assertAWSError(code, status, raw.create_routing_profile, **{**base, **mod})
        self.assertEqual(len(self.c.list_routing_profiles(InstanceId=f.iid)["RoutingProfileSummaryList"]), 1)
        self.c.create_routing_profile(**{**base, "MediaConcurrencies": [
            {"Channel": "VOICE", "Concurrency": 1}, {"Channel": "CHAT", "Concurrency": 10},
            {"Channel": "TASK", "Concurrency": 10}, {"Channel": "EMAIL", "Concurrency": 10}],
            "QueueConfigs": [qcfg(f.basic_queue, "VOICE"), qcfg(f.basic_queue, "CHAT")]})

    def test_queue_association(self):
        f, c = self.f, self.c
        q1, q1_arn = f.queue("One")
        q2, _ = f.queue("Two")
        pid = f.profile("Assoc", qcfg(q1, "VOICE"))

        def assoc(*cfgs, profile=pid):
            return c.associate_routing_profile_queues(InstanceId=f.iid, RoutingProfileId=profile, QueueConfigs=list(cfgs))

        assoc(qcfg(q1_arn, "CHAT", 5, 10), qcfg(q2, "VOICE", 2))
        self.assertAWSError("InvalidRequestException", 400, assoc, qcfg(q1, "VOICE", 3))
        self.assertAWSError("InvalidParameterException", 400, assoc, qcfg(q2, "TASK"), qcfg(q2, "TASK", 2))
        self.assertAWSError("ResourceNotFoundException", 404, assoc, qcfg(str(uuid.uuid4()), "TASK"))
        self.assertAWSError("ResourceNotFoundException", 404, assoc, qcfg(q2, "TASK"), profile=str(uuid.uuid4()))
        got = f.profile_queues(pid)
        self.assertEqual(len(got), 3)
        s = got[f"{q1}/CHAT"]
        self.assertEqual((s["QueueName"], s["QueueArn"], s["Priority"], s["Delay"]), ("One", q1_arn, 5, 10))

        # Update changes held pairs only.
        c.update_routing_profile_queues(InstanceId=f.iid, RoutingProfileId=pid, QueueConfigs=[qcfg(q2, "VOICE", 9, 99)])
        self.assertAWSError("InvalidRequestException", 400, c.update_routing_profile_queues, InstanceId=f.iid,
                            RoutingProfileId=pid, QueueConfigs=[qcfg(q2, "CHAT")])
        self.assertAWSError("ResourceNotFoundException", 404, c.update_routing_profile_queues, InstanceId=f.iid,
                            RoutingProfileId=pid, QueueConfigs=[qcfg(str(uuid.uuid4()), "CHAT")])
        s = f.profile_queues(pid)[f"{q2}/VOICE"]
        self.assertEqual((s["Priority"], s["Delay"]), (9, 99))

        def disassoc(*refs):
            return client(validate=False).disassociate_routing_profile_queues(
                InstanceId=f.iid, RoutingProfileId=pid, QueueReferences=list(refs))

        disassoc(qref(q1_arn, "CHAT"), qref(q2, "VOICE"))
        self.assertAWSError("InvalidRequestException", 400, disassoc, qref(q2, "VOICE"))
        self.assertAWSError("ResourceNotFoundException", 404, disassoc, qref(str(uuid.uuid4()), "VOICE"))
        self.assertAWSError("InvalidParameterException", 400, disassoc)
        self.assertEqual(list(f.profile_queues(pid)), [f"{q1}/VOICE"])
        self.assertEqual(f.describe_profile(pid)["NumberOfAssociatedQueues"], 1)

    def test_updates(self):
        f, c = self.f, self.c
        pid = f.profile("Before")
        other, other_arn = f.queue("Outbound")
        raw = client(validate=False)
        c.update_routing_profile_concurrency(InstanceId=f.iid, RoutingProfileId=pid, MediaConcurrencies=[
            {"Channel": "CHAT", "Concurrency": 4, "CrossChannelBehavior": {"BehaviorType": "ROUTE_ANY_CHANNEL"}},
            {"Channel": "TASK", "Concurrency": 10}])
        for bad in ([{"Channel": "VOICE", "Concurrency": 2}],
                    [{"Channel": "CHAT", "Concurrency": 1}, {"Channel": "CHAT", "Concurrency": 2}], []):
            self.assertAWSError("InvalidParameterException", 400, raw.update_routing_profile_concurrency,
                                InstanceId=f.iid, RoutingProfileId=pid, MediaConcurrencies=bad)

        c.update_routing_profile_default_outbound_queue(InstanceId=f.iid, RoutingProfileId=pid, DefaultOutboundQueueId=other_arn)
        self.assertAWSError("ResourceNotFoundException", 404, c.update_routing_profile_default_outbound_queue,
                            InstanceId=f.iid, RoutingProfileId=pid, DefaultOutboundQueueId=str(uuid.uuid4()))
        self.assertAWSError("ResourceInUseException", 409, c.delete_queue, InstanceId=f.iid, QueueId=other)

        c.update_routing_profile_name(InstanceId=f.iid, RoutingProfileId=pid, Name="After")
        c.update_routing_profile_name(InstanceId=f.iid, RoutingProfileId=pid, Description="new description")
        c.update_routing_profile_name(InstanceId=f.iid, RoutingProfileId=pid, Name="AFTER")
        self.assertAWSError("DuplicateResourceException", 409, c.update_routing_profile_name,
                            InstanceId=f.iid, RoutingProfileId=pid, Name="basic routing profile")
        self.assertAWSError("InvalidParameterException", 400, c.update_routing_profile_name, InstanceId=f.iid, RoutingProfileId=pid)
        self.assertAWSError("ResourceNotFoundException", 404, c.update_routing_profile_name,
                            InstanceId=f.iid, RoutingProfileId=str(uuid.uuid4()), Name="x")
        c.update_routing_profile_agent_availability_timer(InstanceId=f.iid, RoutingProfileId=pid,
                                                          AgentAvailabilityTimer="TIME_SINCE_LAST_INBOUND")
        p = f.describe_profile(pid)
        self.assertEqual((p["Name"], p["Description"], p["DefaultOutboundQueueId"], p["AgentAvailabilityTimer"]),
                         ("AFTER", "new description", other, "TIME_SINCE_LAST_INBOUND"))
        self.assertEqual([(m["Channel"], m["Concurrency"], m["CrossChannelBehavior"]["BehaviorType"]) for m in p["MediaConcurrencies"]],
                         [("CHAT", 4, "ROUTE_ANY_CHANNEL"), ("TASK", 10, "ROUTE_CURRENT_CHANNEL_ONLY")])

    def test_paging(self):
        f, c = self.f, self.c
        pid = f.profile("Wide", *[qcfg(f.queue(f"P{i}")[0], "VOICE", i + 1) for i in range(7)])
        for i in range(5):
            f.profile(f"Extra {i}")
        pages = list(c.get_paginator("list_routing_profiles").paginate(InstanceId=f.iid, PaginationConfig={"PageSize": 3}))
        self.assertEqual([len(p["RoutingProfileSummaryList"]) for p in pages], [3, 3, 1])
        self.assertEqual(len({s["Id"] for p in pages for s in p["RoutingProfileSummaryList"]}), 7)
        pages = list(c.get_paginator("list_routing_profile_queues").paginate(
            InstanceId=f.iid, RoutingProfileId=pid, PaginationConfig={"PageSize": 3}))
        self.assertEqual([len(p["RoutingProfileQueueConfigSummaryList"]) for p in pages], [3, 3, 1])
        token = pages[0]["NextToken"]
        self.assertAWSError("InvalidParameterException", 400, c.list_routing_profile_queues,
                            InstanceId=f.iid, RoutingProfileId=f.basic_profile, NextToken=token)
        self.assertAWSError("InvalidParameterException", 400, c.list_routing_profiles, InstanceId=f.iid, NextToken="forged")

    def test_isolation(self):
        f = self.f
        pid = f.profile("Mine")
        arn = f.res_arn("routing-profile", pid)
        for other in (client(key=new_account()), client(region="eu-west-2")):
            for ref in (pid, arn):
                self.assertAWSError("ResourceNotFoundException", 404, other.describe_routing_profile,
                                    InstanceId=f.iid, RoutingProfileId=ref)
            self.assertAWSError("ResourceNotFoundException", 404, other.list_routing_profiles, InstanceId=f.iid)
        g = Center()
        for ref in (pid, arn):
            self.assertAWSError("ResourceNotFoundException", 404, self.c.describe_routing_profile,
                                InstanceId=g.iid, RoutingProfileId=ref)
        self.assertAWSError("ResourceNotFoundException", 404, self.c.create_user, InstanceId=g.iid, Username="x",
                            RoutingProfileId=pid, SecurityProfileIds=[g.agent_sp])
