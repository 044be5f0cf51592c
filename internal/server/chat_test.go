package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/sigv4"
	"github.com/connect-local/connect-local/internal/wire"
)

// chatServer runs a memory server on a virtual clock; auth nil is permissive.
func chatServer(t *testing.T, auth wire.Authenticator) (string, *clock.Virtual) {
	t.Helper()
	vc := clock.NewVirtual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	srv, err := New(Options{Memory: true, Clock: vc, Auth: auth})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer()
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return "http://" + ln.Addr().String(), vc
}

// call sends a JSON request and decodes the answer; it returns the
// status and the X-Amzn-ErrorType.
func call(t *testing.T, method, url string, body any, headers map[string]string, out any) (int, string) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, r)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == 200 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, b)
		}
	}
	return resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType")
}

const greetFlow = `{"Version":"2019-10-30","StartAction":"hi","Actions":[
 {"Identifier":"hi","Type":"MessageParticipant","Parameters":{"Text":"Welcome to Example Corp!"},"Transitions":{"NextAction":"q"}},
 {"Identifier":"q","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"end","Errors":[{"ErrorType":"NoMatchingError","NextAction":"end"},{"ErrorType":"QueueAtCapacity","NextAction":"end"}]}},
 {"Identifier":"end","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`

type started struct{ ContactId, ParticipantId, ParticipantToken string }

// startChat makes an instance with the greeting flow and starts a chat.
func startChat(t *testing.T, base string, extra map[string]any) (string, started) {
	t.Helper()
	var inst struct{ Id string }
	if st, typ := call(t, "PUT", base+"/instance", map[string]any{"IdentityManagementType": "CONNECT_MANAGED", "InboundCallsEnabled": true, "OutboundCallsEnabled": true, "InstanceAlias": "chat"}, nil, &inst); st != 200 {
		t.Fatal(st, typ)
	}
	var fl struct{ ContactFlowId string }
	if st, typ := call(t, "PUT", base+"/contact-flows/"+inst.Id, map[string]any{"Name": "greet", "Type": "CONTACT_FLOW", "Content": greetFlow}, nil, &fl); st != 200 {
		t.Fatal(st, typ)
	}
	req := map[string]any{"InstanceId": inst.Id, "ContactFlowId": fl.ContactFlowId, "ParticipantDetails": map[string]any{"DisplayName": "Ann"},
		"InitialMessage": map[string]any{"ContentType": "text/plain", "Content": "my parcel never arrived"}}
	for k, v := range extra {
		req[k] = v
	}
	var s started
	if st, typ := call(t, "PUT", base+"/contact/chat", req, nil, &s); st != 200 {
		t.Fatal(st, typ)
	}
	return inst.Id, s
}

type connection struct {
	Websocket             struct{ Url, ConnectionExpiry string }
	ConnectionCredentials struct{ ConnectionToken, Expiry string }
}

func connect(t *testing.T, base, participantToken string) connection {
	t.Helper()
	var c connection
	if st, typ := call(t, "POST", base+"/participant/connection", map[string]any{"Type": []string{"WEBSOCKET", "CONNECTION_CREDENTIALS"}},
		map[string]string{"X-Amz-Bearer": participantToken}, &c); st != 200 {
		t.Fatal(st, typ)
	}
	return c
}

type transcript struct {
	InitialContactId string
	NextToken        string
	Transcript       []struct{ Id, Type, Content, ContentType, ParticipantRole, DisplayName, AbsoluteTime string }
}

// TestChatEndToEnd: the greeting and the initial message are in the
// transcript, a WebSocket subscribed to aws/chat answers heartbeats and
// pings and is pushed each message as it is sent, the transcript pages in
// both directions, and the customer's token stops working when it leaves
// but still reads the transcript.
func TestChatEndToEnd(t *testing.T) {
	base, _ := chatServer(t, nil)
	_, s := startChat(t, base, map[string]any{"SupportedMessagingContentTypes": []string{"text/plain", "text/markdown"}})
	conn := connect(t, base, s.ParticipantToken)
	if !strings.HasPrefix(conn.Websocket.Url, "ws://127.0.0.1:") {
		t.Fatalf("WebSocket URL %q: chatjs accepts only ws://127.0.0.1: for a loopback server", conn.Websocket.Url)
	}
	token := map[string]string{"X-Amz-Bearer": conn.ConnectionCredentials.ConnectionToken}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, conn.Websocket.Url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	send := func(v string) {
		if err := ws.Write(ctx, websocket.MessageText, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	recv := func() map[string]any {
		_, b, err := ws.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	send(`{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}`)
	if m := recv(); m["topic"] != "aws/subscribe" || m["content"].(map[string]any)["status"] != "success" {
		t.Fatalf("subscribe answered %v", m)
	}
	// The first subscription gets what was said before it: the customer
	// joining, the flow's greeting, the default customer queue flow's
	// message (the flow queued the chat), the initial message.
	for _, want := range []string{"PARTICIPANT_JOINED", "Welcome to Example Corp!", "Thank you for waiting.", "my parcel never arrived"} {
		if m := recv(); m["topic"] != "aws/chat" || !strings.Contains(m["content"].(string), want) {
			t.Fatalf("backlog frame %v, want one with %q", m, want)
		}
	}
	send(`{"topic":"aws/heartbeat"}`)
	if m := recv(); m["topic"] != "aws/heartbeat" {
		t.Fatalf("heartbeat answered %v", m)
	}
	send(`{"topic":"aws/ping"}`)
	if m := recv(); m["topic"] != "aws/ping" || m["statusCode"] != float64(200) {
		t.Fatalf("ping answered %v", m)
	}
	var sent struct{ Id string }
	if st, typ := call(t, "POST", base+"/participant/message", map[string]any{"ContentType": "text/markdown", "Content": "**anyone** there?"}, token, &sent); st != 200 {
		t.Fatal(st, typ)
	}
	m := recv()
	var item struct{ Id, Type, Content, ParticipantRole, DisplayName string }
	if err := json.Unmarshal([]byte(m["content"].(string)), &item); err != nil || m["topic"] != "aws/chat" {
		t.Fatalf("pushed %v (%v)", m, err)
	}
	if item.Id != sent.Id || item.Type != "MESSAGE" || item.Content != "**anyone** there?" || item.ParticipantRole != "CUSTOMER" || item.DisplayName != "Ann" {
		t.Fatalf("pushed item %+v", item)
	}
	if st, typ := call(t, "POST", base+"/participant/event", map[string]any{"ContentType": "application/vnd.amazonaws.connect.event.typing"}, token, nil); st != 200 {
		t.Fatal(st, typ)
	}
	if m := recv(); !strings.Contains(m["content"].(string), `"TYPING"`) {
		t.Fatalf("typing pushed as %v", m)
	}
	// A content type the chat did not declare is refused with the
	// participant service's own validation error.
	if st, typ := call(t, "POST", base+"/participant/message", map[string]any{"ContentType": "application/json", "Content": "{}"}, token, nil); st != 400 || typ != "ValidationException" {
		t.Fatalf("undeclared content type: %d %s", st, typ)
	}
	if st, typ := call(t, "POST", base+"/participant/transcript", map[string]any{"MaxResults": 101}, token, nil); st != 400 || typ != "ValidationException" {
		t.Fatalf("MaxResults 101: %d %s, want 400 ValidationException", st, typ)
	}

	var all transcript
	call(t, "POST", base+"/participant/transcript", map[string]any{"SortOrder": "ASCENDING", "ScanDirection": "FORWARD", "MaxResults": 100}, token, &all)
	var got []string
	for _, it := range all.Transcript {
		got = append(got, it.Type+"/"+it.ParticipantRole+"/"+it.Content)
	}
	want := []string{"PARTICIPANT_JOINED/CUSTOMER/", "MESSAGE/SYSTEM/Welcome to Example Corp!",
		"MESSAGE/SYSTEM/Thank you for waiting. Your contact is important to us and will be answered in the order it was received.", "MESSAGE/CUSTOMER/my parcel never arrived", "MESSAGE/CUSTOMER/**anyone** there?"}
	if strings.Join(got, "|") != strings.Join(want, "|") || all.InitialContactId != s.ContactId {
		t.Fatalf("transcript %q (initial %s), want %q", got, all.InitialContactId, want)
	}
	// Paging backward from the most recent, two at a time, descending.
	var ids []string
	next := ""
	for range 3 {
		req := map[string]any{"MaxResults": 2, "SortOrder": "DESCENDING"}
		if next != "" {
			req["NextToken"] = next
		}
		var page transcript
		if st, typ := call(t, "POST", base+"/participant/transcript", req, token, &page); st != 200 {
			t.Fatal(st, typ)
		}
		for _, it := range page.Transcript {
			ids = append(ids, it.Id)
		}
		if next = page.NextToken; next == "" {
			break
		}
	}
	for i := range ids {
		if ids[i] != all.Transcript[len(all.Transcript)-1-i].Id {
			t.Fatalf("backward pages %v are not the transcript reversed", ids)
		}
	}
	if len(ids) != len(all.Transcript) {
		t.Fatalf("backward pages gave %d items of %d", len(ids), len(all.Transcript))
	}
	// StartPosition by id, forward.
	var from transcript
	call(t, "POST", base+"/participant/transcript", map[string]any{"StartPosition": map[string]any{"Id": all.Transcript[2].Id}, "ScanDirection": "FORWARD", "SortOrder": "ASCENDING"}, token, &from)
	if len(from.Transcript) != 3 || from.Transcript[0].Id != all.Transcript[2].Id {
		t.Fatalf("forward from item 2: %+v", from.Transcript)
	}

	if st, typ := call(t, "POST", base+"/participant/disconnect", map[string]any{}, token, nil); st != 200 {
		t.Fatal(st, typ)
	}
	if st, typ := call(t, "POST", base+"/participant/message", map[string]any{"ContentType": "text/plain", "Content": "hello?"}, token, nil); st != 403 || typ != "AccessDeniedException" {
		t.Fatalf("message after leaving: %d %s", st, typ)
	}
	var after transcript
	if st, typ := call(t, "POST", base+"/participant/transcript", map[string]any{"MaxResults": 100}, token, &after); st != 200 {
		t.Fatalf("transcript after leaving: %d %s", st, typ)
	}
	if last := after.Transcript[len(after.Transcript)-1]; last.Type != "CHAT_ENDED" {
		t.Fatalf("the transcript ends with %+v, want CHAT_ENDED", last)
	}
	for _, tok := range []string{"", "not-a-token", s.ParticipantToken} {
		if st, typ := call(t, "POST", base+"/participant/message", map[string]any{"ContentType": "text/plain", "Content": "x"}, map[string]string{"X-Amz-Bearer": tok}, nil); st == 200 || (tok != "" && typ != "AccessDeniedException") {
			t.Fatalf("token %q: %d %s", tok, st, typ)
		}
	}
}

// TestChatDurationOnVirtualClock: a chat ends when ChatDurationInMinutes
// has passed on the server's clock, and its token stops working.
func TestChatDurationOnVirtualClock(t *testing.T) {
	base, vc := chatServer(t, nil)
	_, s := startChat(t, base, map[string]any{"ChatDurationInMinutes": 60})
	token := map[string]string{"X-Amz-Bearer": connect(t, base, s.ParticipantToken).ConnectionCredentials.ConnectionToken}
	msg := map[string]any{"ContentType": "text/plain", "Content": "still here"}
	vc.Advance(59 * time.Minute)
	if st, typ := call(t, "POST", base+"/participant/message", msg, token, nil); st != 200 {
		t.Fatalf("before the duration: %d %s", st, typ)
	}
	vc.Advance(time.Minute)
	if st, typ := call(t, "POST", base+"/participant/message", msg, token, nil); st != 403 || typ != "AccessDeniedException" {
		t.Fatalf("after the duration: %d %s", st, typ)
	}
	var tr transcript
	call(t, "POST", base+"/participant/transcript", map[string]any{"MaxResults": 1}, token, &tr)
	if len(tr.Transcript) != 1 || tr.Transcript[0].Type != "CHAT_ENDED" {
		t.Fatalf("most recent item %+v, want CHAT_ENDED", tr.Transcript)
	}
}

// TestChatAttachment: an attachment is uploaded to its pre-signed URL,
// becomes a transcript item, and is read back from GetAttachment's URL;
// a wrong type, an oversize declaration and a bad upload URL are refused.
func TestChatAttachment(t *testing.T) {
	base, _ := chatServer(t, nil)
	_, s := startChat(t, base, nil)
	token := map[string]string{"X-Amz-Bearer": connect(t, base, s.ParticipantToken).ConnectionCredentials.ConnectionToken}
	data := []byte("%PDF-1.4 receipt")
	var up struct {
		AttachmentId   string
		UploadMetadata struct {
			Url              string
			HeadersToInclude map[string]string
		}
	}
	if st, typ := call(t, "POST", base+"/participant/start-attachment-upload", map[string]any{"ContentType": "application/pdf", "AttachmentSizeInBytes": len(data), "AttachmentName": "receipt.pdf", "ClientToken": "c1"}, token, &up); st != 200 {
		t.Fatal(st, typ)
	}
	for _, bad := range []map[string]any{
		{"ContentType": "application/x-msdownload", "AttachmentSizeInBytes": 10, "AttachmentName": "a.exe", "ClientToken": "c2"},
		{"ContentType": "application/pdf", "AttachmentSizeInBytes": 21 << 20, "AttachmentName": "big.pdf", "ClientToken": "c3"},
	} {
		if st, typ := call(t, "POST", base+"/participant/start-attachment-upload", bad, token, nil); st != 400 || typ != "ValidationException" {
			t.Fatalf("%v: %d %s", bad, st, typ)
		}
	}
	// Completing before the bytes are there is a conflict.
	if st, typ := call(t, "POST", base+"/participant/complete-attachment-upload", map[string]any{"AttachmentIds": []string{up.AttachmentId}, "ClientToken": "d1"}, token, nil); st != 409 || typ != "ConflictException" {
		t.Fatalf("complete before upload: %d %s", st, typ)
	}
	put := func(url string) int {
		req, _ := http.NewRequest("PUT", url, bytes.NewReader(data))
		for k, v := range up.UploadMetadata.HeadersToInclude {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := put(strings.Replace(up.UploadMetadata.Url, "upload=", "upload=x", 1)); st != 403 {
		t.Fatalf("upload with a wrong signature: %d", st)
	}
	if st := put(up.UploadMetadata.Url); st != 200 {
		t.Fatalf("upload: %d", st)
	}
	if st, typ := call(t, "POST", base+"/participant/complete-attachment-upload", map[string]any{"AttachmentIds": []string{up.AttachmentId}, "ClientToken": "d1"}, token, nil); st != 200 {
		t.Fatal(st, typ)
	}
	var got struct {
		Url                   string
		AttachmentSizeInBytes int
	}
	if st, typ := call(t, "POST", base+"/participant/attachment", map[string]any{"AttachmentId": up.AttachmentId}, token, &got); st != 200 || got.AttachmentSizeInBytes != len(data) {
		t.Fatal(st, typ, got)
	}
	resp, err := http.Get(got.Url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(body, data) || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download: %q %s", body, resp.Header.Get("Content-Type"))
	}
	var tr transcript
	call(t, "POST", base+"/participant/transcript", map[string]any{"MaxResults": 1}, token, &tr)
	if len(tr.Transcript) != 1 || tr.Transcript[0].Type != "ATTACHMENT" {
		t.Fatalf("last item %+v, want the ATTACHMENT", tr.Transcript)
	}
}

// TestParticipantRoutesIgnoreSigV4 in strict mode: the participant
// service authenticates by its token alone, as in AWS (chatjs signs with
// empty credentials); connect still needs a signature.
func TestParticipantRoutesIgnoreSigV4(t *testing.T) {
	creds, err := sigv4.ParseCredentials(strings.NewReader(`{"credentials":[{"accessKeyId":"AKIDA","secretAccessKey":"s","accountId":"111111111111"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := chatServer(t, sigv4.New(creds, clock.Real{}))
	if st, typ := call(t, "PUT", base+"/instance", map[string]any{"IdentityManagementType": "CONNECT_MANAGED", "InboundCallsEnabled": true, "OutboundCallsEnabled": true}, nil, nil); st != 403 || typ != "MissingAuthenticationTokenException" {
		t.Fatalf("unsigned connect call: %d %s", st, typ)
	}
	bogusSig := map[string]string{"X-Amz-Bearer": "no-such-token", "Authorization": "AWS4-HMAC-SHA256 Credential=/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00"}
	if st, typ := call(t, "POST", base+"/participant/message", map[string]any{"ContentType": "text/plain", "Content": "x"}, bogusSig, nil); st != 403 || typ != "AccessDeniedException" {
		t.Fatalf("participant call with a bad token and an empty-credential signature: %d %s, want 403 AccessDeniedException", st, typ)
	}
}
