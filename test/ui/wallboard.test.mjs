// End-to-end tests of the wallboard (/_local/ui/, docs/wallboard.md) in
// Debian's headless Chromium driven by playwright-core. Run by
// scripts/ui-test, which builds bin/connect-local, installs chromium and
// runs `npm ci` here first.
//
// One connect-local runs for the whole file: memory storage, a virtual
// clock, the center of center.yaml seeded at start. The tests drive it
// through the public API (and /_local/ for the clock and agents' hands) and
// assert what the page shows, without ever reloading it: every change has
// to arrive through the live feed. Screenshots go to artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const binary = process.env.CONNECT_LOCAL_BINARY || path.join(root, 'bin/connect-local');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const artifacts = path.join(here, 'artifacts');
const scenario = path.join(here, 'center.yaml');

let server, serverLog = '', endpoint, browser, page, profileDir;
let iid, users = {}, statuses = {}, flowId;

// skillFlow routes to the queue in two steps on Skill=Routers: level 4 or
// more for 30 s, then level 1 or more.
function skillFlow(queueId) {
  const step = (level, extra) => ({ ...extra, Expression: { AttributeCondition: {
    Name: 'Skill', Value: 'Routers', ProficiencyLevel: level, ComparisonOperator: 'NumberGreaterOrEqualTo' } } });
  const end = { NextAction: 'end' };
  return JSON.stringify({ Version: '2019-10-30', StartAction: 'queue', Actions: [
    { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueId },
      Transitions: { NextAction: 'criteria', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'criteria', Type: 'UpdateRoutingCriteria',
      Parameters: { RoutingCriteria: { Steps: [step(4, { Expiry: { DurationInSeconds: 30 } }), step(1)] } },
      Transitions: { NextAction: 'transfer', Errors: [{ NextAction: 'transfer', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'transfer', Type: 'TransferContactToQueue', Parameters: {},
      Transitions: { ...end, Errors: [{ ...end, ErrorType: 'QueueAtCapacity' }, { ...end, ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }] });
}

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

async function api(method, p, body) {
  const res = await fetch(endpoint + p, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const out = text ? JSON.parse(text) : {};
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${res.headers.get('x-amzn-errortype')} ${text}`);
  return out;
}

async function waitForHealth() {
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(endpoint + '/_local/health');
      if (res.ok) return;
    } catch { /* not up yet */ }
    if (server.exitCode !== null) break;
    await sleep(50);
  }
  throw new Error('connect-local did not become healthy:\n' + serverLog);
}

const setStatus = (user, status) =>
  api('PUT', `/users/${iid}/${users[user]}/status`, { AgentStatusId: statuses[status] });
const startTask = (name) =>
  api('PUT', '/contact/task', { InstanceId: iid, ContactFlowId: flowId, Name: name }).then((r) => r.ContactId);
const advance = (seconds) => api('POST', '/_local/clock/advance', { Seconds: seconds });

// cell reads the text of a queue-table cell.
const cell = (queue, col) => page.locator(`#queues tr[data-queue="${queue}"] td[data-col="${col}"]`);

async function expectText(locator, expected, timeout = 3000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = (await locator.count()) ? (await locator.first().textContent()).trim() : '(absent)';
    if (expected instanceof RegExp ? expected.test(last) : last === String(expected)) return last;
    await sleep(25);
  }
  assert.fail(`expected ${expected}, page shows ${last}`);
}

async function screenshot(name) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, name), fullPage: true });
}

before(async () => {
  assert.ok(fs.existsSync(binary), `${binary} is missing: build it with go build -o bin/connect-local ./cmd/connect-local`);
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  server = spawn(binary, ['serve', '--memory', '--clock', 'virtual', '--seed', scenario, '--addr', `127.0.0.1:${port}`, '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => { serverLog += d; });
  server.stderr.on('data', (d) => { serverLog += d; });
  await waitForHealth();

  // Keep the test's day clear of midnight: "today" must not roll over
  // under the charts. Move the virtual clock to 08:00 UTC if it is late.
  const clock = await api('GET', '/_local/clock');
  const secOfDay = clock.EpochSeconds % 86400;
  if (secOfDay < 6 * 3600 || secOfDay > 16 * 3600) await advance((86400 + 8 * 3600 - secOfDay) % 86400);

  const instances = (await api('GET', '/instance')).InstanceSummaryList;
  iid = instances.find((i) => i.InstanceAlias === 'wallboard-test').Id;
  for (const u of (await api('GET', `/users-summary/${iid}`)).UserSummaryList) users[u.Username] = u.Id;
  for (const s of (await api('GET', `/agent-status/${iid}`)).AgentStatusSummaryList) statuses[s.Name] = s.Id;
  const queues = (await api('GET', `/queues-summary/${iid}?queueTypes=STANDARD`)).QueueSummaryList;
  flowId = (await api('PUT', `/contact-flows/${iid}`, {
    Name: 'Router skill', Type: 'CONTACT_FLOW', Content: skillFlow(queues.find((q) => q.Name === 'Support').Id),
  })).ContactFlowId;

  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallboard-chromium-'));
  // A new, empty profile each run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
    timezoneId: 'UTC',
  });
  page = browser.pages()[0] || await browser.newPage();
  page.on('pageerror', (err) => { serverLog += `\n[page error] ${err.message}`; });
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

test('the page shows the seeded center from the public APIs', async () => {
  await page.goto(endpoint + '/_local/ui/');
  await expectText(page.locator('#instance option:checked'), /^wallboard-test/);
  await expectText(cell('Support', 'in-queue'), 0);
  await expectText(cell('Support', 'online'), 0);
  await expectText(page.locator('#live'), /^live/);
  // Every agent is offline: hidden behind the toggle, which counts them.
  await expectText(page.locator('#offline-count'), '3');
  await expectText(page.locator('#agents tbody'), 'All 3 agents are offline.');
  await page.locator('#show-offline').check();
  await expectText(page.locator('#agents tr[data-agent="alice"] [data-col="status"]'), 'Offline');
  await expectText(page.locator('#agents tr[data-agent="alice"] td[data-col="proficiencies"]'), 'Skill=Routers 5');
  await expectText(page.locator('#agents tr[data-agent="carol"] td[data-col="proficiencies"]'), '–');
  await expectText(page.locator('#routing'), 'No contacts waiting.');
  assert.equal(await page.locator('#banner').isVisible(), false);
  await page.locator('#show-offline').uncheck();
  await expectText(page.locator('#agents tbody'), 'All 3 agents are offline.');
  // The favicon is the page's own.
  assert.equal(await page.locator('link[rel="icon"]').getAttribute('href'), 'favicon.svg');
  const icon = await fetch(endpoint + '/_local/ui/favicon.svg');
  assert.equal(icon.status, 200);
  assert.match(icon.headers.get('content-type'), /^image\/svg\+xml/);
});

// fits asserts that nothing inside sel is wider than sel shows.
async function fits(sel) {
  const [scroll, client] = await page.locator(sel).evaluate((el) => [el.scrollWidth, el.clientWidth]);
  assert.ok(scroll <= client, `${sel} is ${scroll} px wide inside ${client} px`);
}

test('a waiting contact is routed live when an agent becomes available, and the decision is explained', async () => {
  await setStatus('bob', 'Available');
  await expectText(cell('Support', 'available'), 1);
  // Step 1 wants Skill >= 4: bob (2) may not take it, so it waits.
  const cid = await startTask('router question');
  await expectText(cell('Support', 'in-queue'), 1);
  const row = page.locator(`#routing tr[data-contact="${cid}"]`);
  await expectText(row.locator('[data-col="expression"]'), 'Skill=Routers ≥ 4');
  await expectText(row.locator('[data-col="expiry"]'), '0:30');
  await advance(12);
  await expectText(row.locator('[data-col="age"]'), '0:12', 7000); // the clock moved: the slow poll shows it
  await expectText(cell('Support', 'oldest'), '0:12');
  await fits('#routing-section');
  await screenshot('waiting.png');

  // A click on the waiting contact opens its details: timeline, routing
  // steps and its place in the queue.
  await row.locator('[data-col="age"]').click();
  const details = page.locator('#contact-details');
  await expectText(details.locator('[data-section="summary"] [data-col="name"]'), 'router question');
  await expectText(details.locator('[data-section="timeline"] tr[data-event="Queued"]'), /Queued/);
  await expectText(details.locator('tr[data-step="1"] [data-col="expression"]'), 'Skill=Routers ≥ 4');
  await expectText(details.locator('tr[data-step="1"] [data-col="status"]'), 'ACTIVE');
  await expectText(details.locator('tr[data-step="2"] [data-col="expression"]'), 'Skill=Routers ≥ 1');
  await expectText(details.locator('[data-col="position"]'), /^Waiting in Support: 1 of 1 in routing order, routing age 0:12/);
  // Its flow log: each block the contact ran, in order.
  await expectText(details.locator('[data-section="flow-log"] tr[data-block="queue"] [data-col="type"]'), 'UpdateContactTargetQueue');
  await expectText(details.locator('[data-section="flow-log"] tr[data-block="criteria"] [data-col="type"]'), 'UpdateRoutingCriteria');
  await expectText(details.locator('[data-section="flow-log"] tr[data-block="transfer"] [data-col="type"]'), 'TransferContactToQueue');
  await expectText(details.locator('[data-section="flow-log"] tr[data-block="queue"] [data-col="time"]'), /^\d\d:\d\d:\d\d$/);
  await screenshot('contact.png');
  await page.locator('#contact-close').click();
  assert.equal(await details.isVisible(), false);

  // alice (5) becomes available: the contact is routed to her, and the page
  // shows it within a second, through the live feed.
  const t0 = Date.now();
  await setStatus('alice', 'Available');
  await expectText(cell('Support', 'in-queue'), 0, 1000);
  const seen = Date.now() - t0;
  await expectText(cell('Support', 'on-contact'), 1);
  const decision = page.locator(`#decisions tr[data-decision="${cid}"]`);
  await expectText(decision.locator('[data-col="agent"]'), 'alice');
  const passed = await decision.locator('[data-col="passed"]').textContent();
  assert.match(passed, /bob — lacks the step's proficiency/);
  assert.match(passed, /carol — not available/);
  await expectText(page.locator('#agents tr[data-agent="alice"] td[data-col="contacts"]'), /^TASK connected/);
  await expectText(page.locator('#agents tr[data-agent="alice"] td[data-col="slots"]'), 'TASK 1/1');
  await expectText(page.locator('#routing'), 'No contacts waiting.');
  // Busy agents first: alice (on the contact), then bob (available);
  // carol, offline, is behind the toggle.
  assert.deepEqual(await page.locator('#agents tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.agent)), ['alice', 'bob']);
  await expectText(page.locator('#offline-count'), '1');
  await fits('#agents-section');
  assert.ok(seen < 1000, `the page showed the routed contact after ${seen} ms`);
  await screenshot('routed.png');

  // alice finishes; the contact completes.
  await api('POST', `/_local/instances/${iid}/agents/${users.alice}/contacts/${cid}/hang-up`);
  await expectText(cell('Support', 'acw'), 1);
  // The contact, clicked in the decisions: connected to alice, its
  // timeline in order.
  await decision.locator('[data-col="agent"]').click();
  await expectText(details.locator('[data-section="summary"] [data-col="agent"]'), 'alice');
  await expectText(details.locator('[data-section="timeline"] tr[data-event="Disconnected"]'), /Disconnected/);
  const events = await details.locator('[data-section="timeline"] tr').evaluateAll((rs) => rs.map((r) => r.dataset.event));
  assert.deepEqual(events.filter((e) => e !== 'Ringing'), ['Initiated', 'Queued', 'Connected to agent', 'Disconnected']);
  await page.locator('#contact-close').click();
  await api('POST', `/_local/instances/${iid}/agents/${users.alice}/contacts/${cid}/clear-acw`);
  await expectText(cell('Support', 'acw'), 0);
  await expectText(cell('Support', 'available'), 2);
  // Historical metrics count the contact once its record is complete:
  // answered 12 s after it was queued, within the 20 s threshold.
  await expectText(cell('Support', 'handled-today'), 1);
  await expectText(cell('Support', 'sl-today'), '100%');
  await expectText(page.locator('[data-chart="handled"] h4 span'), 'total 1');
  await expectText(page.locator('[data-chart="asa"] h4 span'), 'seconds');
  assert.equal(await page.locator('[data-chart="asa"] circle').first().getAttribute('data-v'), '12');
});

test('a simulation inside the server updates the page while it runs', async () => {
  const notices = Number(await page.evaluate(() => document.body.dataset.notices || 0));
  const sim = await api('POST', '/_local/simulate', { Name: 'center.yaml', Scenario: fs.readFileSync(scenario, 'utf8') });
  assert.ok(!sim.Errors, `simulation errors: ${sim.Errors}`);
  await page.waitForFunction((n) => Number(document.body.dataset.notices || 0) > n, notices, { timeout: 2000 });
  // The page catches up with the simulated hours: its charts show them.
  const handled = page.locator('[data-chart="handled"] rect');
  const deadline = Date.now() + 5000;
  while ((await handled.count()) < 3 && Date.now() < deadline) await sleep(50);
  assert.ok((await handled.count()) >= 3, 'the handled chart shows fewer than 3 intervals after the simulation');
  assert.ok(await page.locator('[data-chart="service-level"] circle').count() >= 3);
  assert.ok(await page.locator('[data-chart="asa"] circle').count() >= 3);
  const total = Number((await page.locator('[data-chart="handled"] h4 span').textContent()).match(/total (\d+)/)[1]);
  assert.ok(total > 10, `handled total ${total}`);
  await expectText(cell('Support', 'handled-today'), total);
  await screenshot('wallboard.png');
  // The README's pictures: the page as a supervisor sees it, at 1,400
  // and 1,920 pixels (scripts/ui-test --docs copies them to docs/).
  for (const width of [1400, 1920]) {
    await page.setViewportSize({ width, height: 1000 });
    await sleep(300);
    await fits('#routing-section');
    await page.screenshot({ path: path.join(artifacts, `wallboard-${width}.png`), fullPage: false });
  }
  await page.setViewportSize({ width: 1400, height: 1000 });
});

test('no page errors', () => {
  assert.doesNotMatch(serverLog, /\[page error\]/, serverLog);
});
