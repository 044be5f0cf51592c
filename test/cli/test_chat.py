"""Chat end to end through the AWS CLI (`aws connectparticipant`) and
boto3's connectparticipant client (docs/chat.md).

A customer starts a chat with an initial message; the flow greets it; an
agent accepts through the local API, gets its participant token
(POST /_local/instances/{IID}/agents/{UID}/contacts/{CID}/participant) and
answers through the participant API; the customer types, sends an
attachment and leaves. The transcript holds the whole conversation in
order, SearchContacts finds the contact by a phrase from it, and
ListRealtimeContactAnalysisSegmentsV2 answers its segments. Wrong and
spent tokens are refused with AccessDeniedException.
"""

import datetime
import json
import os
import subprocess
import urllib.request

import boto3
import botocore.config

from harness import KEY, REGION, Center, TestCase, aws_path, endpoint, raw_json, unique

GREETING = "Welcome to Example Corp! An agent will be with you shortly."


def greet_flow(queue):
    return json.dumps({"Version": "2019-10-30", "StartAction": "hi", "Actions": [
        {"Identifier": "hi", "Type": "MessageParticipant", "Parameters": {"Text": GREETING}, "Transitions": {"NextAction": "set"}},
        {"Identifier": "set", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": queue},
         "Transitions": {"NextAction": "go", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "bye"}]}},
        {"Identifier": "go", "Type": "TransferContactToQueue", "Parameters": {},
         "Transitions": {"NextAction": "bye", "Errors": [{"ErrorType": "QueueAtCapacity", "NextAction": "bye"},
                                                         {"ErrorType": "NoMatchingError", "NextAction": "bye"}]}},
        {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]})


def participant_client(validate=True):
    return boto3.session.Session().client(
        "connectparticipant", endpoint_url=endpoint(), region_name=REGION,
        aws_access_key_id=KEY, aws_secret_access_key="test",
        config=botocore.config.Config(parameter_validation=validate, retries={"mode": "standard", "max_attempts": 1}))


def cp(*args):
    """Runs `aws connectparticipant ARGS`; returns (exit code, parsed stdout, stderr)."""
    env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY="test", AWS_MAX_ATTEMPTS="1", AWS_PAGER="")
    p = subprocess.run([aws_path(), "connectparticipant", *args, "--endpoint-url", endpoint(), "--region", REGION, "--output", "json"],
                       env=env, capture_output=True, text=True, timeout=60)
    return p.returncode, (json.loads(p.stdout) if p.stdout.strip() else {}), p.stderr


class TestChat(TestCase):
    def setUp(self):
        super().setUp()
        self.center = Center()
        c, iid = self.center.c, self.center.iid
        self.flow = c.create_contact_flow(InstanceId=iid, Name=unique("greet"), Type="CONTACT_FLOW",
                                          Content=greet_flow(self.center.basic_queue))["ContactFlowId"]
        self.agent = c.create_user(
            InstanceId=iid, Username=unique("jane"), IdentityInfo={"FirstName": "Jane", "LastName": "Doe"},
            PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": False}, SecurityProfileIds=[self.center.agent_sp],
            RoutingProfileId=self.center.basic_profile)["UserId"]
        available = next(s["Id"] for s in c.list_agent_statuses(InstanceId=iid)["AgentStatusSummaryList"] if s["Name"] == "Available")
        c.put_user_status(InstanceId=iid, UserId=self.agent, AgentStatusId=available)
        self.p = participant_client()

    def cp_ok(self, *args):
        code, out, err = cp(*args)
        self.assertEqual(code, 0, f"aws connectparticipant {args[0]}: {err}")
        return out

    def local(self, path):
        status, body = raw_json("POST", f"/_local/instances/{self.center.iid}{path}")
        self.assertEqual(status, 200, body)
        return body

    def test_conversation(self):
        c, iid = self.center.c, self.center.iid
        chat = c.start_chat_contact(InstanceId=iid, ContactFlowId=self.flow, ParticipantDetails={"DisplayName": "Ann"},
                                    InitialMessage={"ContentType": "text/plain", "Content": "Hello, my parcel never arrived."},
                                    SupportedMessagingContentTypes=["text/plain", "text/markdown"])
        cid = chat["ContactId"]
        conn = self.cp_ok("create-participant-connection", "--participant-token", chat["ParticipantToken"],
                          "--type", "WEBSOCKET", "CONNECTION_CREDENTIALS")
        self.assertTrue(conn["Websocket"]["Url"].startswith("ws://127.0.0.1:"), conn)
        customer = conn["ConnectionCredentials"]["ConnectionToken"]

        # The agent accepts the offer, then plays its side with boto3.
        self.local(f"/agents/{self.agent}/contacts/{cid}/accept")
        agent_part = self.local(f"/agents/{self.agent}/contacts/{cid}/participant")
        self.assertEqual(set(agent_part), {"ParticipantId", "ParticipantToken"})
        agent = self.p.create_participant_connection(ParticipantToken=agent_part["ParticipantToken"],
                                                     Type=["CONNECTION_CREDENTIALS"])["ConnectionCredentials"]["ConnectionToken"]
        self.p.send_message(ConnectionToken=agent, ContentType="text/plain", Content="Sorry to hear that. What is the order number?")
        self.cp_ok("send-event", "--connection-token", customer, "--content-type", "application/vnd.amazonaws.connect.event.typing")
        self.cp_ok("send-message", "--connection-token", customer, "--content-type", "text/markdown", "--content", "It is **1234**.")

        data = b"receipt of order 1234\n"
        up = self.cp_ok("start-attachment-upload", "--connection-token", customer, "--content-type", "text/plain",
                        "--attachment-size-in-bytes", str(len(data)), "--attachment-name", "receipt.txt")
        req = urllib.request.Request(up["UploadMetadata"]["Url"], data=data, method="PUT", headers=up["UploadMetadata"]["HeadersToInclude"])
        with urllib.request.urlopen(req, timeout=10) as resp:
            self.assertEqual(resp.status, 200)
        self.cp_ok("complete-attachment-upload", "--connection-token", customer, "--attachment-ids", up["AttachmentId"])
        got = self.p.get_attachment(ConnectionToken=agent, AttachmentId=up["AttachmentId"])
        with urllib.request.urlopen(got["Url"], timeout=10) as resp:
            self.assertEqual(resp.read(), data)

        self.cp_ok("disconnect-participant", "--connection-token", customer)

        tr = self.cp_ok("get-transcript", "--connection-token", customer, "--sort-order", "ASCENDING", "--scan-direction", "FORWARD",
                        "--max-results", "100")
        self.assertEqual(tr["InitialContactId"], cid)
        got = [(i["Type"], i.get("ParticipantRole"), i.get("Content")) for i in tr["Transcript"]]
        self.assertEqual(got, [
            ("PARTICIPANT_JOINED", "CUSTOMER", None),
            ("MESSAGE", "SYSTEM", GREETING),
            ("MESSAGE", "CUSTOMER", "Hello, my parcel never arrived."),
            ("PARTICIPANT_JOINED", "AGENT", None),
            ("MESSAGE", "AGENT", "Sorry to hear that. What is the order number?"),
            ("MESSAGE", "CUSTOMER", "It is **1234**."),
            ("ATTACHMENT", "CUSTOMER", None),
            ("PARTICIPANT_LEFT", "CUSTOMER", None),
            ("PARTICIPANT_LEFT", "AGENT", None),
            ("CHAT_ENDED", None, None),
        ])
        self.assertEqual(tr["Transcript"][0]["DisplayName"], "Ann")
        self.assertEqual(tr["Transcript"][3]["DisplayName"], "Jane Doe")
        self.assertEqual(tr["Transcript"][6]["Attachments"][0]["AttachmentName"], "receipt.txt")

        # Spent and wrong tokens are refused; the agent's too, now the chat ended.
        for token in (customer, agent, "not-a-token"):
            code, _, err = cp("send-message", "--connection-token", token, "--content-type", "text/plain", "--content", "hello?")
            self.assertNotEqual(code, 0)
            self.assertIn("(AccessDeniedException)", err)
        self.assertAWSError("AccessDeniedException", 403, self.p.create_participant_connection,
                            ParticipantToken=chat["ParticipantToken"], Type=["CONNECTION_CREDENTIALS"])
        self.assertAWSError("ValidationException", 400, participant_client(validate=False).get_transcript,
                            ConnectionToken=customer, MaxResults=101)

        segs = c.list_realtime_contact_analysis_segments_v2(InstanceId=iid, ContactId=cid, OutputType="Raw",
                                                            SegmentTypes=["Transcript"])
        self.assertEqual(segs["Status"], "COMPLETED")
        self.assertEqual([s["Transcript"]["Content"] for s in segs["Segments"]],
                         [GREETING, "Hello, my parcel never arrived.", "Sorry to hear that. What is the order number?", "It is **1234**."])

        self.local(f"/agents/{self.agent}/contacts/{cid}/clear-acw")
        now = datetime.datetime.now(datetime.timezone.utc)
        found = c.search_contacts(InstanceId=iid, TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": now - datetime.timedelta(hours=1),
                                                             "EndTime": now + datetime.timedelta(hours=1)},
                                  SearchCriteria={"ContactAnalysis": {"Transcript": {"Criteria": [
                                      {"ParticipantRole": "CUSTOMER", "SearchText": ["parcel never arrived"], "MatchType": "MATCH_ALL"}]}}})
        self.assertEqual([x["Id"] for x in found["Contacts"]], [cid])

    def test_agent_participant_needs_a_connected_agent(self):
        c, iid = self.center.c, self.center.iid
        chat = c.start_chat_contact(InstanceId=iid, ContactFlowId=self.flow, ParticipantDetails={"DisplayName": "Bob"})
        status, body = raw_json("POST", f"/_local/instances/{iid}/agents/{self.agent}/contacts/{chat['ContactId']}/participant")
        self.assertEqual(status, 409, body)  # offered, not yet accepted
        other = Center()
        status, body = raw_json("POST", f"/_local/instances/{other.iid}/agents/{self.agent}/contacts/{chat['ContactId']}/participant")
        self.assertEqual(status, 404, body)

    def test_create_participant_and_streaming(self):
        c, iid = self.center.c, self.center.iid
        chat = c.start_chat_contact(InstanceId=iid, ContactFlowId=self.flow, ParticipantDetails={"DisplayName": "Cy"})
        bot = c.create_participant(InstanceId=iid, ContactId=chat["ContactId"],
                                   ParticipantDetails={"ParticipantRole": "CUSTOM_BOT", "DisplayName": "Helper"})
        tok = self.p.create_participant_connection(ParticipantToken=bot["ParticipantCredentials"]["ParticipantToken"],
                                                   Type=["CONNECTION_CREDENTIALS"])["ConnectionCredentials"]["ConnectionToken"]
        self.p.send_message(ConnectionToken=tok, ContentType="text/plain", Content="I am a bot.")
        sid = c.start_contact_streaming(InstanceId=iid, ContactId=chat["ContactId"], ClientToken=unique("t"),
                                        ChatStreamingConfiguration={"StreamingEndpointArn": "arn:aws:sns:us-east-1:000000000000:chat"})["StreamingId"]
        c.stop_contact_streaming(InstanceId=iid, ContactId=chat["ContactId"], StreamingId=sid)
        self.assertAWSError("ResourceNotFoundException", 404, c.stop_contact_streaming, InstanceId=iid, ContactId=chat["ContactId"], StreamingId=sid)
        tr = self.p.get_transcript(ConnectionToken=tok, SortOrder="ASCENDING")["Transcript"]
        self.assertIn(("CUSTOM_BOT", "I am a bot."), [(i.get("ParticipantRole"), i.get("Content")) for i in tr])
