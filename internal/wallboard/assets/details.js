// connect-local wallboard: a contact's details (docs/wallboard.md). A
// click on anything that names a contact (data-contact-id: a waiting
// contact, a decision, an agent's contact) opens a panel with its timeline
// and routing criteria from DescribeContact, its place in the routing
// engine (GET /_local/instances/{id}/engine, already on the page), its
// decisions and its attributes (GetContactAttributes). Uses app.js's
// helpers (h, api, dur, clockTime, username, queueName, exprText, state).
'use strict';

// FLOW_LOG is the path of a contact's flow log: every block it ran, with
// the branch taken (GET /_local/instances/{id}/contacts/{cid}/flow-log).
const FLOW_LOG = (instance, contact) =>
  `/_local/instances/${encodeURIComponent(instance)}/contacts/${encodeURIComponent(contact)}/flow-log`;

const details = { contact: null, seq: 0 };

async function openContact(contactId) {
  const dlg = document.querySelector('#contact-details');
  const seq = ++details.seq;
  details.contact = contactId;
  document.querySelector('#contact-title').textContent = `Contact ${contactId}`;
  const body = document.querySelector('#contact-body');
  body.replaceChildren(h('p', { class: 'empty' }, 'Loading…'));
  if (!dlg.open) dlg.showModal();
  const id = state.instance;
  const enc = encodeURIComponent;
  let c, attrs = {}, log = null;
  try {
    c = (await api('GET', `/contacts/${enc(id)}/${enc(contactId)}`)).Contact;
    attrs = (await api('GET', `/contact/attributes/${enc(id)}/${enc(c.InitialContactId || contactId)}`)).Attributes || {};
    if (FLOW_LOG) log = await api('GET', FLOW_LOG(id, contactId));
  } catch (err) {
    if (seq === details.seq) body.replaceChildren(h('p', { class: 'reason', 'data-col': 'error' }, explain(err)));
    return;
  }
  if (seq !== details.seq) return;
  body.replaceChildren(contactSummary(c), timeline(c), routingSteps(c, contactId), attributes(attrs), flowLog(log));
}

function fact(label, value, col) {
  return h('div', { class: 'fact' }, h('span', { class: 'label' }, label), h('span', { 'data-col': col }, value ?? '–'));
}

function contactSummary(c) {
  return h('section', { class: 'facts', 'data-section': 'summary' },
    fact('Channel', c.Channel, 'channel'), fact('Initiated by', c.InitiationMethod, 'method'),
    fact('Name', c.Name, 'name'), fact('Queue', c.QueueInfo ? queueName(c.QueueInfo.Id) : null, 'queue'),
    fact('Priority', c.QueuePriority, 'priority'), fact('Agent', c.AgentInfo ? username(c.AgentInfo.Id) : null, 'agent'),
    c.DisconnectReason ? fact('Disconnect reason', c.DisconnectReason, 'disconnect') : null);
}

// timeline lists the contact's timestamps in order, each with the time
// since the previous one.
function timeline(c) {
  const a = c.AgentInfo || {};
  const points = [
    ['Scheduled for', c.ScheduledTimestamp], ['Initiated', c.InitiationTimestamp], ['Queued', c.QueueInfo && c.QueueInfo.EnqueueTimestamp],
    ['Ringing', c.RingStartTimestamp], ['Connected to agent', a.ConnectedToAgentTimestamp], ['Disconnected', c.DisconnectTimestamp],
    ['After-contact work ended', a.AfterContactWorkEndTimestamp],
  ].filter(([, t]) => t !== undefined && t !== null).sort((x, y) => x[1] - y[1]);
  let prev = null;
  return h('section', { 'data-section': 'timeline' }, h('h3', {}, 'Timeline'),
    h('table', {}, h('tbody', {}, points.map(([what, t]) => {
      const row = h('tr', { 'data-event': what }, h('td', { class: 'mono' }, clockTime(t)), h('td', {}, what),
        h('td', { class: 'reason' }, prev === null ? '' : `+${dur(t - prev)}`));
      prev = t;
      return row;
    }))));
}

// routingSteps shows the routing criteria (DescribeContact) and, while
// the contact waits, its place in the engine's queue and the decisions
// that concern it.
function routingSteps(c, contactId) {
  const out = h('section', { 'data-section': 'routing' }, h('h3', {}, 'Routing'));
  const steps = (c.RoutingCriteria && c.RoutingCriteria.Steps) || [];
  out.append(steps.length ? h('table', {},
    h('thead', {}, h('tr', {}, ['Step', 'Expression', 'Status', 'Expires'].map((t) => h('th', {}, t)))),
    h('tbody', {}, steps.map((st, i) => h('tr', { 'data-step': i + 1 },
      h('td', {}, i + 1),
      h('td', { class: 'expr', 'data-col': 'expression' }, exprText(st.Expression ? JSON.stringify(st.Expression) : '')),
      h('td', { 'data-col': 'status' }, st.Status || '–'),
      h('td', {}, st.Expiry && st.Expiry.ExpiryTimestamp ? clockTime(st.Expiry.ExpiryTimestamp) : 'never')))))
    : h('p', { class: 'empty' }, 'No routing criteria: any agent of the queue.'));
  const engine = state.lastData && state.lastData.engine;
  if (engine) {
    for (const q of engine.Queues) {
      const i = q.Contacts.findIndex((x) => x.ContactId === contactId);
      if (i < 0) continue;
      const w = q.Contacts[i];
      out.append(h('p', { 'data-col': 'position' }, `Waiting in ${q.Name}: ${i + 1} of ${q.Contacts.length} in routing order, routing age ${dur(w.RoutingAgeSeconds)}`,
        w.OfferedTo ? `, ringing for ${username(w.OfferedTo)}` : ''));
    }
    for (const d of engine.Decisions.filter((x) => x.ContactId === contactId)) {
      out.append(h('p', { 'data-col': 'decision' }, `${clockTime(d.Timestamp)} routed to ${username(d.UserId)}`,
        d.PassedOver.length ? `; passed over: ${d.PassedOver.map((p) => `${username(p.UserId)} (${REASONS[p.Reason] || p.Reason})`).join(', ')}` : ''));
    }
  }
  return out;
}

function attributes(attrs) {
  const keys = Object.keys(attrs).sort();
  return h('section', { 'data-section': 'attributes' }, h('h3', {}, 'Attributes'),
    keys.length ? h('table', {}, h('tbody', {}, keys.map((k) => h('tr', { 'data-attribute': k }, h('th', {}, k), h('td', { class: 'mono' }, attrs[k])))))
      : h('p', { class: 'empty' }, 'No attributes.'));
}

function flowLog(log) {
  const out = h('section', { 'data-section': 'flow-log' }, h('h3', {}, 'Flow log'));
  const entries = (log && log.FlowLog) || [];
  if (!entries.length) {
    out.append(h('p', { class: 'empty' }, 'No flow ran for this contact.'));
    return out;
  }
  out.append(h('table', {}, h('tbody', {}, entries.map((e) =>
    h('tr', { 'data-block': e.Identifier || '' }, h('td', { class: 'mono', 'data-col': 'time' }, e.Timestamp ? clockTime(Date.parse(e.Timestamp) / 1000) : ''),
      h('td', { 'data-col': 'type' }, e.Type || ''), h('td', { class: 'reason', 'data-col': 'branch' }, e.Branch || e.Result || e.Error || ''))))));
  return out;
}

document.addEventListener('click', (e) => {
  const el = e.target.closest('[data-contact-id]');
  if (el && !el.closest('#contact-details')) openContact(el.dataset.contactId);
});
document.querySelector('#contact-close').addEventListener('click', () => document.querySelector('#contact-details').close());
