"""Routing, end to end through boto3 on a virtual clock: issue 4's "done
means". Contacts started through the API run their flow, wait in a queue,
and reach the agent their routing-criteria step allows; DescribeContact
shows each step's status and every timestamp; UpdateContactRoutingData
reorders a queue, and the next routed contact proves it.

The virtual clock is one for a whole server, so this module starts a
connect-local of its own with --clock virtual (in the suite's storage
mode) and moves it through POST /_local/clock/advance (docs/local-api.md).
"""

import json

from harness import Center, TestCase, client, qcfg, raw_json, start_server, stop_server

srv = None


def setUpModule():
    global srv
    srv = start_server(clock="virtual")


def tearDownModule():
    stop_server(srv)


def skill_flow():
    """Two routing-criteria steps on Technology=DynamoDB: level 4 or more
    for 30 s, then level 1 or more; then transfer to the working queue."""
    def step(level, **kw):
        return {**kw, "Expression": {"AttributeCondition": {
            "Name": "Technology", "Value": "DynamoDB", "ProficiencyLevel": level,
            "ComparisonOperator": "NumberGreaterOrEqualTo"}}}
    end = {"NextAction": "end"}
    return json.dumps({"Version": "2019-10-30", "StartAction": "criteria", "Actions": [
        {"Identifier": "criteria", "Type": "UpdateRoutingCriteria",
         "Parameters": {"RoutingCriteria": {"Steps": [step(4, Expiry={"DurationInSeconds": 30}), step(1)]}},
         "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "transfer", "ErrorType": "NoMatchingError"}]}},
        {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
         "Transitions": {**end, "Errors": [{**end, "ErrorType": "QueueAtCapacity"}, {**end, "ErrorType": "NoMatchingError"}]}},
        {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]})


class RoutingTestCase(TestCase):
    def setUp(self):
        super().setUp()
        self.c = client(ep=srv.endpoint)
        self.f = Center(self.c)
        self.iid = self.f.iid
        statuses = self.c.list_agent_statuses(InstanceId=self.iid)["AgentStatusSummaryList"]
        self.available = next(s["Id"] for s in statuses if s["Name"] == "Available")
        flows = self.c.list_contact_flows(InstanceId=self.iid, ContactFlowTypes=["CONTACT_FLOW"])["ContactFlowSummaryList"]
        self.basic_flow = next(s["Id"] for s in flows if s["Name"] == "Basic routing flow")

    def local(self, method, path, body=None):
        status, out = raw_json(method, path, body, ep=srv.endpoint)
        self.assertEqual(status, 200, f"{method} {path}: {out}")
        return out

    def now(self):
        clock = self.local("GET", "/_local/clock")
        self.assertEqual(clock["Mode"], "virtual")
        return clock["EpochSeconds"]

    def advance(self, seconds):
        return self.local("POST", "/_local/clock/advance", {"Seconds": seconds})["EpochSeconds"]

    def set_available(self, uid):
        self.c.put_user_status(InstanceId=self.iid, UserId=uid, AgentStatusId=self.available)

    def task(self, name, flow):
        return self.c.start_task_contact(InstanceId=self.iid, ContactFlowId=flow, Name=name)["ContactId"]

    def describe(self, cid):
        return self.c.describe_contact(InstanceId=self.iid, ContactId=cid)["Contact"]

    def agent_contacts(self, uid):
        """The agent's contacts and their states, from GetCurrentUserData."""
        out = self.c.get_current_user_data(InstanceId=self.iid, Filters={"Agents": [uid]})
        self.assertEqual([d["User"]["Id"] for d in out["UserDataList"]], [uid])
        return {r["ContactId"]: r["AgentContactState"] for d in out["UserDataList"] for r in d.get("Contacts", [])}

    def assertAt(self, ts, epoch, what):
        self.assertIsNotNone(ts, what)
        self.assertEqual(ts.timestamp(), epoch, what)


class RoutingStepsTest(RoutingTestCase):
    def test_first_step_expires_and_the_second_joins(self):
        c, iid = self.c, self.iid
        c.create_predefined_attribute(InstanceId=iid, Name="Technology", Values={"StringList": ["DynamoDB", "S3"]})
        alice, bob = self.f.user("alice", auto_accept=True), self.f.user("bob", auto_accept=True)
        for uid, level in ((alice, 5.0), (bob, 2.0)):
            c.associate_user_proficiencies(InstanceId=iid, UserId=uid, UserProficiencies=[
                {"AttributeName": "Technology", "AttributeValue": "DynamoDB", "Level": level}])
        flow = c.create_contact_flow(InstanceId=iid, Name="Skills", Type="CONTACT_FLOW", Content=skill_flow())["ContactFlowId"]
        self.set_available(bob)  # alice stays Offline

        t0 = self.now()
        cid = self.task("dynamo question", flow)
        d = self.describe(cid)
        self.assertNotIn("AgentInfo", d)
        self.assertAt(d["InitiationTimestamp"], t0, "InitiationTimestamp")
        self.assertAt(d["QueueInfo"]["EnqueueTimestamp"], t0, "EnqueueTimestamp")
        self.assertEqual(d["QueueInfo"]["Id"], self.f.basic_queue)
        rc = d["RoutingCriteria"]
        self.assertEqual([s["Status"] for s in rc["Steps"]], ["ACTIVE", "INACTIVE"])
        self.assertEqual(rc["Index"], 0)
        self.assertAt(rc["ActivationTimestamp"], t0, "ActivationTimestamp")
        self.assertEqual(rc["Steps"][0]["Expiry"]["DurationInSeconds"], 30)
        self.assertAt(rc["Steps"][0]["Expiry"]["ExpiryTimestamp"], t0 + 30, "ExpiryTimestamp")
        cond = rc["Steps"][0]["Expression"]["AttributeCondition"]
        self.assertEqual((cond["Name"], cond["Value"], cond["ProficiencyLevel"]), ("Technology", "DynamoDB", 4))

        self.assertEqual(self.advance(29), t0 + 29)
        self.assertNotIn("AgentInfo", self.describe(cid), "bob (level 2) got the contact during step 1")
        self.assertEqual(self.agent_contacts(bob), {})

        self.advance(1)
        d = self.describe(cid)
        self.assertEqual([s["Status"] for s in d["RoutingCriteria"]["Steps"]], ["EXPIRED", "JOINED"])
        self.assertEqual(d["AgentInfo"]["Id"], bob)
        self.assertAt(d["AgentInfo"]["ConnectedToAgentTimestamp"], t0 + 30, "ConnectedToAgentTimestamp")
        self.assertAt(d["QueueInfo"]["EnqueueTimestamp"], t0, "EnqueueTimestamp after routing")
        self.assertEqual(self.agent_contacts(bob), {cid: "CONNECTED"})
        self.assertEqual(self.agent_contacts(alice), {})
        data = c.get_current_user_data(InstanceId=iid, Filters={"Agents": [bob]})["UserDataList"][0]
        ref = data["Contacts"][0]
        self.assertEqual(ref["Queue"], {"Id": self.f.basic_queue, "Arn": self.f.basic_queue_arn})
        self.assertEqual((ref["Channel"], ref["InitiationMethod"]), ("TASK", "API"))
        self.assertAt(ref["ConnectedToAgentTimestamp"], t0 + 30, "current data ConnectedToAgentTimestamp")
        self.assertEqual((data["Status"]["StatusName"], data["ActiveSlotsByChannel"]["TASK"]), ("Available", 1))

        # With alice available, a new contact joins at step 1, at once.
        self.set_available(alice)
        cid2 = self.task("another", flow)
        d = self.describe(cid2)
        self.assertEqual(d["AgentInfo"]["Id"], alice)
        self.assertEqual([s["Status"] for s in d["RoutingCriteria"]["Steps"]], ["JOINED", "INACTIVE"])
        self.assertAt(d["AgentInfo"]["ConnectedToAgentTimestamp"], t0 + 30, "second contact")
        out = c.get_current_user_data(InstanceId=iid, Filters={"Agents": [alice, bob]})
        self.assertEqual({u["User"]["Id"]: [r["ContactId"] for r in u["Contacts"]] for u in out["UserDataList"]},
                         {alice: [cid2], bob: [cid]})


class RoutingDataTest(RoutingTestCase):
    def test_update_contact_routing_data_reorders_the_queue(self):
        c, iid, f = self.c, self.iid, self.f
        one_task = c.create_routing_profile(
            InstanceId=iid, Name="One task", Description="one task at a time", DefaultOutboundQueueId=f.basic_queue,
            MediaConcurrencies=[{"Channel": "TASK", "Concurrency": 1}],
            QueueConfigs=[qcfg(f.basic_queue, "TASK")])["RoutingProfileId"]
        ann = f.user("ann", profile=one_task, auto_accept=True)

        t0 = self.now()
        ids = []
        for i in range(3):
            ids.append(self.task(f"t{i}", self.basic_flow))
            self.advance(10)
        first, second, last = ids
        for i, cid in enumerate(ids):
            d = self.describe(cid)
            self.assertAt(d["QueueInfo"]["EnqueueTimestamp"], t0 + 10 * i, f"t{i} enqueued")
            self.assertEqual(d["QueuePriority"], 5)

        c.update_contact_routing_data(InstanceId=iid, ContactId=last, QueuePriority=1)
        c.update_contact_routing_data(InstanceId=iid, ContactId=second, QueueTimeAdjustmentSeconds=60)
        self.assertEqual(self.describe(last)["QueuePriority"], 1)
        self.assertEqual(self.describe(second)["QueueTimeAdjustmentSeconds"], 60)
        engine = self.local("GET", f"/_local/instances/{iid}/engine")
        self.assertEqual([q["ContactId"] for q in engine["Queues"][0]["Contacts"]], [last, second, first])

        raw = client(validate=False, ep=srv.endpoint)
        self.assertAWSError("InvalidParameterException", 400, raw.update_contact_routing_data, InstanceId=iid,
                            ContactId=first, QueuePriority=2, QueueTimeAdjustmentSeconds=1)
        self.assertAWSError("InvalidParameterException", 400, raw.update_contact_routing_data, InstanceId=iid, ContactId=first)
        self.assertAWSError("ResourceNotFoundException", 404, c.update_contact_routing_data, InstanceId=iid,
                            ContactId="nope", QueuePriority=2)

        # Available: priority 1 first, though it is the newest.
        t1 = t0 + 30
        self.set_available(ann)
        self.assertEqual(self.agent_contacts(ann), {last: "CONNECTED"})
        d = self.describe(last)
        self.assertEqual(d["AgentInfo"]["Id"], ann)
        self.assertAt(d["AgentInfo"]["ConnectedToAgentTimestamp"], t1, "last connected")
        self.assertAWSError("ResourceConflictException", 409, c.update_contact_routing_data, InstanceId=iid,
                            ContactId=last, QueuePriority=2)

        # The customer leaves; after-contact work until cleared; then the
        # contact made older by 60 s comes next.
        self.advance(20)
        self.local("POST", f"/_local/instances/{iid}/contacts/{last}/end-customer")
        self.assertEqual(self.agent_contacts(ann), {last: "ENDED"})
        self.advance(5)
        self.local("POST", f"/_local/instances/{iid}/agents/{ann}/contacts/{last}/clear-acw")
        d = self.describe(last)
        self.assertAt(d["DisconnectTimestamp"], t1 + 20, "DisconnectTimestamp")
        self.assertAt(d["AgentInfo"]["AfterContactWorkStartTimestamp"], t1 + 20, "ACW start")
        self.assertAt(d["AgentInfo"]["AfterContactWorkEndTimestamp"], t1 + 25, "ACW end")
        self.assertEqual(d["AgentInfo"]["AfterContactWorkDuration"], 5)
        self.assertEqual(self.agent_contacts(ann), {second: "CONNECTED"})
        self.assertAt(self.describe(second)["AgentInfo"]["ConnectedToAgentTimestamp"], t1 + 25, "second connected")
        self.assertNotIn("AgentInfo", self.describe(first))


class ChannelConfigTest(RoutingTestCase):
    """UpdateUserConfig's per-channel values decide routing: auto-accept
    on offer and the ACW limit follow the contact's channel; a channel
    with no value of its own takes PhoneConfig's (docs/routing.md)."""

    def test_auto_accept_and_acw_of_the_contacts_channel(self):
        c, iid = self.c, self.iid
        kim = self.f.user("kim", auto_accept=False, acw=60)
        c.update_user_config(InstanceId=iid, UserId=kim,
                             AutoAcceptConfigs=[{"Channel": "CHAT", "AutoAccept": True}],
                             AfterContactWorkConfigs=[{"Channel": "CHAT", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 10}}])
        self.set_available(kim)

        t0 = self.now()
        chat = c.start_chat_contact(InstanceId=iid, ContactFlowId=self.basic_flow,
                                    ParticipantDetails={"DisplayName": "Ann"})["ContactId"]
        self.assertEqual(self.agent_contacts(kim), {chat: "CONNECTED"}, "CHAT auto-accept: connected at once")
        self.assertAt(self.describe(chat)["AgentInfo"]["ConnectedToAgentTimestamp"], t0, "chat connected")
        self.local("POST", f"/_local/instances/{iid}/contacts/{chat}/end-customer")
        self.advance(9)
        self.assertEqual(self.agent_contacts(kim), {chat: "ENDED"}, "chat in ACW before CHAT's 10 s")
        self.advance(1)
        self.assertEqual(self.agent_contacts(kim), {}, "chat's ACW ends after CHAT's 10 s")
        self.assertEqual(self.describe(chat)["AgentInfo"]["AfterContactWorkDuration"], 10)

        # TASK has no value of its own: PhoneConfig's (ring; ACW 60 s).
        task = self.task("follow-up", self.basic_flow)
        self.assertEqual(self.agent_contacts(kim), {task: "CONNECTING"}, "task rings")
        self.local("POST", f"/_local/instances/{iid}/agents/{kim}/contacts/{task}/accept")
        self.local("POST", f"/_local/instances/{iid}/contacts/{task}/end-customer")
        self.advance(59)
        self.assertEqual(self.agent_contacts(kim), {task: "ENDED"}, "task in ACW before PhoneConfig's 60 s")
        self.advance(1)
        self.assertEqual(self.agent_contacts(kim), {}, "task's ACW ends after 60 s")
