"""Tags through the aws CLI and boto3: TagResource, UntagResource and
ListTagsForResource on every resource type of issue 2, tags given at
create showing in Describe, the aws: prefix, limits and isolation.
"""

import uuid

from harness import Center, TestCase, client, new_account

NINE_TO_FIVE = [{"Day": "MONDAY", "StartTime": {"Hours": 9, "Minutes": 0}, "EndTime": {"Hours": 17, "Minutes": 0}}]


class TagTestCase(TestCase):
    def setUp(self):
        super().setUp()
        self.f = Center()
        self.c = self.f.c

    def tags(self, arn):
        return self.c.list_tags_for_resource(resourceArn=arn)["tags"]

    def tagged_resources(self):
        """One resource of each type, created with tags {"kind": type};
        returns {type: (arn, id)}."""
        f, c = self.f, self.c
        out = {}
        h = c.create_hours_of_operation(InstanceId=f.iid, Name="Tagged", TimeZone="UTC", Config=NINE_TO_FIVE,
                                        Tags={"kind": "hours"})
        out["hours"] = (h["HoursOfOperationArn"], h["HoursOfOperationId"])
        q = c.create_queue(InstanceId=f.iid, Name="Tagged", HoursOfOperationId=h["HoursOfOperationId"], Tags={"kind": "queue"})
        out["queue"] = (q["QueueArn"], q["QueueId"])
        p = c.create_routing_profile(InstanceId=f.iid, Name="Tagged", Description="t", DefaultOutboundQueueId=q["QueueId"],
                                     MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}], Tags={"kind": "profile"})
        out["profile"] = (p["RoutingProfileArn"], p["RoutingProfileId"])
        s = c.create_agent_status(InstanceId=f.iid, Name="Tagged", State="ENABLED", Tags={"kind": "status"})
        out["status"] = (s["AgentStatusARN"], s["AgentStatusId"])
        u = c.create_user(InstanceId=f.iid, Username="tagged", RoutingProfileId=f.basic_profile,
                          SecurityProfileIds=[f.agent_sp], Tags={"kind": "user"})
        out["user"] = (u["UserArn"], u["UserId"])
        c.update_user_hierarchy_structure(InstanceId=f.iid, HierarchyStructure={"LevelOne": {"Name": "Site"}})
        g = c.create_user_hierarchy_group(InstanceId=f.iid, Name="Tagged", Tags={"kind": "group"})
        out["group"] = (g["HierarchyGroupArn"], g["HierarchyGroupId"])
        fl = c.create_contact_flow(InstanceId=f.iid, Name="Tagged", Type="CONTACT_FLOW", Tags={"kind": "flow"},
                                   Content='{"Version":"2019-10-30","StartAction":"end","Actions":[{"Identifier":"end",'
                                           '"Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}')
        out["flow"] = (fl["ContactFlowArn"], fl["ContactFlowId"])
        return out


class TagCLITest(TagTestCase):
    def test_cli(self):
        f = self.f
        qarn = f.basic_queue_arn
        self.cli("tag-resource", "--resource-arn", qarn, "--tags", "env=test,team=blue")
        self.cli("untag-resource", "--resource-arn", qarn, "--tag-keys", "team", "never-set")
        self.assertEqual(self.cli("list-tags-for-resource", "--resource-arn", qarn)["tags"], {"env": "test"})


class TagTest(TagTestCase):
    def test_every_resource_type(self):
        f, c = self.f, self.c
        created = self.tagged_resources()
        arns = {kind: arn for kind, (arn, _) in created.items()}
        arns["instance"] = f.arn
        arns["security profile"] = f.security_profiles["Admin"]["Arn"]
        for kind, arn in sorted(arns.items()):
            with self.subTest(kind):
                want = {"kind": kind} if kind in created else {}
                self.assertEqual(self.tags(arn), want)
                c.tag_resource(resourceArn=arn, tags={"env": "test", "kind": kind + "!"})
                self.assertEqual(self.tags(arn), {"env": "test", "kind": kind + "!"})
                c.untag_resource(resourceArn=arn, tagKeys=["kind", "never-set"])
                self.assertEqual(self.tags(arn), {"env": "test"})

    def test_tags_show_in_describe(self):
        f, c = self.f, self.c
        created = self.tagged_resources()
        for arn, _ in created.values():
            c.tag_resource(resourceArn=arn, tags={"added": "yes"})
        c.tag_resource(resourceArn=f.arn, tags={"added": "yes"})
        sp = f.security_profiles["Agent"]
        c.tag_resource(resourceArn=sp["Arn"], tags={"added": "yes"})
        iid = f.iid
        described = {
            "hours": c.describe_hours_of_operation(InstanceId=iid, HoursOfOperationId=created["hours"][1])["HoursOfOperation"],
            "queue": c.describe_queue(InstanceId=iid, QueueId=created["queue"][1])["Queue"],
            "profile": c.describe_routing_profile(InstanceId=iid, RoutingProfileId=created["profile"][1])["RoutingProfile"],
            "status": c.describe_agent_status(InstanceId=iid, AgentStatusId=created["status"][1])["AgentStatus"],
            "user": c.describe_user(InstanceId=iid, UserId=created["user"][1])["User"],
            "group": c.describe_user_hierarchy_group(InstanceId=iid, HierarchyGroupId=created["group"][1])["HierarchyGroup"],
            "flow": c.describe_contact_flow(InstanceId=iid, ContactFlowId=created["flow"][1])["ContactFlow"],
        }
        for kind, d in described.items():
            with self.subTest(kind):
                self.assertEqual(d.get("Tags"), {"kind": kind, "added": "yes"})
        self.assertEqual(c.describe_instance(InstanceId=iid)["Instance"].get("Tags"), {"added": "yes"})
        p = c.describe_security_profile(InstanceId=iid, SecurityProfileId=sp["Id"])["SecurityProfile"]
        self.assertEqual(p.get("Tags"), {"added": "yes"})

    def test_errors(self):
        f, c = self.f, self.c
        raw = client(validate=False)
        one = {"k": "v"}
        for bad in ("not-an-arn", "arn:aws:s3:::bucket/key", f"arn:aws:connect:us-east-1::instance/{f.iid}"):
            with self.subTest(bad):
                self.assertAWSError("InvalidParameterException", 400, raw.tag_resource, resourceArn=bad, tags=one)
                self.assertAWSError("InvalidParameterException", 400, raw.list_tags_for_resource, resourceArn=bad)
        prefix = "arn:aws:connect:us-east-1:000000000000:instance/"
        for missing in (prefix + str(uuid.uuid4()), f"{f.arn}/queue/{uuid.uuid4()}", f"{f.arn}/agent-state/{f.basic_queue}",
                        f"{f.arn}/queue", "arn:aws:connect:us-east-1:000000000000:phone-number/x"):
            with self.subTest(missing):
                self.assertAWSError("ResourceNotFoundException", 404, c.tag_resource, resourceArn=missing, tags=one)
                self.assertAWSError("ResourceNotFoundException", 404, c.untag_resource, resourceArn=missing, tagKeys=["k"])
                self.assertAWSError("ResourceNotFoundException", 404, c.list_tags_for_resource, resourceArn=missing)
        arn = f.basic_queue_arn
        self.assertAWSError("InvalidParameterException", 400, c.tag_resource, resourceArn=arn, tags={"aws:cloudformation:stack": "x"})
        self.assertAWSError("InvalidParameterException", 400, raw.tag_resource, resourceArn=arn, tags={})
        self.assertAWSError("InvalidParameterException", 400, raw.tag_resource, resourceArn=arn, tags={"k": "v" * 257})
        self.assertAWSError("InvalidParameterException", 400, c.untag_resource, resourceArn=arn, tagKeys=["aws:x"])
        self.assertAWSError("InvalidParameterException", 400, c.create_queue, InstanceId=f.iid, Name="q",
                            HoursOfOperationId=f.basic_hours, Tags={"aws:k": "v"})

        # At most 50 tags per resource, counting those it has.
        c.tag_resource(resourceArn=arn, tags={f"a{i:02d}": "x" for i in range(30)})
        c.tag_resource(resourceArn=arn, tags={"a00": "replaced", **{f"b{i:02d}": "y" for i in range(20)}})
        msg = self.assertAWSError("InvalidParameterException", 400, c.tag_resource, resourceArn=arn, tags={"c": "z"})
        self.assertIn("50", msg)
        self.assertEqual(len(self.tags(arn)), 50)

    def test_isolation(self):
        f = self.f
        mine = [f.arn, f.basic_queue_arn]
        for arn in mine:
            self.c.tag_resource(resourceArn=arn, tags={"owner": "me"})
        for key, region in ((new_account(), "us-east-1"), ("test", "eu-west-2")):
            other = client(key=key, region=region)
            account = key if len(key) == 12 else "000000000000"
            for arn in mine:
                for a in (arn, arn.replace("us-east-1:000000000000", f"{region}:{account}")):
                    self.assertAWSError("ResourceNotFoundException", 404, other.list_tags_for_resource, resourceArn=a)
                    self.assertAWSError("ResourceNotFoundException", 404, other.tag_resource, resourceArn=a, tags={"o": "them"})
                    self.assertAWSError("ResourceNotFoundException", 404, other.untag_resource, resourceArn=a, tagKeys=["owner"])
        for arn in mine:
            self.assertEqual(self.tags(arn), {"owner": "me"})
