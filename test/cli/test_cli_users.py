"""Users through the aws CLI and boto3: create, describe, list, delete and
the five UpdateUser* operations, their errors, paging and isolation.
"""

import json
import uuid

from harness import Center, TestCase, client, new_account

PASSWORD = "Sup3rSecretPassw0rd"


class UserCLITest(TestCase):
    def test_cli(self):
        f = Center()
        out = self.cli(
            "create-user", "--instance-id", f.iid, "--username", "jdoe", "--password", PASSWORD,
            "--routing-profile-id", f.basic_profile, "--security-profile-ids", f.agent_sp,
            "--identity-info", "FirstName=Jane,LastName=Doe,Email=jane@example.com",
            "--phone-config", "PhoneType=DESK_PHONE,DeskPhoneNumber=+15555550100,AutoAccept=true,AfterContactWorkTimeLimit=30",
            "--tags", "team=blue",
        )
        uid = out["UserId"]
        self.assertEqual(out["UserArn"], f.res_arn("agent", uid))
        self.assertNotIn(PASSWORD, json.dumps(out))

        self.cli("update-user-phone-config", "--instance-id", f.iid, "--user-id", uid,
                 "--phone-config", json.dumps({"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 5}))
        r = self.cli("describe-user", "--instance-id", f.iid, "--user-id", uid)
        self.assertNotIn(PASSWORD, json.dumps(r))
        u = r["User"]
        self.assertEqual((u["Username"], u["RoutingProfileId"], u["Tags"]), ("jdoe", f.basic_profile, {"team": "blue"}))
        self.assertEqual(u["SecurityProfileIds"], [f.agent_sp])
        self.assertEqual(u["IdentityInfo"], {"FirstName": "Jane", "LastName": "Doe", "Email": "jane@example.com"})
        self.assertEqual(u["PhoneConfig"], {"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 5,
                                            "DeskPhoneNumber": "+15555550100"})


class UserTest(TestCase):
    def setUp(self):
        super().setUp()
        self.f = Center()
        self.c = self.f.c

    def test_lifecycle(self):
        f, c = self.f, self.c
        manager = f.security_profiles["CallCenterManager"]["Id"]
        agent_arn = f.security_profiles["Agent"]["Arn"]
        out = c.create_user(
            InstanceId=f.iid, Username="jdoe", Password=PASSWORD,
            RoutingProfileId=f.res_arn("routing-profile", f.basic_profile), SecurityProfileIds=[agent_arn, manager],
            IdentityInfo={"FirstName": "Jane", "LastName": "Doe", "Email": "jane@example.com"},
            PhoneConfig={"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+15555550100", "AutoAccept": True,
                         "AfterContactWorkTimeLimit": 30},
            Tags={"team": "blue"})
        uid, arn = out["UserId"], out["UserArn"]
        self.assertEqual(arn, f.res_arn("agent", uid))
        for ref in (uid, arn):
            u = f.describe_user(ref)
            self.assertEqual((u["Id"], u["Arn"], u["Username"], u["RoutingProfileId"]), (uid, arn, "jdoe", f.basic_profile))
            self.assertEqual(u["SecurityProfileIds"], [f.agent_sp, manager])
            self.assertNotIn("HierarchyGroupId", u)
            self.assertEqual(u["IdentityInfo"]["Email"], "jane@example.com")
            self.assertEqual(u["PhoneConfig"], {"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+15555550100",
                                                "AutoAccept": True, "AfterContactWorkTimeLimit": 30})
            self.assertEqual((u["Tags"], u["LastModifiedRegion"]), ({"team": "blue"}, "us-east-1"))
            self.assertIn("LastModifiedTime", u)
        listed = c.list_users(InstanceId=f.iid)["UserSummaryList"]
        self.assertEqual([(s["Id"], s["Arn"], s["Username"], s["LastModifiedRegion"]) for s in listed],
                         [(uid, arn, "jdoe", "us-east-1")])
        c.delete_user(InstanceId=f.iid, UserId=uid)
        self.assertAWSError("ResourceNotFoundException", 404, c.describe_user, InstanceId=f.iid, UserId=uid)
        self.assertAWSError("ResourceNotFoundException", 404, c.delete_user, InstanceId=f.iid, UserId=uid)
        self.assertEqual(c.list_users(InstanceId=f.iid)["UserSummaryList"], [])
        f.user("jdoe")  # the username is free again

    def test_create_defaults_and_errors(self):
        f, c = self.f, self.c
        uid = c.create_user(InstanceId=f.iid, Username="minimal", RoutingProfileId=f.basic_profile,
                            SecurityProfileIds=[f.agent_sp])["UserId"]
        self.assertEqual(f.describe_user(uid)["PhoneConfig"],
                         {"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 0})
        raw = client(validate=False)
        base = dict(InstanceId=f.iid, Username="someone", RoutingProfileId=f.basic_profile, SecurityProfileIds=[f.agent_sp])
        nope = str(uuid.uuid4())
        cases = [
            ("unknown instance", dict(InstanceId=nope), "ResourceNotFoundException", 404),
            ("unknown routing profile", dict(RoutingProfileId=nope), "ResourceNotFoundException", 404),
            ("unknown security profile", dict(SecurityProfileIds=[f.agent_sp, nope]), "ResourceNotFoundException", 404),
            ("unknown hierarchy group", dict(HierarchyGroupId=nope), "ResourceNotFoundException", 404),
            ("duplicate username", dict(Username="MINIMAL"), "DuplicateResourceException", 409),
            ("desk phone without number", dict(PhoneConfig={"PhoneType": "DESK_PHONE"}), "InvalidParameterException", 400),
            ("ACW over the limit", dict(PhoneConfig={"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 2_000_001}),
             "InvalidParameterException", 400),
            ("no security profiles", dict(SecurityProfileIds=[]), "InvalidParameterException", 400),
        ]
        for name, mod, code, status in cases:
            with self.subTest(name):
                self.assertAWSError(code, status, raw.create_user, **{**base, **mod})
        self.assertEqual(len(c.list_users(InstanceId=f.iid)["UserSummaryList"]), 1, "failed creates left users")

    def test_paging(self):
        f, c = self.f, self.c
        want = {f.user(f"pager{i}") for i in range(7)}
        pages = list(c.get_paginator("list_users").paginate(InstanceId=f.iid, PaginationConfig={"PageSize": 3}))
        self.assertEqual([len(p["UserSummaryList"]) for p in pages], [3, 3, 1])
        self.assertEqual({s["Id"] for p in pages for s in p["UserSummaryList"]}, want)
        self.assertAWSError("InvalidParameterException", 400, c.list_users, InstanceId=f.iid, NextToken="forged")

    def test_updates(self):
        f, c = self.f, self.c
        uid = f.user("updater")
        uarn = f.res_arn("agent", uid)
        before = f.describe_user(uid)["LastModifiedTime"]
        manager = f.security_profiles["CallCenterManager"]["Id"]
        rp = c.create_routing_profile(InstanceId=f.iid, Name="Sales", Description="sales", DefaultOutboundQueueId=f.basic_queue,
                                      MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}])
        c.update_user_routing_profile(InstanceId=f.iid, UserId=uarn, RoutingProfileId=rp["RoutingProfileArn"])
        self.assertAWSError("ResourceNotFoundException", 404, c.update_user_routing_profile,
                            InstanceId=f.iid, UserId=uid, RoutingProfileId=str(uuid.uuid4()))

        c.update_user_phone_config(InstanceId=f.iid, UserId=uid, PhoneConfig={
            "PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+442079460000", "AutoAccept": True, "AfterContactWorkTimeLimit": 120})
        self.assertAWSError("InvalidParameterException", 400, client(validate=False).update_user_phone_config,
                            InstanceId=f.iid, UserId=uid, PhoneConfig={"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 3_000_000})

        c.update_user_identity_info(InstanceId=f.iid, UserId=uid,
                                    IdentityInfo={"FirstName": "Ann", "LastName": "Lee", "Mobile": "+15555550123"})
        c.update_user_identity_info(InstanceId=f.iid, UserId=uid, IdentityInfo={"Email": "ann@example.com"})

        c.update_user_security_profiles(InstanceId=f.iid, UserId=uid, SecurityProfileIds=[manager])
        self.assertAWSError("ResourceNotFoundException", 404, c.update_user_security_profiles,
                            InstanceId=f.iid, UserId=uid, SecurityProfileIds=[f.agent_sp, str(uuid.uuid4())])

        c.update_user_hierarchy_structure(InstanceId=f.iid, HierarchyStructure={"LevelOne": {"Name": "Site"}})
        gid = c.create_user_hierarchy_group(InstanceId=f.iid, Name="Lyon")["HierarchyGroupId"]
        c.update_user_hierarchy(InstanceId=f.iid, UserId=uid, HierarchyGroupId=gid)
        self.assertAWSError("ResourceNotFoundException", 404, c.update_user_hierarchy,
                            InstanceId=f.iid, UserId=uid, HierarchyGroupId=str(uuid.uuid4()))

        u = f.describe_user(uid)
        self.assertEqual((u["RoutingProfileId"], u["SecurityProfileIds"], u["HierarchyGroupId"]),
                         (rp["RoutingProfileId"], [manager], gid))
        self.assertEqual(u["PhoneConfig"], {"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+442079460000",
                                            "AutoAccept": True, "AfterContactWorkTimeLimit": 120})
        self.assertEqual(u["IdentityInfo"], {"FirstName": "Ann", "LastName": "Lee", "Email": "ann@example.com",
                                             "Mobile": "+15555550123"})
        self.assertGreaterEqual(u["LastModifiedTime"], before)

        c.update_user_hierarchy(InstanceId=f.iid, UserId=uid)  # out of its group
        self.assertNotIn("HierarchyGroupId", f.describe_user(uid))

        nope = str(uuid.uuid4())
        for fn, kw in ((c.update_user_identity_info, dict(IdentityInfo={})),
                       (c.update_user_phone_config, dict(PhoneConfig={"PhoneType": "SOFT_PHONE"})),
                       (c.update_user_hierarchy, {}),
                       (c.update_user_routing_profile, dict(RoutingProfileId=f.basic_profile)),
                       (c.update_user_security_profiles, dict(SecurityProfileIds=[f.agent_sp]))):
            with self.subTest(fn.__name__):
                self.assertAWSError("ResourceNotFoundException", 404, fn, InstanceId=f.iid, UserId=nope, **kw)

    def test_isolation(self):
        f = self.f
        uid = f.user("private")
        uarn = f.res_arn("agent", uid)
        for other in (client(key=new_account()), client(region="eu-west-2")):
            for ref in (uid, uarn):
                self.assertAWSError("ResourceNotFoundException", 404, other.describe_user, InstanceId=f.iid, UserId=ref)
            self.assertAWSError("ResourceNotFoundException", 404, other.list_users, InstanceId=f.iid)
            self.assertAWSError("ResourceNotFoundException", 404, other.delete_user, InstanceId=f.iid, UserId=uid)
        g = Center()
        for ref in (uid, uarn):
            self.assertAWSError("ResourceNotFoundException", 404, self.c.describe_user, InstanceId=g.iid, UserId=ref)
        self.assertEqual(f.describe_user(uid)["Username"], "private")
