// Web pages and connect-local (wire.OriginGuard, docs/local-api.md "Web
// pages"), in Debian's headless Chromium driven by playwright-core. Run by
// scripts/ui-test, which builds bin/connect-local, installs chromium and
// runs `npm ci` here first.
//
// Chromium resolves evil.test and allowed.test to 127.0.0.1
// (--host-resolver-rules). A small page server started here serves the
// pages; connect-local runs with --allowed-origins http://allowed.test:PAGES,
// set through its environment twin. The tests check:
//   - a page on evil.test posts at the server with a text/plain fetch and a
//     text/plain form (CSRF) and calls it with the SDK: the server refuses
//     every request it receives, and nothing changes;
//   - a page whose name is rebound to the server (DNS rebinding: served
//     from evil.test, then fetching same-origin, which now reaches
//     connect-local) is refused, and so is a request with that Host from
//     node;
//   - pages on localhost and on the allowed origin call the API with the AWS
//     SDK for JavaScript v3, bundled for the browser by esbuild, and succeed;
//   - the wallboard still loads.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const binary = process.env.CONNECT_LOCAL_BINARY || path.join(root, 'bin/connect-local');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

let server, serverLog = '', port, endpoint, pages, pagesPort, rebinder, rebinderPort, browser, profileDir, sdkBundle;
let iid, qid;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// api calls connect-local from node: no Origin, no Referer, as an SDK does.
async function api(method, p, body) {
  const res = await fetch(endpoint + p, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${res.headers.get('x-amzn-errortype')} ${text}`);
  return text ? JSON.parse(text) : {};
}

// state is everything the attacks try to change.
async function state() {
  const clock = await api('GET', '/_local/clock');
  const queue = (await api('GET', `/queues/${iid}/${qid}`)).Queue;
  const aliases = (await api('GET', '/instance')).InstanceSummaryList.map((i) => i.InstanceAlias).sort();
  return { epoch: clock.EpochSeconds, queue: queue.Name, aliases };
}

// refusals are the requests the server logged as refused for a host or
// origin.
const refusals = (match) => serverLog.split('\n').filter((l) => l.includes('request refused') && match.every((m) => l.includes(m)));

// The pages. {{ENDPOINT}} is connect-local's URL.
const evilPage = `<!doctype html><meta charset="utf-8"><title>evil</title>
<script src="/sdk.js"></script>
<iframe name="sink"></iframe>
<form id="f" method="POST" enctype="text/plain" target="sink" action="{{ENDPOINT}}/_local/clock/advance">
<input name='{"Seconds":3600,"x":"' value='"}'></form>
<script>
window.results = {};
const done = (k, v) => { window.results[k] = v; };
// "Simple" requests: no preflight, the browser just sends them.
fetch('{{ENDPOINT}}/_local/clock/advance', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"Seconds":3600}' })
  .then(() => done('advance', 'sent'), (e) => done('advance', 'error ' + e));
fetch('{{ENDPOINT}}/queues/{{IID}}/{{QID}}/name', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"Name":"pwned"}' })
  .then(() => done('rename', 'sent'), (e) => done('rename', 'error ' + e));
// The SDK from this page: its preflight is refused, so the call fails.
new ConnectSDK.ConnectClient({ region: 'us-east-1', endpoint: '{{ENDPOINT}}', maxAttempts: 1,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } })
  .send(new ConnectSDK.CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InboundCallsEnabled: true, OutboundCallsEnabled: true, InstanceAlias: 'evil-sdk' }))
  .then(() => done('sdk', 'created'), (e) => done('sdk', 'error ' + e.name));
document.querySelector('iframe').addEventListener('load', () => done('form', 'loaded'), { once: true });
document.getElementById('f').submit();
</script>`;

const sdkPage = `<!doctype html><meta charset="utf-8"><title>app</title><script src="/sdk.js"></script>`;

// A page served by the rebinder, which stands for a DNS rebinding attack:
// it answers /rebind.html itself, as the attacker's server did before the
// name was re-pointed, and passes every other request to connect-local
// untouched, as the re-pointed name does. The page's same-origin requests
// reach connect-local with Host evil.test:REBINDER.
const rebindPage = `<!doctype html><meta charset="utf-8"><title>rebind</title>
<script>
window.results = {};
fetch('/instance').then(async (r) => { window.results.read = r.status + ' ' + await r.text(); }, (e) => { window.results.read = 'error ' + e; });
fetch('/instance', { method: 'PUT', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ IdentityManagementType: 'CONNECT_MANAGED', InboundCallsEnabled: true, OutboundCallsEnabled: true, InstanceAlias: 'rebound' }) })
  .then((r) => { window.results.create = String(r.status); }, (e) => { window.results.create = 'error ' + e; });
</script>`;

const fill = (html) => html.replaceAll('{{ENDPOINT}}', endpoint).replaceAll('{{IID}}', iid).replaceAll('{{QID}}', qid);

before(async () => {
  assert.ok(fs.existsSync(binary), `${binary} is missing: build it with go build -o bin/connect-local ./cmd/connect-local`);
  // The AWS SDK for JavaScript v3, bundled for the browser.
  const built = await esbuild.build({
    stdin: { contents: "export { ConnectClient, ListInstancesCommand, CreateInstanceCommand, DescribeInstanceCommand } from '@aws-sdk/client-connect';",
      resolveDir: here, loader: 'js' },
    bundle: true, platform: 'browser', format: 'iife', globalName: 'ConnectSDK', write: false, logLevel: 'error',
  });
  sdkBundle = built.outputFiles[0].text;

  pagesPort = await freePort();
  pages = http.createServer((req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    const body = { '/evil.html': fill(evilPage), '/sdk.html': sdkPage, '/sdk.js': sdkBundle }[p];
    if (body === undefined) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': p.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise((r) => pages.listen(pagesPort, '127.0.0.1', r));
  rebinderPort = await freePort();
  rebinder = http.createServer((req, res) => {
    if (req.url === '/rebind.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(rebindPage);
      return;
    }
    const out = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    out.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(out);
  });
  await new Promise((r) => rebinder.listen(rebinderPort, '127.0.0.1', r));

  port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  // The allowed origin is set through the flag's environment twin.
  server = spawn(binary, ['serve', '--memory', '--clock', 'virtual', '--addr', `127.0.0.1:${port}`, '--log-level', 'info'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CONNECT_LOCAL_ALLOWED_ORIGINS: `http://allowed.test:${pagesPort}` } });
  server.stdout.on('data', (d) => { serverLog += d; });
  server.stderr.on('data', (d) => { serverLog += d; });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(endpoint + '/_local/health')).ok) break;
    } catch { /* not up yet */ }
    if (i > 200 || server.exitCode !== null) throw new Error('connect-local did not become healthy:\n' + serverLog);
    await sleep(50);
  }
  iid = (await api('PUT', '/instance', { IdentityManagementType: 'CONNECT_MANAGED', InboundCallsEnabled: true, OutboundCallsEnabled: true, InstanceAlias: 'origins' })).Id;
  const hours = (await api('PUT', `/hours-of-operations/${iid}`, { Name: 'Office', TimeZone: 'UTC', Config: [] })).HoursOfOperationId;
  qid = (await api('PUT', `/queues/${iid}`, { Name: 'Sales', HoursOfOperationId: hours })).QueueId;

  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'origins-chromium-'));
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP evil.test 127.0.0.1, MAP allowed.test 127.0.0.1'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (pages) pages.close();
  if (rebinder) rebinder.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

async function newPage() {
  const page = await browser.newPage();
  page.on('pageerror', (err) => { serverLog += `\n[page error] ${page.url()}: ${err.message}`; });
  return page;
}

test('a page on another site cannot drive the server with a form, a simple fetch or the SDK', async () => {
  const before = await state();
  const page = await newPage();
  const origin = `http://evil.test:${pagesPort}`;
  await page.goto(`${origin}/evil.html`);
  await page.waitForFunction(() => ['advance', 'rename', 'sdk', 'form'].every((k) => k in window.results), null, { timeout: 10000 });
  const results = await page.evaluate(() => window.results);
  assert.deepEqual(await state(), before, 'the page changed the server');
  assert.equal(results.sdk, 'error TypeError', `the SDK call from evil.test: ${results.sdk}`);
  // The browser sent the form and the two fetches; the server refused each.
  for (const p of ['/_local/clock/advance', `/queues/${iid}/${qid}/name`]) {
    assert.ok(refusals([`path=${p}`, `origin=${origin}`]).length >= (p.includes('clock') ? 2 : 1), `no refusal of ${p} in the log:\n${serverLog}`);
  }
  assert.ok(refusals(['method=OPTIONS', 'path=/instance', `origin=${origin}`]).length >= 1, `the SDK's preflight was not refused:\n${serverLog}`);
  // The form's answer, loaded in the frame, is the refusal.
  const frameText = await page.frame({ name: 'sink' }).locator('body').textContent();
  assert.match(frameText, /--allowed-origins http:\/\/evil\.test:\d+/);
  await page.close();
});

test('a rebound name cannot reach the server, from the browser or from node', async () => {
  const before = await state();
  const page = await newPage();
  // The attacker's name answers first with the attacker's page, then with
  // 127.0.0.1: the page's own requests reach connect-local.
  const origin = `http://evil.test:${rebinderPort}`;
  await page.goto(`${origin}/rebind.html`);
  await page.waitForFunction(() => 'read' in window.results && 'create' in window.results, null, { timeout: 10000 });
  const results = await page.evaluate(() => window.results);
  assert.match(results.read, /^403 .*--allowed-hosts evil\.test/, results.read);
  assert.equal(results.create, '403');
  assert.ok(refusals([`host=evil.test:${rebinderPort}`, 'path=/instance']).length >= 2, serverLog);
  await page.close();

  // From node, with the Host header set by hand.
  const res = await new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'GET', path: '/instance', headers: { Host: `evil.test:${port}` } }, (r) => {
      let body = '';
      r.on('data', (d) => { body += d; });
      r.on('end', () => resolve({ status: r.statusCode, type: r.headers['x-amzn-errortype'], body }));
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(res.status, 403);
  assert.equal(res.type, 'AccessDeniedException');
  assert.match(JSON.parse(res.body).Message, /--allowed-hosts evil\.test/);
  assert.deepEqual(await state(), before);
});

// callWithSDK creates an instance and lists instances with the AWS SDK for
// JavaScript v3 from the page, then provokes an error the SDK must parse
// from the response headers (exposed by Access-Control-Expose-Headers).
async function callWithSDK(page, alias) {
  return page.evaluate(async ({ endpoint, alias }) => {
    const c = new ConnectSDK.ConnectClient({ region: 'us-east-1', endpoint, maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const created = await c.send(new ConnectSDK.CreateInstanceCommand({
      IdentityManagementType: 'CONNECT_MANAGED', InboundCallsEnabled: true, OutboundCallsEnabled: true, InstanceAlias: alias }));
    const list = await c.send(new ConnectSDK.ListInstancesCommand({}));
    let error;
    try {
      await c.send(new ConnectSDK.DescribeInstanceCommand({ InstanceId: '00000000-0000-0000-0000-000000000000' }));
    } catch (e) {
      error = { name: e.name, status: e.$metadata?.httpStatusCode, requestId: e.$metadata?.requestId };
    }
    return { id: created.Id, aliases: list.InstanceSummaryList.map((i) => i.InstanceAlias), error };
  }, { endpoint, alias });
}

test('pages on localhost and on an allowed origin call the API with the AWS SDK for JavaScript', async () => {
  for (const [origin, alias] of [[`http://localhost:${pagesPort}`, 'from-localhost'], [`http://allowed.test:${pagesPort}`, 'from-allowed']]) {
    const page = await newPage();
    await page.goto(`${origin}/sdk.html`);
    const out = await callWithSDK(page, alias);
    assert.match(out.id, /^[0-9a-f-]{36}$/, `${origin}: ${JSON.stringify(out)}`);
    assert.ok(out.aliases.includes(alias), `${origin}: ${JSON.stringify(out)}`);
    assert.equal(out.error?.name, 'ResourceNotFoundException', `${origin}: ${JSON.stringify(out)}`);
    assert.equal(out.error?.status, 404);
    assert.match(out.error?.requestId || '', /^[0-9a-f-]{36}$/);
    await page.close();
  }
  // Both were created; the server saw the SDK's preflights and answered them.
  const aliases = (await state()).aliases;
  assert.ok(aliases.includes('from-localhost') && aliases.includes('from-allowed'), aliases.join(','));
  assert.ok(!aliases.includes('evil-sdk') && !aliases.includes('rebound'), aliases.join(','));
});

test('the wallboard, on the server\'s own origin, still works', async () => {
  const refused = refusals([]).length;
  const page = await newPage();
  await page.goto(endpoint + '/_local/ui/');
  await page.waitForFunction(() => [...document.querySelectorAll('#instance option')].some((o) => o.textContent.startsWith('origins')), null, { timeout: 10000 });
  const live = page.locator('#live');
  const deadline = Date.now() + 5000;
  while (!/^live/.test((await live.textContent()) || '') && Date.now() < deadline) await sleep(25);
  assert.match(await live.textContent(), /^live/);
  await page.close();
  assert.equal(refusals([]).length, refused, serverLog);
});

test('no page errors', () => {
  assert.doesNotMatch(serverLog, /\[page error\]/, serverLog);
});
