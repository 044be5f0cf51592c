"""The Search* family over configuration resources through boto3 and the
aws CLI: nested AndConditions/OrConditions, tag filters, paging with
ApproximateTotalCount, hierarchy matching and a refused field name.
"""

from harness import Center, TestCase

NINE_TO_FIVE = [{"Day": "MONDAY", "StartTime": {"Hours": 9, "Minutes": 0}, "EndTime": {"Hours": 17, "Minutes": 0}}]


def sc(field, cmp, value):
    return {"StringCondition": {"FieldName": field, "ComparisonType": cmp, "Value": value}}


class SearchResourcesTest(TestCase):
    def setUp(self):
        super().setUp()
        self.f = Center()
        self.c = self.f.c
        h = self.c.create_hours_of_operation(InstanceId=self.f.iid, Name="Office", TimeZone="UTC", Config=NINE_TO_FIVE)
        for name, tier in [("Sales EU", "gold"), ("Sales US", "gold"), ("Support EU", "gold"), ("Support US", "silver"), ("Billing", "gold")]:
            self.c.create_queue(InstanceId=self.f.iid, Name=name, HoursOfOperationId=h["HoursOfOperationId"], Tags={"tier": tier})

    def test_nested_criteria_tag_filter_and_paging(self):
        criteria = {"AndConditions": [
            {"OrConditions": [sc("name", "STARTS_WITH", "sales"), sc("name", "STARTS_WITH", "support")]},
            {"OrConditions": [sc("name", "CONTAINS", " eu"), sc("name", "CONTAINS", " us")]},
        ]}
        flt = {"TagFilter": {"OrConditions": [[{"TagKey": "tier", "TagValue": "gold"}]]}}
        names, token, pages = [], None, 0
        while True:
            kw = {"NextToken": token} if token else {}
            out = self.c.search_queues(InstanceId=self.f.iid, SearchCriteria=criteria, SearchFilter=flt, MaxResults=2, **kw)
            pages += 1
            self.assertEqual(out["ApproximateTotalCount"], 3)
            names += [q["Name"] for q in out["Queues"]]
            token = out.get("NextToken")
            if not token:
                break
        self.assertEqual(sorted(names), ["Sales EU", "Sales US", "Support EU"])
        self.assertEqual(pages, 2)

    def test_paginator_and_cli(self):
        pages = self.c.get_paginator("search_queues").paginate(
            InstanceId=self.f.iid, SearchCriteria=sc("name", "CONTAINS", "s"), PaginationConfig={"PageSize": 2})
        got = sorted(q["Name"] for p in pages for q in p["Queues"])
        for name in ["Sales EU", "Sales US", "Support EU", "Support US"]:
            self.assertIn(name, got)
        self.assertNotIn("Billing", got)
        out = self.cli("search-queues", "--instance-id", self.f.iid,
                       "--search-criteria", '{"StringCondition":{"FieldName":"name","ComparisonType":"EXACT","Value":"billing"}}')
        self.assertEqual([q["Name"] for q in out["Queues"]], ["Billing"])

    def test_unknown_field_refused(self):
        self.assertAWSError("InvalidParameterException", 400, self.c.search_queues,
                            InstanceId=self.f.iid, SearchCriteria=sc("password", "EXACT", "x"))

    def test_security_profiles_by_name(self):
        out = self.c.search_security_profiles(InstanceId=self.f.iid, SearchCriteria=sc("securityprofilename", "EXACT", "Agent"))
        self.assertEqual([p["SecurityProfileName"] for p in out["SecurityProfiles"]], ["Agent"])
