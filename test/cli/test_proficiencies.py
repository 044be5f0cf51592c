"""Predefined attributes and user proficiencies through boto3 (docs/predefined-attributes.md#predefined-attributes-and-user-proficiencies, docs/errors.md#errors-per-operation).

Runs against the connect-local at CONNECT_LOCAL_ENDPOINT, with nothing but
the standard library's unittest and boto3:

    CONNECT_LOCAL_ENDPOINT=http://127.0.0.1:4599 python3 -m unittest test/cli/test_proficiencies.py

Every test makes its own instance and users, so the file runs against a
server other suites share, in memory or on a data dir.
"""

import functools
import os
import random
import unittest
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
def client(key="test", region=REGION, validate=True):
    """A Connect client; validate=False lets bad input reach the server.
    No retries, so a 429 LimitExceededException surfaces at once."""
    return boto3.session.Session().client(
        "connect",
        endpoint_url=endpoint(),
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key="test",
        config=botocore.config.Config(
            parameter_validation=validate,
            retries={"mode": "standard", "max_attempts": 1},
        ),
    )


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def other_account_key():
    """A 12-digit access key: connect-local takes it as another account."""
    return "8" + "".join(random.choice("0123456789") for _ in range(11))


def sl(*values):
    return {"StringList": list(values)}


def prof(name, value, level=None):
    p = {"AttributeName": name, "AttributeValue": value}
    if level is not None:
        p["Level"] = level
    return p


class ProficiencyTestCase(unittest.TestCase):
    def setUp(self):
        self.c = client()
        self.raw = client(validate=False)
        self.iid = self.new_instance()

    def new_instance(self, c=None):
        c = c or self.c
        out = c.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=unique("profs"),
                                InboundCallsEnabled=True, OutboundCallsEnabled=True)
        return out["Id"]

    def new_user(self, iid=None, c=None):
        c = c or self.c
        iid = iid or self.iid
        rp = next(p["Id"] for p in c.list_routing_profiles(InstanceId=iid)["RoutingProfileSummaryList"]
                  if p["Name"] == "Basic Routing Profile")
        sp = next(p["Id"] for p in c.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"]
                  if p["Name"] == "Agent")
        out = c.create_user(InstanceId=iid, Username=unique("agent"), Password="Passw0rd!x",
                            IdentityInfo={"FirstName": "Ada", "LastName": "Agent"},
                            PhoneConfig={"PhoneType": "SOFT_PHONE"}, SecurityProfileIds=[sp], RoutingProfileId=rp)
        return out["UserId"]

    def create_attr(self, name, *values, iid=None):
        self.c.create_predefined_attribute(InstanceId=iid or self.iid, Name=name, Values=sl(*values))

    def profs(self, user, iid=None):
        out = []
        for page in self.c.get_paginator("list_user_proficiencies").paginate(InstanceId=iid or self.iid, UserId=user):
            out += [(p["AttributeName"], p["AttributeValue"], p["Level"]) for p in page["UserProficiencyList"]]
        return out

    def assertAWSError(self, code, status, fn, **kwargs):
        with self.assertRaises(ClientError) as cm:
            fn(**kwargs)
        resp = cm.exception.response
        self.assertEqual(resp["Error"]["Code"], code, resp)
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], status, resp)
        return resp


class TestPredefinedAttributes(ProficiencyTestCase):
    def test_lifecycle(self):
        self.c.create_predefined_attribute(InstanceId=self.iid, Name="Technology", Values=sl("AWS Kinesis", "AWS DynamoDB"),
                                           Purposes=["routing"],
                                           AttributeConfiguration={"EnableValueValidationOnAssociation": True})
        a = self.c.describe_predefined_attribute(InstanceId=self.iid, Name="Technology")["PredefinedAttribute"]
        self.assertEqual(a["Name"], "Technology")
        self.assertEqual(a["Values"], sl("AWS Kinesis", "AWS DynamoDB"))
        self.assertEqual(a["Purposes"], ["routing"])
        self.assertEqual(a["AttributeConfiguration"], {"EnableValueValidationOnAssociation": True, "IsReadOnly": False})
        self.assertEqual(a["LastModifiedRegion"], REGION)
        self.assertIn("LastModifiedTime", a)

        self.c.update_predefined_attribute(InstanceId=self.iid, Name="Technology", Values=sl("AWS EC2"),
                                           AttributeConfiguration={"EnableValueValidationOnAssociation": False})
        a = self.c.describe_predefined_attribute(InstanceId=self.iid, Name="Technology")["PredefinedAttribute"]
        self.assertEqual(a["Values"], sl("AWS EC2"))
        self.assertEqual(a["Purposes"], ["routing"])
        self.assertFalse(a["AttributeConfiguration"]["EnableValueValidationOnAssociation"])

        listed = self.c.list_predefined_attributes(InstanceId=self.iid)["PredefinedAttributeSummaryList"]
        self.assertEqual([x["Name"] for x in listed], ["Technology"])
        self.assertEqual(listed[0]["LastModifiedRegion"], REGION)

        self.c.delete_predefined_attribute(InstanceId=self.iid, Name="Technology")
        self.assertAWSError("ResourceNotFoundException", 404, self.c.describe_predefined_attribute, InstanceId=self.iid, Name="Technology")
        self.assertAWSError("ResourceNotFoundException", 404, self.c.delete_predefined_attribute, InstanceId=self.iid, Name="Technology")

    def test_names_with_slash_space_colon(self):
        name = "Region/EU West: 1"
        self.create_attr(name, "Dublin")
        a = self.c.describe_predefined_attribute(InstanceId=self.iid, Name=name)["PredefinedAttribute"]
        self.assertEqual(a["Name"], name)
        self.c.update_predefined_attribute(InstanceId=self.iid, Name=name, Values=sl("Dublin", "Frankfurt"))
        self.c.delete_predefined_attribute(InstanceId=self.iid, Name=name)

    def test_errors(self):
        self.create_attr("Language", "English", "French")
        create = self.raw.create_predefined_attribute
        self.assertAWSError("DuplicateResourceException", 409, create, InstanceId=self.iid, Name="LANGUAGE", Values=sl("x"))
        self.assertAWSError("InvalidParameterException", 400, create, InstanceId=self.iid, Name="Dup", Values=sl("a", "a"))
        self.assertAWSError("InvalidParameterException", 400, create, InstanceId=self.iid, Name="Empty", Values=sl())
        self.assertAWSError("InvalidParameterException", 400, create, InstanceId=self.iid, Name="NoValues")
        self.assertAWSError("InvalidParameterException", 400, create, InstanceId=self.iid, Name="connect:Mine", Values=sl("a"))
        self.assertAWSError("InvalidParameterException", 400, create, InstanceId=self.iid, Name="Bang!", Values=sl("a"))
        self.assertAWSError("InvalidParameterException", 400, create, InstanceId=self.iid, Name="Many",
                            Values=sl(*[f"v{i}" for i in range(76)]))
        self.assertAWSError("InvalidParameterException", 400, create, InstanceId=self.iid, Name="Union", Values={})
        bad = str(uuid.uuid4())
        self.assertAWSError("ResourceNotFoundException", 404, create, InstanceId=bad, Name="X", Values=sl("a"))
        self.assertAWSError("ResourceNotFoundException", 404, self.c.describe_predefined_attribute, InstanceId=bad, Name="Language")
        self.assertAWSError("ResourceNotFoundException", 404, self.c.update_predefined_attribute, InstanceId=self.iid, Name="Nope", Values=sl("a"))
        self.assertAWSError("InvalidParameterException", 400, self.raw.update_predefined_attribute, InstanceId=self.iid, Name="Language", Values=sl())
        self.assertAWSError("InvalidRequestException", 400, self.c.delete_predefined_attribute, InstanceId=self.iid, Name="connect:Language")
        self.assertAWSError("ResourceNotFoundException", 404, self.c.list_predefined_attributes, InstanceId=bad)
        self.assertAWSError("InvalidParameterException", 400, self.raw.list_predefined_attributes, InstanceId=self.iid, MaxResults=101)
        self.assertAWSError("InvalidParameterException", 400, self.c.list_predefined_attributes, InstanceId=self.iid, NextToken="forged")
        self.assertAWSError("ResourceNotFoundException", 404, self.c.search_predefined_attributes, InstanceId=bad)
        self.assertAWSError("InvalidParameterException", 400, self.c.search_predefined_attributes, InstanceId=self.iid,
                            SearchCriteria={"StringCondition": {"FieldName": "values", "Value": "x", "ComparisonType": "EXACT"}})
        self.assertAWSError("InvalidParameterException", 400, self.raw.search_predefined_attributes, InstanceId=self.iid,
                            SearchCriteria={"StringCondition": {"FieldName": "name", "Value": "x", "ComparisonType": "FUZZY"}})

    def test_quota(self):
        for i in range(25):
            self.create_attr(f"Skill {i:02d}", "v")
        self.assertAWSError("LimitExceededException", 429, self.c.create_predefined_attribute, InstanceId=self.iid,
                            Name="One too many", Values=sl("v"))

    def test_system_language_attribute(self):
        a = self.c.describe_predefined_attribute(InstanceId=self.iid, Name="connect:Language")["PredefinedAttribute"]
        self.assertIn("connect:English", a["Values"]["StringList"])
        self.assertTrue(a["AttributeConfiguration"]["IsReadOnly"])
        self.assertEqual(self.c.list_predefined_attributes(InstanceId=self.iid)["PredefinedAttributeSummaryList"], [])
        self.assertEqual(self.c.search_predefined_attributes(InstanceId=self.iid)["ApproximateTotalCount"], 0)

    def test_list_and_search_paging(self):
        names = [f"Skill {i:02d}" for i in range(12)]
        for n in reversed(names):
            self.create_attr(n, "v")
        got = []
        for page in self.c.get_paginator("list_predefined_attributes").paginate(
                InstanceId=self.iid, PaginationConfig={"PageSize": 5}):
            got += [x["Name"] for x in page["PredefinedAttributeSummaryList"]]
        self.assertEqual(got, names)

        got, counts = [], set()
        crit = {"StringCondition": {"FieldName": "name", "Value": "skill 0", "ComparisonType": "STARTS_WITH"}}
        for page in self.c.get_paginator("search_predefined_attributes").paginate(
                InstanceId=self.iid, SearchCriteria=crit, PaginationConfig={"PageSize": 3}):
            got += [x["Name"] for x in page["PredefinedAttributes"]]
            counts.add(page["ApproximateTotalCount"])
        self.assertEqual(got, names[:10])
        self.assertEqual(counts, {10})

        first = self.c.search_predefined_attributes(InstanceId=self.iid, SearchCriteria=crit, MaxResults=2)
        other = {"StringCondition": {"FieldName": "name", "Value": "1", "ComparisonType": "CONTAINS"}}
        self.assertAWSError("InvalidParameterException", 400, self.c.search_predefined_attributes, InstanceId=self.iid,
                            SearchCriteria=other, NextToken=first["NextToken"])
        self.assertAWSError("InvalidParameterException", 400, self.c.list_predefined_attributes, InstanceId=self.iid,
                            NextToken=first["NextToken"])

    def test_nested_search(self):
        for n in ["Technology", "Tech Support", "Billing", "Billing Tier", "Region/EU", "Language"]:
            self.create_attr(n, "v")

        def cond(cmp, v, field="name"):
            return {"StringCondition": {"FieldName": field, "Value": v, "ComparisonType": cmp}}

        crit = {"OrConditions": [
            {"AndConditions": [cond("STARTS_WITH", "B"), {"OrConditions": [cond("CONTAINS", "TIER"), cond("EXACT", "nope")]}]},
            {"AndConditions": [cond("CONTAINS", "e"), cond("CONTAINS", "/")]},
            cond("EXACT", "technology", field="Name"),
        ]}
        out = self.c.search_predefined_attributes(InstanceId=self.iid, SearchCriteria=crit)
        self.assertEqual([a["Name"] for a in out["PredefinedAttributes"]], ["Billing Tier", "Region/EU", "Technology"])
        self.assertEqual(out["ApproximateTotalCount"], 3)
        self.assertEqual(out["PredefinedAttributes"][0]["Values"], sl("v"))

    def test_isolation(self):
        self.create_attr("Technology", "AWS S3")
        other = client(key=other_account_key())
        self.assertAWSError("ResourceNotFoundException", 404, other.describe_predefined_attribute, InstanceId=self.iid, Name="Technology")
        self.assertAWSError("ResourceNotFoundException", 404, other.list_predefined_attributes, InstanceId=self.iid)
        second = self.new_instance()
        self.assertAWSError("ResourceNotFoundException", 404, self.c.describe_predefined_attribute, InstanceId=second, Name="Technology")
        self.create_attr("technology", "GCP", iid=second)


class TestUserProficiencies(ProficiencyTestCase):
    def test_lifecycle(self):
        self.create_attr("Technology", "AWS Kinesis", "AWS DynamoDB")
        u = self.new_user()
        self.c.associate_user_proficiencies(InstanceId=self.iid, UserId=u, UserProficiencies=[
            prof("Technology", "AWS DynamoDB", 5.0), prof("connect:Language", "connect:French", 3.0)])
        self.assertEqual(self.profs(u), [("Technology", "AWS DynamoDB", 5.0), ("connect:Language", "connect:French", 3.0)])
        out = self.c.list_user_proficiencies(InstanceId=self.iid, UserId=u)
        self.assertEqual(out["LastModifiedRegion"], REGION)
        self.assertIn("LastModifiedTime", out)

        self.c.update_user_proficiencies(InstanceId=self.iid, UserId=u, UserProficiencies=[prof("Technology", "AWS DynamoDB", 2.0)])
        self.assertIn(("Technology", "AWS DynamoDB", 2.0), self.profs(u))
        self.c.disassociate_user_proficiencies(InstanceId=self.iid, UserId=u, UserProficiencies=[prof("connect:Language", "connect:French")])
        self.assertEqual(self.profs(u), [("Technology", "AWS DynamoDB", 2.0)])

    def test_errors(self):
        self.create_attr("Skill", *[f"v{i}" for i in range(12)])
        u = self.new_user()
        bad = str(uuid.uuid4())
        assoc, upd, dis = (self.raw.associate_user_proficiencies, self.raw.update_user_proficiencies,
                           self.raw.disassociate_user_proficiencies)
        self.assertAWSError("InvalidParameterException", 400, assoc, InstanceId=self.iid, UserId=u, UserProficiencies=[])
        self.assertAWSError("InvalidParameterException", 400, assoc, InstanceId=self.iid, UserId=u, UserProficiencies=[prof("Skill", "v0", 2.5)])
        self.assertAWSError("InvalidParameterException", 400, assoc, InstanceId=self.iid, UserId=u, UserProficiencies=[prof("Skill", "v0", 6.0)])
        self.assertAWSError("InvalidParameterException", 400, assoc, InstanceId=self.iid, UserId=u,
                            UserProficiencies=[prof("Skill", "v0", 1.0), prof("Skill", "v0", 2.0)])
        self.assertAWSError("InvalidRequestException", 400, assoc, InstanceId=self.iid, UserId=u,
                            UserProficiencies=[prof("Skill", "v0", 1.0), prof("Nope", "v0", 1.0)])
        self.assertAWSError("InvalidRequestException", 400, assoc, InstanceId=self.iid, UserId=u,
                            UserProficiencies=[prof("Skill", "v0", 1.0), prof("Skill", "nope", 1.0)])
        self.assertEqual(self.profs(u), [], "a failed request stored proficiencies")
        self.assertAWSError("ResourceNotFoundException", 404, assoc, InstanceId=self.iid, UserId=bad, UserProficiencies=[prof("Skill", "v0", 1.0)])
        self.assertAWSError("ResourceNotFoundException", 404, assoc, InstanceId=bad, UserId=u, UserProficiencies=[prof("Skill", "v0", 1.0)])

        self.c.associate_user_proficiencies(InstanceId=self.iid, UserId=u,
                                            UserProficiencies=[prof("Skill", f"v{i}", 3.0) for i in range(10)])
        self.assertAWSError("InvalidRequestException", 400, assoc, InstanceId=self.iid, UserId=u, UserProficiencies=[prof("Skill", "v0", 4.0)])
        self.assertAWSError("InvalidRequestException", 400, assoc, InstanceId=self.iid, UserId=u, UserProficiencies=[prof("Skill", "v10", 4.0)])

        self.assertAWSError("InvalidRequestException", 400, upd, InstanceId=self.iid, UserId=u, UserProficiencies=[prof("Skill", "v11", 4.0)])
        self.assertAWSError("InvalidParameterException", 400, upd, InstanceId=self.iid, UserId=u, UserProficiencies=[prof("Skill", "v1", 0.5)])
        self.assertAWSError("ResourceNotFoundException", 404, upd, InstanceId=self.iid, UserId=bad, UserProficiencies=[prof("Skill", "v1", 4.0)])
        self.assertAWSError("InvalidRequestException", 400, dis, InstanceId=self.iid, UserId=u,
                            UserProficiencies=[prof("Skill", "v0"), prof("Skill", "v11")])
        self.assertAWSError("InvalidParameterException", 400, dis, InstanceId=self.iid, UserId=u, UserProficiencies=[])
        self.assertAWSError("ResourceNotFoundException", 404, dis, InstanceId=self.iid, UserId=bad, UserProficiencies=[prof("Skill", "v0")])
        self.assertEqual(len(self.profs(u)), 10)

        self.assertAWSError("ResourceNotFoundException", 404, self.c.list_user_proficiencies, InstanceId=self.iid, UserId=bad)
        self.assertAWSError("InvalidParameterException", 400, self.raw.list_user_proficiencies, InstanceId=self.iid, UserId=u, MaxResults=101)
        self.assertAWSError("InvalidParameterException", 400, self.c.list_user_proficiencies, InstanceId=self.iid, UserId=u, NextToken="forged")

    def test_attribute_in_use(self):
        self.create_attr("Technology", "AWS S3", "AWS EC2")
        u = self.new_user()
        self.c.associate_user_proficiencies(InstanceId=self.iid, UserId=u, UserProficiencies=[prof("Technology", "AWS S3", 4.0)])
        resp = self.assertAWSError("ResourceInUseException", 409, self.c.delete_predefined_attribute, InstanceId=self.iid, Name="Technology")
        self.assertEqual(resp.get("ResourceType"), "USER")
        self.assertTrue(resp.get("ResourceId", "").endswith("/agent/" + u))
        self.assertAWSError("InvalidRequestException", 400, self.c.update_predefined_attribute, InstanceId=self.iid,
                            Name="Technology", Values=sl("AWS EC2"))
        self.c.update_predefined_attribute(InstanceId=self.iid, Name="Technology", Values=sl("AWS S3"))
        self.c.delete_user(InstanceId=self.iid, UserId=u)
        self.c.delete_predefined_attribute(InstanceId=self.iid, Name="Technology")

    def test_paging(self):
        self.create_attr("A", *[str(i) for i in range(1, 8)])
        self.create_attr("B", "x", "y", "z")
        u = self.new_user()
        ps = [prof("B", v, 2.0) for v in "zxy"] + [prof("A", str(i), 4.0) for i in (7, 1, 2, 3, 4, 5, 6)]
        self.c.associate_user_proficiencies(InstanceId=self.iid, UserId=u, UserProficiencies=ps)
        pages, got = 0, []
        for page in self.c.get_paginator("list_user_proficiencies").paginate(
                InstanceId=self.iid, UserId=u, PaginationConfig={"PageSize": 3}):
            pages += 1
            got += [p["AttributeName"] + p["AttributeValue"] for p in page["UserProficiencyList"]]
        self.assertEqual(pages, 4)
        self.assertEqual(got, ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "Bx", "By", "Bz"])
        first = self.c.list_user_proficiencies(InstanceId=self.iid, UserId=u, MaxResults=3)
        v = self.new_user()
        self.assertAWSError("InvalidParameterException", 400, self.c.list_user_proficiencies, InstanceId=self.iid,
                            UserId=v, NextToken=first["NextToken"])

    def test_isolation(self):
        self.create_attr("Technology", "AWS S3")
        u = self.new_user()
        other = client(key=other_account_key())
        self.assertAWSError("ResourceNotFoundException", 404, other.list_user_proficiencies, InstanceId=self.iid, UserId=u)
        self.assertAWSError("ResourceNotFoundException", 404, other.associate_user_proficiencies, InstanceId=self.iid, UserId=u,
                            UserProficiencies=[prof("Technology", "AWS S3", 1.0)])
        second = self.new_instance()
        v = self.new_user(iid=second)
        self.assertAWSError("InvalidRequestException", 400, self.c.associate_user_proficiencies, InstanceId=second, UserId=v,
                            UserProficiencies=[prof("Technology", "AWS S3", 1.0)])


if __name__ == "__main__":
    unittest.main()
