// connect-local wallboard (docs/wallboard.md). Plain JavaScript, no build
// step, nothing loaded from outside this server. Every number comes from a
// public Amazon Connect API of this server, called as a real wallboard
// would; the routing view reads GET /_local/instances/{id}/engine. A
// server-sent-event stream (/_local/instances/{id}/events) says when the
// engine changed, and the page refreshes.
'use strict';

const SVG = 'http://www.w3.org/2000/svg'; // the SVG namespace, not a fetch
const CURRENT = ['CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE', 'AGENTS_ONLINE', 'AGENTS_AVAILABLE', 'AGENTS_ON_CONTACT',
  'AGENTS_AFTER_CONTACT_WORK', 'AGENTS_NON_PRODUCTIVE'];
const COLUMNS = [
  ['in-queue', 'CONTACTS_IN_QUEUE'], ['oldest', 'OLDEST_CONTACT_AGE'], ['online', 'AGENTS_ONLINE'],
  ['available', 'AGENTS_AVAILABLE'], ['on-contact', 'AGENTS_ON_CONTACT'], ['acw', 'AGENTS_AFTER_CONTACT_WORK'],
  ['npt', 'AGENTS_NON_PRODUCTIVE'], ['handled-today', 'CONTACTS_HANDLED'], ['abandoned-today', 'CONTACTS_ABANDONED'],
  ['sl-today', 'SERVICE_LEVEL'],
];
const REASONS = {
  STATUS_NOT_ROUTABLE: 'not available',
  MISSED_OR_REJECTED: 'missed or rejected an offer',
  NO_FREE_SLOT: 'no free slot',
  BUSY_ON_OTHER_CHANNEL: 'busy on another channel',
  QUEUE_DELAY_NOT_REACHED: 'queue delay not reached',
  ROUTING_STEP_NOT_MET: "lacks the step's proficiency",
  ELIGIBLE: 'eligible, idle for less time',
};
const QUARTER = 900;

const state = {
  account: '000000000000', region: 'us-east-1', instance: null, instances: [], sl: 20,
  queues: [], queuesAt: 0, users: new Map(), usersAt: 0, statuses: new Map(), statusesAt: 0,
  profs: new Map(), now: 0, events: null, refreshing: false, again: false, historyAt: 0,
  history: null, today: null, historyLater: null, generation: 0, updates: 0, notices: 0,
  showOffline: false, lastData: null,
};

const $ = (sel) => document.querySelector(sel);

// h builds an element: h('td', {class: 'x', 'data-col': 'y'}, child, ...).
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// ---- talking to the server ------------------------------------------------

// In permissive mode (the default) the server believes the SigV4 credential
// scope without checking the signature: an access key that is 12 digits is
// the account, the scope's region is the region.
// credential is the SigV4 credential scope of the chosen account and
// region; permissive mode reads the caller from it (not the signature).
function credential() {
  const d = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return `${state.account}/${d}/${state.region}/connect/aws4_request`;
}

function authorization() {
  return `AWS4-HMAC-SHA256 Credential=${credential()}, SignedHeaders=host, Signature=0`;
}

class APIError extends Error {
  constructor(status, type, message) {
    super(`${type || 'HTTP ' + status}: ${message || ''}`);
    this.status = status;
    this.type = type;
  }
}

async function api(method, path, body) {
  const opts = { method, headers: { Authorization: authorization() } };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  const text = await res.text();
  let out = {};
  try { out = text ? JSON.parse(text) : {}; } catch { out = { Message: text }; }
  if (!res.ok) throw new APIError(res.status, res.headers.get('X-Amzn-ErrorType'), out.Message || out.message);
  return out;
}

// list follows a GET list operation's nextToken to the end.
async function list(path, key, max) {
  const out = [];
  let token = null;
  do {
    const q = new URLSearchParams(path.includes('?') ? path.slice(path.indexOf('?') + 1) : '');
    q.set('maxResults', max);
    if (token) q.set('nextToken', token);
    const page = await api('GET', path.split('?')[0] + '?' + q);
    out.push(...(page[key] || []));
    token = page.NextToken;
  } while (token);
  return out;
}

// post follows a POST operation's NextToken to the end.
async function post(path, body, key) {
  const out = [];
  let token = null;
  do {
    const page = await api('POST', path, token ? { ...body, NextToken: token } : body);
    out.push(...(page[key] || []));
    token = page.NextToken;
  } while (token);
  return out;
}

// ---- formatting -----------------------------------------------------------

function dur(sec) {
  if (sec === null || sec === undefined || Number.isNaN(sec)) return '–';
  const neg = sec < 0;
  sec = Math.round(Math.abs(sec));
  const hh = Math.floor(sec / 3600), mm = Math.floor((sec % 3600) / 60), ss = sec % 60;
  const p = (n) => String(n).padStart(2, '0');
  return (neg ? '-' : '') + (hh ? `${hh}:${p(mm)}:${p(ss)}` : `${mm}:${p(ss)}`);
}

function clockTime(epoch) {
  const d = new Date(epoch * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function pct(v) {
  return v === null || v === undefined ? '–' : `${Math.round(v * 10) / 10}%`;
}

function short(id) {
  return id ? id.slice(0, 8) : '–';
}

function username(id) {
  return state.users.get(id) || short(id);
}

function queueName(id) {
  const q = state.queues.find((q) => q.Id === id);
  return q ? q.Name : username(id);
}

// exprText writes a routing step's canonical expression (JSON, as in
// RoutingCriteria) the way a supervisor reads it: Skill=Routers >= 4.
const OPS = { NumberGreaterOrEqualTo: '≥', NumberLessOrEqualTo: '≤', NumberEqualTo: '=', NumberGreaterThan: '>', NumberLessThan: '<' };
function exprText(raw) {
  if (!raw) return 'any agent';
  let e;
  try { e = JSON.parse(raw); } catch { return raw; }
  const walk = (x, top) => {
    if (!x || typeof x !== 'object') return String(x);
    if (x.AttributeCondition) {
      const c = x.AttributeCondition;
      let t = `${c.Name}=${c.Value}`;
      if (c.Range) t += ` ${c.Range.MinProficiencyLevel ?? ''}–${c.Range.MaxProficiencyLevel ?? ''}`;
      else if (c.ProficiencyLevel !== undefined) t += ` ${OPS[c.ComparisonOperator] || c.ComparisonOperator || '≥'} ${c.ProficiencyLevel}`;
      if (c.MatchCriteria) t = 'preferred agents';
      return t;
    }
    if (x.NotAttributeCondition) return `NOT ${walk({ AttributeCondition: x.NotAttributeCondition })}`;
    for (const [k, op] of [['AndExpression', ' AND '], ['OrExpression', ' OR ']]) {
      if (Array.isArray(x[k])) {
        const t = x[k].map((y) => walk(y, false)).join(op);
        return top ? t : `(${t})`;
      }
    }
    return JSON.stringify(x);
  };
  return walk(e, true);
}

// ---- scope and instance ---------------------------------------------------

function readScope() {
  const q = new URLSearchParams(location.search);
  const saved = JSON.parse(localStorage.getItem('wallboard') || '{}');
  state.account = q.get('account') || saved.account || state.account;
  state.region = q.get('region') || saved.region || state.region;
  state.sl = Number(q.get('sl') || saved.sl || state.sl);
  state.instance = q.get('instance') || saved.instance || null;
  $('#account').value = state.account;
  $('#region').value = state.region;
  $('#sl').value = state.sl;
}

function saveScope() {
  localStorage.setItem('wallboard', JSON.stringify({ account: state.account, region: state.region, sl: state.sl, instance: state.instance }));
  const q = new URLSearchParams({ account: state.account, region: state.region, sl: state.sl });
  if (state.instance) q.set('instance', state.instance);
  history.replaceState(null, '', '?' + q);
}

function banner(text) {
  const b = $('#banner');
  b.hidden = !text;
  b.textContent = text || '';
}

function explain(err) {
  if (err instanceof APIError && (err.status === 403 || err.type === 'MissingAuthenticationTokenException')) {
    return 'This server verifies signatures (--auth strict). The wallboard sends unsigned requests: run the server in permissive mode (the default) to use it. ' + err.message;
  }
  return String(err.message || err);
}

async function loadInstances() {
  const sel = $('#instance');
  try {
    state.instances = await list('/instance', 'InstanceSummaryList', 10);
  } catch (err) {
    state.instances = [];
    banner(explain(err));
  }
  sel.replaceChildren(...state.instances.map((i) => h('option', { value: i.Id }, `${i.InstanceAlias || i.Id} (${short(i.Id)})`)));
  if (!state.instances.length) {
    sel.append(h('option', { value: '' }, 'no instances'));
    selectInstance(null);
    if (!$('#banner').textContent) banner(`No instances in account ${state.account}, region ${state.region}.`);
    return;
  }
  const keep = state.instances.find((i) => i.Id === state.instance);
  selectInstance(keep ? keep.Id : state.instances[0].Id);
}

function selectInstance(id) {
  state.instance = id || null;
  state.generation++;
  state.queues = []; state.queuesAt = 0; state.users = new Map(); state.usersAt = 0;
  state.statuses = new Map(); state.statusesAt = 0; state.profs = new Map(); state.historyAt = 0;
  state.history = null; state.today = null;
  if (id) $('#instance').value = id;
  saveScope();
  connectLive();
  refresh();
}

// ---- the live feed --------------------------------------------------------

function connectLive() {
  if (state.events) state.events.close();
  state.events = null;
  const live = $('#live');
  live.className = 'off';
  live.textContent = 'offline';
  if (!state.instance) return;
  // An EventSource cannot send headers: the credential scope goes in the
  // query, as a presigned URL carries it.
  const es = new EventSource(`/_local/instances/${encodeURIComponent(state.instance)}/events?X-Amz-Credential=${encodeURIComponent(credential())}`);
  state.events = es;
  es.addEventListener('hello', () => {
    live.className = 'on';
    live.textContent = 'live';
    refresh();
  });
  es.addEventListener('change', (e) => {
    const n = JSON.parse(e.data);
    state.notices++;
    document.body.dataset.notices = state.notices;
    live.className = 'flash';
    live.textContent = `live · ${n.Events} event${n.Events === 1 ? '' : 's'}${n.Coalesced ? '+' : ''}`;
    setTimeout(() => { if (state.events === es) live.className = 'on'; }, 300);
    refresh();
  });
  es.onerror = () => {
    live.className = 'off';
    live.textContent = 'reconnecting';
    // The browser retries a dropped stream by itself, but not a refused
    // one (503: the server's --max-live-streams are all open): try again.
    if (es.readyState === EventSource.CLOSED) {
      setTimeout(() => { if (state.events === es) connectLive(); }, 5000);
    }
  };
}

// refresh runs one refresh at a time; a request during one runs one more
// after it, so a burst of notices costs at most two.
async function refresh() {
  if (state.refreshing) {
    state.again = true;
    return;
  }
  state.refreshing = true;
  try {
    do {
      state.again = false;
      await refreshOnce();
    } while (state.again);
  } finally {
    state.refreshing = false;
  }
}

async function refreshOnce() {
  const id = state.instance;
  const gen = state.generation;
  if (!id) {
    render(null);
    return;
  }
  try {
    const engine = await api('GET', `/_local/instances/${encodeURIComponent(id)}/engine`);
    state.now = engine.Now;
    const wall = Date.now();
    if (wall - state.queuesAt > 30000) {
      state.queues = await list(`/queues-summary/${id}?queueTypes=STANDARD`, 'QueueSummaryList', 1000);
      state.queues.sort((a, b) => a.Name.localeCompare(b.Name, undefined, { numeric: true }));
      state.queuesAt = wall;
    }
    if (wall - state.statusesAt > 30000) {
      const st = await list(`/agent-status/${id}`, 'AgentStatusSummaryList', 1000);
      state.statuses = new Map(st.map((x) => [x.Arn, x.Type]));
      state.statusesAt = wall;
    }
    const queueIds = state.queues.slice(0, 100).map((q) => q.Id);
    const [current, agents] = await Promise.all([currentMetrics(id, queueIds), userData(id, queueIds)]);
    if (agents.some((a) => !state.users.has(a.User.Id)) || wall - state.usersAt > 60000) {
      const us = await list(`/users-summary/${id}`, 'UserSummaryList', 1000);
      state.users = new Map(us.map((u) => [u.Id, u.Username]));
      state.usersAt = wall;
    }
    await proficiencies(id, agents);
    // History at most once a second; a skipped one runs a second later.
    if (wall - state.historyAt >= 1000) {
      state.historyAt = wall;
      await historical(id, queueIds);
    } else if (!state.historyLater) {
      state.historyLater = setTimeout(() => { state.historyLater = null; refresh(); }, 1000);
    }
    if (gen !== state.generation) return;
    banner('');
    state.lastData = { engine, current, agents };
    render(state.lastData);
    state.updates++;
    document.body.dataset.updates = state.updates;
  } catch (err) {
    if (gen === state.generation) banner(explain(err));
  }
}

async function currentMetrics(id, queueIds) {
  if (!queueIds.length) return new Map();
  const rows = await post(`/metrics/current/${id}`, {
    Filters: { Queues: queueIds },
    Groupings: ['QUEUE'],
    CurrentMetrics: CURRENT.map((n) => ({ Name: n, Unit: n === 'OLDEST_CONTACT_AGE' ? 'SECONDS' : 'COUNT' })),
    MaxResults: 100,
  }, 'MetricResults');
  const byQueue = new Map();
  for (const r of rows) {
    const m = {};
    for (const c of r.Collections || []) m[c.Metric.Name] = c.Value;
    byQueue.set(r.Dimensions.Queue.Id, m);
  }
  return byQueue;
}

async function userData(id, queueIds) {
  if (!queueIds.length) return [];
  const rows = await post(`/metrics/userdata/${id}`, { Filters: { Queues: queueIds }, MaxResults: 100 }, 'UserDataList');
  return rows;
}

async function proficiencies(id, agents) {
  const wall = Date.now();
  const stale = agents.filter((a) => {
    const p = state.profs.get(a.User.Id);
    return !p || wall - p.at > 60000;
  });
  // A few at a time: a thousand-agent center should not open a thousand requests.
  for (let i = 0; i < stale.length; i += 8) {
    await Promise.all(stale.slice(i, i + 8).map(async (a) => {
      const list2 = await list(`/users/${id}/${a.User.Id}/proficiencies`, 'UserProficiencyList', 100);
      state.profs.set(a.User.Id, { at: wall, list: list2 });
    }));
  }
}

// historical reads today (midnight in the browser's time zone until now,
// on the server's clock) per 15 minutes for the charts, and in total per
// queue for the queue table.
async function historical(id, queueIds) {
  const inst = state.instances.find((i) => i.Id === id);
  if (!inst || !queueIds.length) {
    state.history = null; state.today = null;
    return;
  }
  const now = state.now;
  const d = new Date(now * 1000);
  let zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  let start = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() / 1000;
  if (now - start < 1) {
    state.history = { start, now, rows: [] };
    state.today = new Map();
    return;
  }
  const metrics = [
    { Name: 'CONTACTS_HANDLED' }, { Name: 'CONTACTS_ABANDONED' },
    { Name: 'SERVICE_LEVEL', Threshold: [{ Comparison: 'LT', ThresholdValue: state.sl }] },
    { Name: 'AVG_QUEUE_ANSWER_TIME' },
  ];
  const ask = (period, groupings) => post('/metrics/data', {
    ResourceArn: inst.Arn, StartTime: start, EndTime: now,
    Interval: { IntervalPeriod: period, TimeZone: zone },
    Filters: [{ FilterKey: 'QUEUE', FilterValues: queueIds }],
    Groupings: groupings, Metrics: metrics, MaxResults: 100,
  }, 'MetricResults');
  let perInterval, perQueue;
  try {
    [perInterval, perQueue] = await Promise.all([ask('FIFTEEN_MIN', []), ask('TOTAL', ['QUEUE'])]);
  } catch (err) {
    if (!(err instanceof APIError) || !/TimeZone/.test(err.message) || zone === 'UTC') throw err;
    // The server does not know the browser's zone: count the day in UTC.
    zone = 'UTC';
    start = Math.floor(now / 86400) * 86400;
    [perInterval, perQueue] = await Promise.all([ask('FIFTEEN_MIN', []), ask('TOTAL', ['QUEUE'])]);
  }
  const values = (r) => Object.fromEntries((r.Collections || []).map((c) => [c.Metric.Name, c.Value]));
  state.history = { start, now, zone, rows: perInterval.map((r) => ({ t: r.MetricInterval.StartTime, ...values(r) })) };
  state.today = new Map(perQueue.map((r) => [r.Dimensions.QUEUE, values(r)]));
}

// ---- rendering ------------------------------------------------------------

function render(data) {
  $('#clock').textContent = state.now ? `${new Date(state.now * 1000).toISOString().slice(0, 10)} ${clockTime(state.now)}` : '–';
  renderQueues(data);
  renderAgents(data);
  renderRouting(data);
  renderCharts();
}

function renderQueues(data) {
  const body = $('#queues tbody');
  if (!data || !state.queues.length) {
    body.replaceChildren(h('tr', {}, h('td', { class: 'empty', colspan: 11 }, 'No queues.')));
    return;
  }
  body.replaceChildren(...state.queues.map((q) => {
    const m = { ...(data.current.get(q.Id) || {}), ...((state.today && state.today.get(q.Id)) || {}) };
    return h('tr', { 'data-queue': q.Name, 'data-queue-id': q.Id }, h('th', {}, q.Name), COLUMNS.map(([col, name]) => {
      let v = m[name];
      let cls = null;
      if (name === 'OLDEST_CONTACT_AGE') {
        v = dur(v || 0);
        if ((m[name] || 0) >= state.sl) cls = 'big-bad';
      } else if (name === 'SERVICE_LEVEL') {
        cls = v === undefined || v === null ? null : v >= 80 ? 'sl-good' : v >= 60 ? 'sl-warn' : 'sl-bad';
        v = pct(v);
      } else {
        v = v === undefined || v === null ? 0 : Math.round(v);
      }
      return h('td', { 'data-col': col, class: cls }, v);
    }));
  }));
}

function renderAgents(data) {
  const body = $('#agents tbody');
  if (!data || !data.agents.length) {
    body.replaceChildren(h('tr', {}, h('td', { class: 'empty', colspan: 5 }, 'No agents serve these queues.')));
    return;
  }
  // As a supervisor reads it: busy agents first (on a contact, then in
  // after-contact work), then available ones, then other statuses; offline
  // agents only on request.
  const ranked = data.agents.map((a) => ({ a, rank: agentRank(a) }));
  const offline = ranked.filter((x) => x.rank === RANK_OFFLINE).length;
  $('#offline-toggle').hidden = offline === 0;
  $('#offline-count').textContent = offline;
  $('#agents-count').textContent = `${data.agents.length - offline} online`;
  const rows = ranked.filter((x) => state.showOffline || x.rank !== RANK_OFFLINE)
    .sort((x, y) => x.rank - y.rank || username(x.a.User.Id).localeCompare(username(y.a.User.Id), undefined, { numeric: true }))
    .map((x) => x.a);
  if (!rows.length) {
    body.replaceChildren(h('tr', {}, h('td', { class: 'empty', colspan: 5 }, `All ${offline} agents are offline.`)));
    return;
  }
  body.replaceChildren(...rows.map((a) => {
    const st = a.Status || {};
    const type = state.statuses.get(st.StatusArn) || 'CUSTOM';
    const status = h('td', { class: 'nowrap' }, h('span', { class: `pill st-${type}`, 'data-col': 'status' }, st.StatusName || '–'),
      st.StatusStartTimestamp ? ` ${dur(state.now - st.StatusStartTimestamp)}` : '',
      a.NextStatus ? h('div', { class: 'reason' }, `next: ${a.NextStatus}`) : null);
    const contacts = h('td', { 'data-col': 'contacts' }, (a.Contacts || []).length ? (a.Contacts || []).map((c) =>
      h('span', { class: `pill contact cs-${c.AgentContactState}`, title: c.ContactId, 'data-contact-id': c.ContactId },
        `${c.Channel} ${c.AgentContactState.toLowerCase()} ${dur(state.now - (c.StateStartTimestamp || state.now))}`)) : '–');
    const channels = Object.keys(a.MaxSlotsByChannel || {}).filter((ch) => (a.MaxSlotsByChannel[ch] || 0) > 0).sort();
    const slots = h('td', { 'data-col': 'slots' }, channels.length ? channels.map((ch) =>
      h('span', { class: 'pill', title: `${a.AvailableSlotsByChannel?.[ch] ?? 0} available` },
        `${ch} ${a.ActiveSlotsByChannel?.[ch] ?? 0}/${a.MaxSlotsByChannel[ch]}`)) : '–');
    const p = state.profs.get(a.User.Id);
    const profs = h('td', { 'data-col': 'proficiencies', class: 'profs' }, p && p.list.length ? p.list.map((x) =>
      h('span', { class: 'pill' }, `${x.AttributeName}=${x.AttributeValue} ${x.Level}`)) : '–');
    return h('tr', { 'data-agent': username(a.User.Id), 'data-rank': agentRank(a) }, h('th', {}, username(a.User.Id)), status, contacts, slots, profs);
  }));
}

// Agent ranks, in the order the table lists them.
const RANK_CONTACT = 0, RANK_ACW = 1, RANK_AVAILABLE = 2, RANK_OTHER = 3, RANK_OFFLINE = 4;

function agentRank(a) {
  const cs = (a.Contacts || []).map((c) => c.AgentContactState);
  if (cs.some((x) => x === 'CONNECTED' || x === 'CONNECTED_ONHOLD' || x === 'CONNECTING')) return RANK_CONTACT;
  if (cs.includes('ENDED')) return RANK_ACW;
  const type = state.statuses.get((a.Status || {}).StatusArn);
  if (type === 'ROUTABLE') return RANK_AVAILABLE;
  if (type === 'OFFLINE') return RANK_OFFLINE;
  return RANK_OTHER;
}

function renderRouting(data) {
  const box = $('#routing');
  const queues = data ? data.engine.Queues.filter((q) => q.Contacts.length) : [];
  if (!queues.length) {
    box.replaceChildren(h('p', { class: 'empty' }, 'No contacts waiting.'));
  } else {
    box.replaceChildren(...queues.map((q) => h('div', { class: 'queue-block', 'data-routing-queue': q.Name },
      h('h4', {}, `${q.Name}${q.AgentQueue ? ' (agent queue)' : ''} — ${q.Contacts.length} waiting`),
      h('table', {},
        h('thead', {}, h('tr', {}, [['#'], ['Contact'], ['Prio', 'queue priority'], ['Age', 'routing age: time in queue plus any adjustment'],
          ['Step'], ['Expression'], ['Expires', 'time until the step expires'], ['Ringing']].map(([t, title]) => h('th', { title }, t)))),
        h('tbody', {}, q.Contacts.map((c, i) => h('tr', { 'data-contact': c.ContactId, 'data-contact-id': c.ContactId, class: 'contact' },
          h('td', {}, i + 1),
          h('td', { class: 'mono', title: c.ContactId }, short(c.ContactId), h('div', { class: 'reason' }, c.Channel)),
          h('td', { 'data-col': 'priority' }, c.QueuePriority),
          h('td', { 'data-col': 'age' }, dur(c.RoutingAgeSeconds)),
          h('td', {}, c.ActiveStep >= 0 ? c.ActiveStep + 1 : '–'),
          h('td', { class: 'expr', 'data-col': 'expression', title: c.RoutingStepExpression || '' }, exprText(c.RoutingStepExpression)),
          h('td', { 'data-col': 'expiry' }, c.StepExpiryTimestamp ? dur(c.StepExpiryTimestamp - data.engine.Now) : 'never'),
          h('td', {}, c.OfferedTo ? username(c.OfferedTo) : '–'))))))));
  }
  const body = $('#decisions tbody');
  const decisions = data ? data.engine.Decisions.slice().reverse() : [];
  if (!decisions.length) {
    body.replaceChildren(h('tr', {}, h('td', { class: 'empty', colspan: 5 }, 'No routing decisions yet.')));
    return;
  }
  body.replaceChildren(...decisions.map((d) => h('tr', { 'data-decision': d.ContactId, 'data-contact-id': d.ContactId, class: 'contact' },
    h('td', {}, clockTime(d.Timestamp)),
    h('td', { class: 'mono', title: d.ContactId }, short(d.ContactId)),
    h('td', {}, queueName(d.QueueId)),
    h('td', { 'data-col': 'agent' }, username(d.UserId)),
    h('td', { class: 'passed', 'data-col': 'passed' }, d.PassedOver.length ? d.PassedOver.slice().sort((a, b) => username(a.UserId).localeCompare(username(b.UserId), undefined, { numeric: true })).map((p) =>
      h('div', {}, `${username(p.UserId)} — `, h('span', { class: 'reason', title: p.Reason }, REASONS[p.Reason] || p.Reason))) : 'nobody else could'))));
}

function renderCharts() {
  const box = $('#charts');
  const hist = state.history;
  if (!hist) {
    box.replaceChildren(h('p', { class: 'empty' }, 'No history yet.'));
    $('#charts-zone').textContent = '';
    return;
  }
  $('#charts-zone').textContent = `(${hist.zone}, since midnight)`;
  const n = Math.max(1, Math.ceil((hist.now - hist.start) / QUARTER));
  const slots = Array.from({ length: n }, (_, i) => ({ t: hist.start + i * QUARTER }));
  for (const r of hist.rows) {
    const i = Math.floor((r.t - hist.start) / QUARTER);
    if (i >= 0 && i < n) Object.assign(slots[i], r);
  }
  const series = (name) => slots.map((x) => ({ t: x.t, v: x[name] ?? null }));
  box.replaceChildren(
    chart('handled', 'Contacts handled', '', series('CONTACTS_HANDLED'), 'bar', ''),
    chart('abandoned', 'Contacts abandoned', '', series('CONTACTS_ABANDONED'), 'bar abandoned', ''),
    chart('service-level', 'Service level', `answered within ${state.sl} s`, series('SERVICE_LEVEL'), 'line', '%', 100),
    chart('asa', 'Average speed of answer', 'seconds', series('AVG_QUEUE_ANSWER_TIME'), 'line asa', 's'),
  );
}

// chart draws one series as bars or a line in an SVG of 480x170 units.
function chart(id, title, sub, points, kind, unit, fixedMax) {
  const W = 340, H = 150, L = 34, R = 6, T = 8, B = 18;
  const vals = points.map((p) => p.v).filter((v) => v !== null);
  let max = fixedMax;
  if (!max) {
    // The next 1, 2 or 5 times a power of ten, at least 4.
    const top = Math.max(4, ...vals);
    const p10 = Math.pow(10, Math.floor(Math.log10(top)));
    max = [1, 2, 5, 10].map((m) => m * p10).find((m) => m >= top);
  }
  const n = points.length;
  const bw = (W - L - R) / n;
  const x = (i) => L + i * bw;
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title });
  for (const f of [0, 0.5, 1]) {
    svg.append(s('line', { class: f ? 'grid' : 'axis', x1: L, x2: W - R, y1: y(max * f), y2: y(max * f) }));
    svg.append(s('text', { x: L - 4, y: y(max * f) + 3, 'text-anchor': 'end' }, `${+(max * f).toFixed(1)}${unit}`));
  }
  const hours = Math.max(1, Math.ceil(n / 4 / 6));
  for (let i = 0; i < n && x(i) < W - R - 24; i += 4 * hours) {
    const d = new Date(points[i].t * 1000);
    svg.append(s('text', { x: x(i), y: H - 6, 'text-anchor': 'start' }, `${String(d.getHours()).padStart(2, '0')}:00`));
  }
  if (id === 'service-level') svg.append(s('line', { class: 'target', x1: L, x2: W - R, y1: y(80), y2: y(80) }));
  const label = (p) => `${clockTime(p.t).slice(0, 5)} ${p.v === null ? 'no data' : Math.round(p.v * 10) / 10 + unit}`;
  if (kind.startsWith('bar')) {
    points.forEach((p, i) => {
      if (!p.v) return;
      svg.append(s('rect', { class: kind, x: x(i) + bw * 0.1, y: y(p.v), width: Math.max(1, bw * 0.8), height: y(0) - y(p.v), 'data-t': p.t, 'data-v': p.v },
        s('title', {}, label(p))));
    });
  } else {
    let d = '';
    let pen = false;
    points.forEach((p, i) => {
      if (p.v === null) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${(x(i) + bw / 2).toFixed(1)},${y(p.v).toFixed(1)}`;
      pen = true;
      svg.append(s('circle', { class: 'dot ' + kind.split(' ')[1], cx: x(i) + bw / 2, cy: y(p.v), r: 2.5, 'data-t': p.t, 'data-v': p.v }, s('title', {}, label(p))));
    });
    if (d) svg.prepend(s('path', { class: kind, d }));
  }
  const total = kind.startsWith('bar') ? vals.reduce((a, b) => a + b, 0) : null;
  return h('div', { class: 'chart', 'data-chart': id },
    h('h4', {}, title, ' ', h('span', {}, [sub, total !== null ? `total ${total}` : ''].filter(Boolean).join(' · '))), svg);
}

// ---- start ----------------------------------------------------------------

function start() {
  readScope();
  $('#scope').addEventListener('submit', (e) => e.preventDefault());
  $('#account').addEventListener('change', (e) => { state.account = e.target.value.trim(); state.instance = null; loadInstances(); });
  $('#region').addEventListener('change', (e) => { state.region = e.target.value.trim(); state.instance = null; loadInstances(); });
  $('#instance').addEventListener('change', (e) => selectInstance(e.target.value));
  $('#show-offline').addEventListener('change', (e) => { state.showOffline = e.target.checked; renderAgents(state.lastData); });
  $('#sl').addEventListener('change', (e) => { state.sl = Math.max(1, Math.round(Number(e.target.value) || 20)); state.historyAt = 0; saveScope(); refresh(); });
  // Ages grow even when nothing happens: a slow poll besides the feed.
  setInterval(refresh, 5000);
  loadInstances();
}

start();
