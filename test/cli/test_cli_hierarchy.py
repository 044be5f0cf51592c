"""The user hierarchy through the aws CLI and boto3: the structure (update,
describe), groups (create, describe with their path, list, rename,
delete), users placed in groups, and what is in use.
"""

import json
import uuid

from botocore.exceptions import ClientError

from harness import Center, TestCase, client, new_account

LEVELS = ("LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive")


def structure(*names):
    return {LEVELS[i]: {"Name": n} for i, n in enumerate(names) if n}


class HierarchyTestCase(TestCase):
    def setUp(self):
        super().setUp()
        self.f = Center()
        self.c = self.f.c

    def set_levels(self, *names):
        return self.c.update_user_hierarchy_structure(InstanceId=self.f.iid, HierarchyStructure=structure(*names))

    def levels(self):
        hs = self.c.describe_user_hierarchy_structure(InstanceId=self.f.iid)["HierarchyStructure"]
        return [hs.get(k) for k in LEVELS]

    def group(self, name, parent=None, **kw):
        if parent:
            kw["ParentGroupId"] = parent
        return self.c.create_user_hierarchy_group(InstanceId=self.f.iid, Name=name, **kw)["HierarchyGroupId"]

    def assertInUse(self, resource_type, resource_id, fn, *args, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(*args, **kwargs)
        resp = cm.exception.response
        self.assertEqual((resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"]), ("ResourceInUseException", 409))
        self.assertEqual((resp.get("ResourceType"), resp.get("ResourceId")), (resource_type, resource_id), resp)


class HierarchyCLITest(HierarchyTestCase):
    def test_cli(self):
        f = self.f
        self.cli("update-user-hierarchy-structure", "--instance-id", f.iid,
                 "--hierarchy-structure", json.dumps(structure("Region", "Site")))
        self.assertEqual([lv and lv["Name"] for lv in self.levels()], ["Region", "Site", None, None, None])
        eu = self.c.create_user_hierarchy_group(InstanceId=f.iid, Name="Europe")
        out = self.cli("create-user-hierarchy-group", "--instance-id", f.iid, "--name", "Paris",
                       "--parent-group-id", eu["HierarchyGroupArn"], "--tags", "cost=42")
        paris = out["HierarchyGroupId"]
        self.assertEqual(out["HierarchyGroupArn"], f.res_arn("agent-group", paris))
        g = self.cli("describe-user-hierarchy-group", "--instance-id", f.iid, "--hierarchy-group-id", paris)["HierarchyGroup"]
        self.assertEqual((g["Name"], g["LevelId"], g["Tags"]), ("Paris", "2", {"cost": "42"}))
        self.assertEqual([g["HierarchyPath"][k]["Name"] for k in LEVELS if k in g["HierarchyPath"]], ["Europe", "Paris"])


class HierarchyTest(HierarchyTestCase):
    def test_structure(self):
        self.assertEqual(self.levels(), [None] * 5)
        self.set_levels("Region", "Site", "Team")
        before = self.levels()
        for i, name in enumerate(("Region", "Site", "Team")):
            lv = before[i]
            self.assertEqual((lv["Name"], lv["Arn"], lv["LastModifiedRegion"]),
                             (name, f"{self.f.arn}/agent-group-level/{i + 1}", "us-east-1"))
            self.assertTrue(lv["Id"])
            self.assertIn("LastModifiedTime", lv)
        self.assertEqual(before[3:], [None, None])

        # Renaming keeps the level's ID.
        self.set_levels("Region", "Office", "Team")
        after = self.levels()
        self.assertEqual((after[1]["Id"], after[1]["Name"]), (before[1]["Id"], "Office"))

        # From the top, without gaps, with names.
        raw = client(validate=False)
        for bad in (structure("Region", None, "Team"), structure("Region", " ")):
            self.assertAWSError("InvalidParameterException", 400, raw.update_user_hierarchy_structure,
                                InstanceId=self.f.iid, HierarchyStructure=bad)

        # A level groups sit on cannot be removed; an empty one can.
        self.group("London", self.group("EMEA"))
        self.set_levels("Region", "Office")
        self.assertInUse("HIERARCHY_LEVEL", before[1]["Arn"], self.set_levels, "Region")
        self.assertInUse("HIERARCHY_LEVEL", before[0]["Arn"], self.set_levels)
        got = self.levels()
        self.assertIsNotNone(got[1])
        self.assertIsNone(got[2])

    def test_groups(self):
        f, c = self.f, self.c
        self.assertAWSError("InvalidRequestException", 400, self.group, "Orphan")
        self.set_levels("Region", "Site", "Team")
        eu = c.create_user_hierarchy_group(InstanceId=f.iid, Name="Europe")
        eu_id, eu_arn = eu["HierarchyGroupId"], eu["HierarchyGroupArn"]
        paris = self.group("Paris", eu_arn)
        out = c.create_user_hierarchy_group(InstanceId=f.iid, Name="Team A", ParentGroupId=paris, Tags={"cost": "42"})
        team = out["HierarchyGroupId"]
        g = c.describe_user_hierarchy_group(InstanceId=f.iid, HierarchyGroupId=out["HierarchyGroupArn"])["HierarchyGroup"]
        self.assertEqual((g["Id"], g["Name"], g["LevelId"], g["Tags"]), (team, "Team A", "3", {"cost": "42"}))
        p = g["HierarchyPath"]
        self.assertEqual((p["LevelOne"]["Id"], p["LevelOne"]["Arn"], p["LevelOne"]["Name"]), (eu_id, eu_arn, "Europe"))
        self.assertEqual((p["LevelTwo"]["Id"], p["LevelTwo"]["Name"], p["LevelThree"]["Id"]), (paris, "Paris", team))
        self.assertNotIn("LevelFour", p)
        top = c.describe_user_hierarchy_group(InstanceId=f.iid, HierarchyGroupId=eu_id)["HierarchyGroup"]
        self.assertEqual((top["LevelId"], list(top["HierarchyPath"])), ("1", ["LevelOne"]))

        # No level four yet; never below five; the parent must exist.
        self.assertAWSError("InvalidRequestException", 400, self.group, "Pod", team)
        self.set_levels("Region", "Site", "Team", "Pod", "Seat")
        seat = self.group("Seat", self.group("Pod", team))
        self.assertAWSError("InvalidRequestException", 400, self.group, "Below five", seat)
        self.assertAWSError("ResourceNotFoundException", 404, self.group, "Lost", str(uuid.uuid4()))

        # Unique among siblings, ignoring case; cousins may share a name.
        self.assertAWSError("DuplicateResourceException", 409, self.group, "paris", eu_id)
        us = self.group("Americas")
        self.group("Team A", self.group("Paris", us))
        self.assertAWSError("DuplicateResourceException", 409, c.update_user_hierarchy_group_name,
                            InstanceId=f.iid, HierarchyGroupId=us, Name="EUROPE")
        c.update_user_hierarchy_group_name(InstanceId=f.iid, HierarchyGroupId=us, Name="North America")
        self.assertEqual(c.describe_user_hierarchy_group(InstanceId=f.iid, HierarchyGroupId=us)["HierarchyGroup"]["Name"],
                         "North America")

        # Not while the group has children or users.
        def delete(gid):
            return c.delete_user_hierarchy_group(InstanceId=f.iid, HierarchyGroupId=gid)

        self.assertInUse("HIERARCHY_GROUP", f.res_arn("agent-group", paris), delete, paris)
        uid = f.user("seated")
        c.update_user_hierarchy(InstanceId=f.iid, UserId=uid, HierarchyGroupId=seat)
        self.assertInUse("HIERARCHY_GROUP", f.res_arn("agent-group", seat), delete, seat)
        c.delete_user(InstanceId=f.iid, UserId=uid)
        delete(seat)
        self.assertAWSError("ResourceNotFoundException", 404, c.describe_user_hierarchy_group, InstanceId=f.iid, HierarchyGroupId=seat)
        self.assertAWSError("ResourceNotFoundException", 404, delete, seat)

    def test_users_in_groups(self):
        f, c = self.f, self.c
        self.set_levels("Site")
        lyon = c.create_user_hierarchy_group(InstanceId=f.iid, Name="Lyon")
        nice = self.group("Nice")
        uid = f.user("placed", HierarchyGroupId=lyon["HierarchyGroupArn"])
        self.assertEqual(f.describe_user(uid)["HierarchyGroupId"], lyon["HierarchyGroupId"])
        c.update_user_hierarchy(InstanceId=f.iid, UserId=uid, HierarchyGroupId=nice)
        self.assertEqual(f.describe_user(uid)["HierarchyGroupId"], nice)
        c.delete_user_hierarchy_group(InstanceId=f.iid, HierarchyGroupId=lyon["HierarchyGroupId"])
        self.assertAWSError("ResourceInUseException", 409, c.delete_user_hierarchy_group, InstanceId=f.iid, HierarchyGroupId=nice)
        c.delete_user(InstanceId=f.iid, UserId=uid)
        c.delete_user_hierarchy_group(InstanceId=f.iid, HierarchyGroupId=nice)

    def test_paging(self):
        f, c = self.f, self.c
        self.set_levels("Site", "Team")
        site = self.group("Site")
        want = {site} | {self.group(f"Team {i}", site) for i in range(6)}
        pages = list(c.get_paginator("list_user_hierarchy_groups").paginate(InstanceId=f.iid, PaginationConfig={"PageSize": 3}))
        self.assertEqual([len(p["UserHierarchyGroupSummaryList"]) for p in pages], [3, 3, 1])
        summaries = [s for p in pages for s in p["UserHierarchyGroupSummaryList"]]
        self.assertEqual({s["Id"] for s in summaries}, want)
        for s in summaries:
            self.assertEqual((s["Arn"], s["LastModifiedRegion"]), (f.res_arn("agent-group", s["Id"]), "us-east-1"))
        self.assertAWSError("InvalidParameterException", 400, c.list_user_hierarchy_groups, InstanceId=f.iid, NextToken="forged")

    def test_isolation(self):
        f = self.f
        self.set_levels("Site")
        gid = self.group("Secret")
        arn = f.res_arn("agent-group", gid)
        for other in (client(key=new_account()), client(region="eu-west-2")):
            for ref in (gid, arn):
                self.assertAWSError("ResourceNotFoundException", 404, other.describe_user_hierarchy_group,
                                    InstanceId=f.iid, HierarchyGroupId=ref)
            self.assertAWSError("ResourceNotFoundException", 404, other.describe_user_hierarchy_structure, InstanceId=f.iid)
            self.assertAWSError("ResourceNotFoundException", 404, other.list_user_hierarchy_groups, InstanceId=f.iid)
        g = Center()
        self.assertEqual(self.c.describe_user_hierarchy_structure(InstanceId=g.iid)["HierarchyStructure"], {})
        for ref in (gid, arn):
            self.assertAWSError("ResourceNotFoundException", 404, self.c.describe_user_hierarchy_group,
                                InstanceId=g.iid, HierarchyGroupId=ref)
        self.assertEqual(self.c.list_user_hierarchy_groups(InstanceId=g.iid)["UserHierarchyGroupSummaryList"], [])
