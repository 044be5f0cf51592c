// Chat end to end through the JavaScript clients (docs/chat.md): the AWS
// SDK for JavaScript v3's participant client under node, and
// amazon-connect-chatjs in Debian's headless Chromium driven by
// playwright-core. Run by scripts/chat-test (and scripts/ui-test), which
// build bin/connect-local and run `npm ci` here first.
//
// The page is served from another loopback port (a cross-origin page, as a
// chat widget is): chatjs is pointed at connect-local with
// ChatSession.setGlobalConfig({region, endpoint}); it signs its calls for
// execute-api with empty credentials, opens the ws://127.0.0.1: WebSocket
// it is answered, subscribes, heartbeats, and receives every item.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import {
  ConnectParticipantClient, CreateParticipantConnectionCommand, SendMessageCommand, SendEventCommand, GetTranscriptCommand,
} from '@aws-sdk/client-connectparticipant';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const binary = process.env.CONNECT_LOCAL_BINARY || path.join(root, 'bin/connect-local');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const GREETING = 'Welcome to Example Corp!';
// The default customer queue flow speaks as soon as the flow queues the chat.
const QUEUE_MSG = 'Thank you for waiting. Your contact is important to us and will be answered in the order it was received.';

let server, serverLog = '', endpoint, pages, pagesPort, browser, profileDir;
let iid, flow, agent;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function api(method, p, body) {
  const res = await fetch(endpoint + p, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${res.headers.get('x-amzn-errortype')} ${text}`);
  return text ? JSON.parse(text) : {};
}

const participant = () => new ConnectParticipantClient({ region: 'us-east-1', endpoint, maxAttempts: 1,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

const page = `<!doctype html><meta charset="utf-8"><title>chat</title><script src="/chatjs.js"></script>
<script>
window.events = [];
window.startChat = async (details, endpoint) => {
  connect.ChatSession.setGlobalConfig({ region: 'us-east-1', endpoint, loggerConfig: { useDefaultLogger: false } });
  const s = connect.ChatSession.create({ chatDetails: details, type: 'CUSTOMER', disableCSM: true, options: { region: 'us-east-1' } });
  s.onMessage((e) => window.events.push({ kind: 'message', type: e.data.Type, role: e.data.ParticipantRole, content: e.data.Content || '' }));
  s.onTyping((e) => window.events.push({ kind: 'typing', role: e.data.ParticipantRole }));
  s.onEnded(() => window.events.push({ kind: 'ended' }));
  window.session = s;
  const r = await s.connect();
  return !!r;
};
</script>`;

before(async () => {
  assert.ok(fs.existsSync(binary), `${binary} is missing: build it with go build -o bin/connect-local ./cmd/connect-local`);
  const chatjs = fs.readFileSync(path.join(here, 'node_modules/amazon-connect-chatjs/dist/amazon-connect-chat.js'));
  pagesPort = await freePort();
  pages = http.createServer((req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    const body = { '/chat.html': page, '/chatjs.js': chatjs }[p];
    if (body === undefined) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': p.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise((r) => pages.listen(pagesPort, '127.0.0.1', r));

  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  server = spawn(binary, ['serve', '--memory', '--addr', `127.0.0.1:${port}`, '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => { serverLog += d; });
  server.stderr.on('data', (d) => { serverLog += d; });
  for (let i = 0; ; i++) {
    try { if ((await fetch(endpoint + '/_local/health')).ok) break; } catch { /* not up yet */ }
    if (i > 200 || server.exitCode !== null) throw new Error('connect-local did not become healthy:\n' + serverLog);
    await sleep(50);
  }
  iid = (await api('PUT', '/instance', { IdentityManagementType: 'CONNECT_MANAGED', InboundCallsEnabled: true, OutboundCallsEnabled: true, InstanceAlias: 'chat' })).Id;
  const queue = (await api('GET', `/queues-summary/${iid}`)).QueueSummaryList.find((q) => q.Name === 'BasicQueue').Id;
  flow = (await api('PUT', `/contact-flows/${iid}`, { Name: 'greet', Type: 'CONTACT_FLOW', Content: JSON.stringify({ Version: '2019-10-30', StartAction: 'hi', Actions: [
    { Identifier: 'hi', Type: 'MessageParticipant', Parameters: { Text: GREETING }, Transitions: { NextAction: 'set' } },
    { Identifier: 'set', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queue }, Transitions: { NextAction: 'go', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
    { Identifier: 'go', Type: 'TransferContactToQueue', Parameters: {}, Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'bye' }, { ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
    { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }] }) })).ContactFlowId;
  const rp = (await api('GET', `/routing-profiles-summary/${iid}`)).RoutingProfileSummaryList.find((p) => p.Name === 'Basic Routing Profile').Id;
  const sp = (await api('GET', `/security-profiles-summary/${iid}`)).SecurityProfileSummaryList.find((p) => p.Name === 'Agent').Id;
  agent = (await api('PUT', `/users/${iid}`, { Username: 'jane', IdentityInfo: { FirstName: 'Jane', LastName: 'Doe' },
    PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true }, SecurityProfileIds: [sp], RoutingProfileId: rp })).UserId;

  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-chromium-'));
  browser = await chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
});

after(async () => {
  if (browser) await browser.close();
  if (pages) pages.close();
  if (server && server.exitCode === null) { server.kill('SIGTERM'); await new Promise((r) => server.once('exit', r)); }
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

async function available() {
  const st = (await api('GET', `/agent-status/${iid}`)).AgentStatusSummaryList.find((s) => s.Name === 'Available').Id;
  await api('PUT', `/users/${iid}/${agent}/status`, { AgentStatusId: st });
}

test('the SDK for JavaScript v3: a conversation, and wrong tokens refused', async () => {
  const chat = await api('PUT', '/contact/chat', { InstanceId: iid, ContactFlowId: flow, ParticipantDetails: { DisplayName: 'Sam' },
    InitialMessage: { ContentType: 'text/plain', Content: 'hello from node' } });
  const c = participant();
  const conn = await c.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
  assert.match(conn.Websocket.Url, /^ws:\/\/127\.0\.0\.1:/);
  const token = conn.ConnectionCredentials.ConnectionToken;
  await c.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'second message' }));
  const tr = await c.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'ASCENDING', MaxResults: 100 }));
  assert.deepEqual(tr.Transcript.filter((i) => i.Type === 'MESSAGE').map((i) => i.Content), [GREETING, QUEUE_MSG, 'hello from node', 'second message']);
  for (const bad of ['nope', chat.ParticipantToken]) {
    await assert.rejects(c.send(new SendEventCommand({ ConnectionToken: bad, ContentType: 'application/vnd.amazonaws.connect.event.typing' })),
      (e) => e.name === 'AccessDeniedException' && e.$metadata.httpStatusCode === 403);
  }
  await assert.rejects(c.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 101 })), (e) => e.name === 'ValidationException');
  await api('POST', `/contact/stop`, { InstanceId: iid, ContactId: chat.ContactId });
});

test('amazon-connect-chatjs in Chromium: greeting, agent message and typing over the WebSocket, attachment, disconnect', async () => {
  const chat = await api('PUT', '/contact/chat', { InstanceId: iid, ContactFlowId: flow, ParticipantDetails: { DisplayName: 'Ann' },
    InitialMessage: { ContentType: 'text/plain', Content: 'my parcel never arrived' } });
  const p = await browser.newPage();
  p.on('pageerror', (err) => { serverLog += `\n[page error] ${err.message}`; });
  await p.goto(`http://localhost:${pagesPort}/chat.html`);
  assert.equal(await p.evaluate(([d, ep]) => window.startChat(d, ep), [chat, endpoint]), true);
  await p.waitForFunction((g) => window.events.some((e) => e.kind === 'message' && e.content === g), GREETING, { timeout: 15000 });

  // An agent becomes available, is connected (AutoAccept) and answers
  // through the participant API with its own token.
  await available();
  const creds = await api('POST', `/_local/instances/${iid}/agents/${agent}/contacts/${chat.ContactId}/participant`);
  const c = participant();
  const agentToken = (await c.send(new CreateParticipantConnectionCommand({ ParticipantToken: creds.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] })))
    .ConnectionCredentials.ConnectionToken;
  await c.send(new SendEventCommand({ ConnectionToken: agentToken, ContentType: 'application/vnd.amazonaws.connect.event.typing' }));
  await c.send(new SendMessageCommand({ ConnectionToken: agentToken, ContentType: 'text/plain', Content: 'Jane here, let me check.' }));
  await p.waitForFunction(() => window.events.some((e) => e.kind === 'typing' && e.role === 'AGENT')
    && window.events.some((e) => e.kind === 'message' && e.content === 'Jane here, let me check.'), null, { timeout: 15000 });

  await p.evaluate(async () => {
    await window.session.sendMessage({ contentType: 'text/plain', message: 'thanks, here is the receipt' });
    const file = new File(['receipt 1234'], 'receipt.txt', { type: 'text/plain' });
    await window.session.sendAttachment({ attachment: file });
    await window.session.disconnectParticipant();
  });

  const tr = await c.send(new GetTranscriptCommand({ ConnectionToken: agentToken, SortOrder: 'ASCENDING', ScanDirection: 'FORWARD', MaxResults: 100 }));
  const got = tr.Transcript.map((i) => [i.Type, i.ParticipantRole ?? null, i.Content ?? (i.Attachments ? i.Attachments[0].AttachmentName : null)]);
  assert.deepEqual(got, [
    ['PARTICIPANT_JOINED', 'CUSTOMER', null],
    ['MESSAGE', 'SYSTEM', GREETING],
    ['MESSAGE', 'SYSTEM', QUEUE_MSG],
    ['MESSAGE', 'CUSTOMER', 'my parcel never arrived'],
    ['PARTICIPANT_JOINED', 'AGENT', null],
    ['MESSAGE', 'AGENT', 'Jane here, let me check.'],
    ['MESSAGE', 'CUSTOMER', 'thanks, here is the receipt'],
    ['ATTACHMENT', 'CUSTOMER', 'receipt.txt'],
    ['PARTICIPANT_LEFT', 'CUSTOMER', null],
    ['PARTICIPANT_LEFT', 'AGENT', null],
    ['CHAT_ENDED', null, null],
  ], serverLog);
  await p.close();
});
