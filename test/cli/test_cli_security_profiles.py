"""Security profiles through the aws CLI and boto3: the four defaults every
instance has, describe by ID and ARN, paging, errors and isolation.
"""

import uuid

from harness import TestCase, client, new_account, new_instance

DEFAULTS = ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"]


class SecurityProfileTest(TestCase):
    def setUp(self):
        super().setUp()
        self.c = client()
        self.iid = new_instance(self.c)

    def test_cli(self):
        listed = self.cli("list-security-profiles", "--instance-id", self.iid)["SecurityProfileSummaryList"]
        self.assertEqual(sorted(s["Name"] for s in listed), DEFAULTS)
        agent = next(s for s in listed if s["Name"] == "Agent")
        p = self.cli("describe-security-profile", "--instance-id", self.iid,
                     "--security-profile-id", agent["Arn"])["SecurityProfile"]
        self.assertEqual((p["Id"], p["Arn"], p["SecurityProfileName"], p["OrganizationResourceId"]),
                         (agent["Id"], agent["Arn"], "Agent", self.iid))

    def test_defaults(self):
        listed = self.c.list_security_profiles(InstanceId=self.iid)["SecurityProfileSummaryList"]
        self.assertEqual(sorted(s["Name"] for s in listed), DEFAULTS)
        inst_arn = f"arn:aws:connect:us-east-1:000000000000:instance/{self.iid}"
        for s in listed:
            self.assertEqual(s["Arn"], f"{inst_arn}/security-profile/{s['Id']}")
            self.assertEqual(s["LastModifiedRegion"], "us-east-1")
            for iid, ref in ((self.iid, s["Id"]), (self.iid, s["Arn"]), (inst_arn, s["Id"])):
                p = self.c.describe_security_profile(InstanceId=iid, SecurityProfileId=ref)["SecurityProfile"]
                self.assertEqual((p["Id"], p["Arn"], p["SecurityProfileName"], p["OrganizationResourceId"]),
                                 (s["Id"], s["Arn"], s["Name"], self.iid))
                self.assertEqual(p["LastModifiedRegion"], "us-east-1")
                self.assertEqual(p["LastModifiedTime"], s["LastModifiedTime"])

    def test_paging_and_errors(self):
        pages = list(self.c.get_paginator("list_security_profiles").paginate(InstanceId=self.iid, PaginationConfig={"PageSize": 3}))
        self.assertEqual([len(p["SecurityProfileSummaryList"]) for p in pages], [3, 1])
        other = new_instance(self.c)
        self.assertAWSError("InvalidParameterException", 400, self.c.list_security_profiles,
                            InstanceId=other, NextToken=pages[0]["NextToken"])
        self.assertAWSError("InvalidParameterException", 400, client(validate=False).list_security_profiles,
                            InstanceId=self.iid, MaxResults=1001)
        admin = next(s for p in pages for s in p["SecurityProfileSummaryList"] if s["Name"] == "Admin")
        nope = str(uuid.uuid4())
        for iid, ref in ((self.iid, nope), (nope, admin["Id"]), (other, admin["Id"]), (other, admin["Arn"])):
            self.assertAWSError("ResourceNotFoundException", 404, self.c.describe_security_profile,
                                InstanceId=iid, SecurityProfileId=ref)
        self.assertAWSError("ResourceNotFoundException", 404, self.c.list_security_profiles, InstanceId=nope)
        for oc in (client(key=new_account()), client(region="eu-west-2")):
            self.assertAWSError("ResourceNotFoundException", 404, oc.describe_security_profile,
                                InstanceId=self.iid, SecurityProfileId=admin["Id"])
            self.assertAWSError("ResourceNotFoundException", 404, oc.list_security_profiles, InstanceId=self.iid)
