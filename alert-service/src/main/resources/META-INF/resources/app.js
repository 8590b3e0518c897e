// Portwatch care-team dashboard. Plain JavaScript, no framework, no build step: the page must work
// from what alert-service serves and nothing else (no CDN), and stay small enough to read.
'use strict';

(function () {
  const TOKEN_KEY = 'portwatch.token';
  const PUSH_KEY = 'portwatch.pushSubscriptionId';
  const SEVERITY_RANK = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };
  const ACTIVE = new Set(['OPEN', 'ACKNOWLEDGED']);
  const CONDITION_NAMES = {
    FEVER: 'Fever',
    TACHYCARDIA: 'Racing heart (tachycardia)',
    SEPSIS_RISK: 'Sepsis risk: fever and fast heart',
    NO_DATA: 'No data from wearable',
    SYMPTOM: 'Symptom reported by the patient',
    IRREGULAR_RHYTHM: 'Irregular heart rhythm (wearable)'
  };
  const CONDITION_SHORT = {
    FEVER: 'Fever', TACHYCARDIA: 'Racing heart', SEPSIS_RISK: 'Sepsis risk', NO_DATA: 'No data',
    SYMPTOM: 'Symptom', IRREGULAR_RHYTHM: 'Irregular rhythm'
  };
  // Evidence that is a category, not a number: a reported symptom or a heart rhythm (Evidence.finding).
  const FINDING_LABELS = {
    SHOULDER_PAIN: 'Shoulder pain (port side)',
    SWOLLEN_ARM: 'Swollen arm',
    PORT_SITE_SKIN: 'Red, warm, swollen or broken skin near the port',
    PORT_WILL_NOT_FLUSH: 'Port cannot be flushed',
    HEART_FLUTTER: 'Heart flutter',
    CHILLS: 'Chills',
    OTHER: 'Something else',
    IRREGULAR: 'Irregular',
    REGULAR: 'Regular'
  };
  const THRESHOLD_LABELS = {
    feverCelsius: 'fever',
    highFeverCelsius: 'high fever',
    feverResolvedCelsius: 'resolves below',
    offBodySkinCelsius: 'off body below',
    heartRateHigh: 'fast heart',
    heartRateCritical: 'very fast',
    sepsisHeartRate: 'sepsis rate'
  };
  // The server sends ": heartbeat" every ~15 s; silence for longer than this means a dead connection
  // that TCP has not noticed yet (a sleeping laptop, a proxy that dropped it).
  const SILENCE_LIMIT_MS = 45000;
  const BACKOFF_MAX_MS = 15000;

  const $ = (id) => document.getElementById(id);

  const state = {
    token: null,
    claims: null,
    alerts: new Map(),
    gone: new Map(),
    selectedId: null,
    detail: null,
    patients: new Map(),
    timeline: null,
    lastEventId: null,
    stream: null,
    attempt: 0,
    reconnectTimer: null,
    expiryTimer: null,
    messageTimer: null,
    pendingAction: null
  };

  // ---- Small helpers -------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'className') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function conditionName(c) {
    return CONDITION_NAMES[c] || c;
  }

  function patientLabel(a) {
    return a.patientName || a.patientId;
  }

  const absFormat = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit'
  });
  const shortFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
  const relFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

  function absolute(iso) {
    return iso ? absFormat.format(new Date(iso)) : '';
  }

  function relative(iso) {
    if (!iso) return '';
    const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
    const abs = Math.abs(seconds);
    if (abs < 45) return relFormat.format(seconds, 'second');
    if (abs < 3600) return relFormat.format(Math.round(seconds / 60), 'minute');
    if (abs < 86400) return relFormat.format(Math.round(seconds / 3600), 'hour');
    return relFormat.format(Math.round(seconds / 86400), 'day');
  }

  function timeCell(iso, short) {
    return el('time', { datetime: iso, 'data-relative': iso, title: absolute(iso) },
      el('span', { className: 'time-rel', text: relative(iso) }),
      el('span', { className: 'time-abs', text: short && iso ? shortFormat.format(new Date(iso)) : absolute(iso) }));
  }

  function refreshRelativeTimes() {
    for (const node of document.querySelectorAll('[data-relative] .time-rel')) {
      node.textContent = relative(node.parentElement.getAttribute('data-relative'));
    }
  }

  function showMessage(text, kind) {
    const box = $('message');
    if (!text) {
      box.hidden = true;
      box.textContent = '';
      return;
    }
    box.className = 'message' + (kind === 'info' ? ' info' : '');
    box.textContent = text;
    box.hidden = false;
    clearTimeout(state.messageTimer);
    // Confirmations fade after a while; errors stay until something replaces them.
    if (kind === 'info') state.messageTimer = setTimeout(() => showMessage(null), 8000);
  }

  // ---- Token --------------------------------------------------------------------------------

  /** The token's claims, for display only: the server verifies the signature, the page cannot. */
  function decodeClaims(token) {
    const parts = token.split('.');
    if (parts.length !== 3) throw new Error('This is not a JWT (it needs three parts separated by dots).');
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function isExpired(claims) {
    return typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now();
  }

  function acceptToken(token) {
    const trimmed = token.trim().replace(/^Bearer\s+/i, '');
    const claims = decodeClaims(trimmed);
    if (isExpired(claims)) throw new Error('This token has expired. Ask for a new one.');
    state.token = trimmed;
    state.claims = claims;
    sessionStorage.setItem(TOKEN_KEY, trimmed);
  }

  /** A link like http://localhost:8081/#token=eyJ... signs in; the token then leaves the address bar and history. */
  function takeTokenFromFragment() {
    const match = /^#token=([^&]+)/.exec(location.hash);
    if (!match) return null;
    history.replaceState(null, '', location.pathname + location.search);
    return decodeURIComponent(match[1]);
  }

  function signIn(token) {
    acceptToken(token);
    showMessage(null);
    renderSignedIn();
    clearTimeout(state.expiryTimer);
    if (typeof state.claims.exp === 'number') {
      // setTimeout takes at most ~24.8 days; tokens live hours.
      const left = Math.min(state.claims.exp * 1000 - Date.now(), 2147483647);
      state.expiryTimer = setTimeout(() => signOut('Your session has expired. Sign in again.'), left);
    }
    // The list does not wait for the stream: a page that cannot stream still shows the alerts.
    loadAlerts().catch(reportLoadFailure);
    loadPatients().catch(() => {});
    connect();
  }

  function reportLoadFailure(e) {
    if (e.status !== 401) showMessage('Could not load the alerts: ' + e.message);
  }

  function signOut(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    clearTimeout(state.expiryTimer);
    disconnect();
    state.token = null;
    state.claims = null;
    state.alerts.clear();
    state.gone.clear();
    state.selectedId = null;
    state.detail = null;
    state.patients.clear();
    state.timeline = null;
    state.lastEventId = null;
    commentDrafts.clear(); // a shared workstation: the next user sees nothing of this one's drafts
    setConnection('signed-out', 'Signed out');
    $('workspace').hidden = true;
    $('who').hidden = true;
    $('sign-out').hidden = true;
    $('push-toggle').hidden = true;
    $('signin').hidden = false;
    $('token-input').value = '';
    if (reason) showMessage(reason);
    renderAlerts();
  }

  function renderSignedIn() {
    const c = state.claims;
    const subject = c.preferred_username || c.upn || c.sub || 'unknown user';
    const teams = Array.isArray(c.care_teams) ? c.care_teams : (c.care_teams ? [c.care_teams] : []);
    const roles = Array.isArray(c.groups) ? c.groups : [];
    $('who').textContent = 'Signed in as ' + subject
      + (teams.length ? ' · care teams: ' + teams.join(', ') : '')
      + (roles.includes('admin') && !teams.length ? ' · administrator' : '');
    $('who').hidden = false;
    $('sign-out').hidden = false;
    $('signin').hidden = true;
    $('workspace').hidden = false;
    if (roles.includes('clinician')) {
      // Every visit renews this clinician's push subscriptions on all their devices with this token: its care
      // teams replace the old ones, and they keep working until this token expires (plus the server's grace).
      api('/api/v1/push/subscriptions/renewal', { method: 'POST' }).catch(() => {});
    }
    setupPushButton().catch(() => { $('push-toggle').hidden = true; });
    renderOnCall();
  }

  // ---- API ----------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || ('The server answered ' + status));
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(path, options) {
    const opts = options || {};
    const headers = { Accept: 'application/json, application/problem+json', Authorization: 'Bearer ' + state.token };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method: opts.method || 'GET',
      headers,
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined
    });
    if (response.status === 401) {
      signOut('Your session has ended (the token expired or is not valid). Sign in again.');
      throw new ApiError(401, null);
    }
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await response.json().catch(() => null) : null;
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  // ---- Alerts list --------------------------------------------------------------------------

  function compareAlerts(a, b) {
    const bySeverity = (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9);
    if (bySeverity !== 0) return bySeverity;
    return new Date(b.raisedAt).getTime() - new Date(a.raisedAt).getTime();
  }

  /** Newer wins: a list fetched before an event must not undo what the event said. */
  function isNewer(incoming, current) {
    if (!current) return true;
    if (!incoming.updatedAt || !current.updatedAt) return true;
    return new Date(incoming.updatedAt).getTime() >= new Date(current.updatedAt).getTime();
  }

  function upsert(item) {
    const current = state.alerts.get(item.alertId);
    if (!isNewer(item, current)) return false;
    if (ACTIVE.has(item.status)) {
      state.alerts.set(item.alertId, item);
    } else {
      state.alerts.delete(item.alertId);
      // Remembered, so a list fetched a moment earlier cannot bring a resolved alert back.
      state.gone.set(item.alertId, item);
    }
    return true;
  }

  async function loadAlerts() {
    const query = '?status=OPEN&status=ACKNOWLEDGED&page=0&size=200';
    const started = Date.now();
    const page = await api('/api/v1/alerts' + query);
    const fresh = new Map();
    for (const item of page.items || []) {
      const gone = state.gone.get(item.alertId);
      if (!gone || !isNewer(gone, item)) fresh.set(item.alertId, item);
    }
    // Keep what the stream told us since the request started if it is newer than the list.
    for (const [id, item] of state.alerts) {
      const listed = fresh.get(id);
      if (item.updatedAt && new Date(item.updatedAt).getTime() >= started - 1000 && isNewer(item, listed)) {
        fresh.set(id, item);
      }
    }
    state.alerts = fresh;
    renderAlerts();
  }

  function renderAlerts(freshId) {
    const rows = $('alert-rows');
    const items = [...state.alerts.values()].sort(compareAlerts);
    rows.replaceChildren(...groupedRows(items, freshId));
    $('no-alerts').hidden = items.length > 0;
    $('alert-table').hidden = items.length === 0;
    const open = items.filter((a) => a.status === 'OPEN').length;
    $('alert-count').textContent = '(' + items.length + (items.length ? ', ' + open + ' not acknowledged' : '') + ')';
    document.title = (open ? '(' + open + ') ' : '') + 'Portwatch — care team alerts';
  }

  function alertRow(a, fresh) {
    const link = el('a', { href: '#/alerts/' + encodeURIComponent(a.alertId), className: 'condition-link' },
      CONDITION_SHORT[a.condition] || a.condition);
    const actions = el('div', { className: 'actions' });
    if (a.status === 'OPEN') {
      actions.append(el('button', {
        type: 'button', className: 'button small', 'data-action': 'acknowledge',
        'aria-label': 'Acknowledge ' + conditionName(a.condition) + ' of ' + patientLabel(a),
        onclick: (e) => { e.stopPropagation(); openAction('acknowledge', a); }
      }, 'Acknowledge'));
    }
    actions.append(el('button', {
      type: 'button', className: 'button small secondary', 'data-action': 'resolve',
      'aria-label': 'Resolve ' + conditionName(a.condition) + ' of ' + patientLabel(a),
      onclick: (e) => { e.stopPropagation(); openAction('resolve', a); }
    }, 'Resolve'));
    const row = el('tr', {
      'data-alert-id': a.alertId, 'data-status': a.status,
      className: [a.alertId === state.selectedId ? 'selected' : '', fresh ? 'fresh' : ''].join(' ').trim() || null,
      onclick: () => { location.hash = '#/alerts/' + encodeURIComponent(a.alertId); }
    },
      el('td', {}, el('span', { className: 'badge ' + a.severity, 'data-field': 'severity' }, a.severity)),
      el('td', {}, link, a.late ? el('span', { className: 'late', title: 'Detected late: readings arrived after a delay' }, 'LATE') : null,
        snoozeBadge(a)),
      el('td', { 'data-field': 'patient' }, patientLabel(a)),
      el('td', {}, timeCell(a.raisedAt, true)),
      el('td', {}, el('span', { className: 'status ' + a.status, 'data-field': 'status' }, a.status)),
      el('td', { 'data-field': 'acknowledged-by' }, a.acknowledgedBy || '—'),
      assigneeCell(a),
      el('td', {}, actions));
    return row;
  }

  // ---- Acknowledge / resolve ----------------------------------------------------------------

  function openAction(kind, alert) {
    state.pendingAction = { kind, alert };
    const verb = kind === 'acknowledge' ? 'Acknowledge' : 'Resolve';
    $('action-title').textContent = verb + ' alert';
    $('action-summary').textContent = alert.severity + ' ' + conditionName(alert.condition) + ' — ' + patientLabel(alert)
      + ', raised ' + absolute(alert.raisedAt);
    $('action-confirm').textContent = verb;
    $('action-confirm').disabled = false;
    $('action-note').value = '';
    $('action-outcome').value = '';
    $('action-outcome-field').hidden = kind !== 'resolve';
    $('action-error').hidden = true;
    $('action-dialog').showModal();
    $('action-note').focus();
  }

  async function confirmAction(event) {
    event.preventDefault();
    const pending = state.pendingAction;
    if (!pending) return;
    const note = $('action-note').value.trim();
    const outcome = pending.kind === 'resolve' ? $('action-outcome').value : '';
    const body = {};
    if (note) body.note = note;
    if (outcome) body.outcome = outcome;
    $('action-confirm').disabled = true;
    try {
      const item = await api('/api/v1/alerts/' + encodeURIComponent(pending.alert.alertId) + '/' + pending.kind,
        { method: 'POST', body });
      state.pendingAction = null;
      $('action-dialog').close();
      if (item && item.alertId) upsert(item);
      renderAlerts();
      if (state.selectedId === pending.alert.alertId) loadDetail(pending.alert.alertId);
      showMessage((pending.kind === 'acknowledge' ? 'Acknowledged: ' : 'Resolved: ')
        + conditionName(pending.alert.condition) + ' — ' + patientLabel(pending.alert), 'info');
    } catch (e) {
      if (e.status === 401) return;
      // 409: someone else got there first (or the alert resolved itself); the problem's detail says how.
      $('action-error').textContent = e.message;
      $('action-error').hidden = false;
      $('action-confirm').disabled = false;
      if (e.status === 409 || e.status === 404) loadAlerts().catch(() => {});
    }
  }

  // ---- Alert view ---------------------------------------------------------------------------

  function route() {
    const match = /^#\/alerts\/(.+)$/.exec(location.hash);
    const id = match ? decodeURIComponent(match[1]) : null;
    const patient = /^#\/patients\/([^/]+)(?:\/(24h|7d))?$/.exec(location.hash);
    state.selectedId = id;
    state.timeline = patient ? { patientId: decodeURIComponent(patient[1]), range: patient[2] || '24h' } : null;
    $('workspace').classList.toggle('with-detail', !!id || !!patient);
    $('detail').hidden = !id && !patient;
    for (const row of document.querySelectorAll('#alert-rows tr')) {
      row.classList.toggle('selected', row.getAttribute('data-alert-id') === id);
    }
    if (id && state.token) loadDetail(id, true);
    if (patient && state.token) loadTimeline(state.timeline, true);
  }

  async function loadDetail(id, focus) {
    try {
      const answer = await api('/api/v1/alerts/' + encodeURIComponent(id));
      if (state.selectedId !== id) return;
      // {alert: Item, rule, thresholds, evidence, timeline}: one object for the view.
      const detail = answer.alert ? Object.assign({}, answer, answer.alert) : answer;
      state.detail = detail;
      renderDetail(detail);
      if (focus) $('detail-title').focus();
    } catch (e) {
      if (e.status === 401 || state.selectedId !== id) return;
      $('detail-title').textContent = 'Alert not available';
      $('detail-body').replaceChildren(el('p', {}, e.status === 404
        ? 'This alert does not exist or belongs to another care team.' : e.message));
    }
  }

  function renderDetail(d) {
    $('detail-title').textContent = d.severity + ' ' + conditionName(d.condition) + ' — ' + patientLabel(d);
    const facts = el('dl', { className: 'facts' });
    const fact = (name, value) => { if (value !== null && value !== undefined && value !== '') facts.append(el('dt', {}, name), el('dd', {}, value)); };
    fact('Severity', el('span', { className: 'badge ' + d.severity }, d.severity));
    fact('Status', el('span', { className: 'status ' + d.status, 'data-field': 'detail-status' }, d.status));
    fact('Patient', patientLabel(d) + (d.patientName ? ' (' + d.patientId + ')' : ''));
    fact('Rule', d.rule);
    fact('Episode began', timeCell(d.episodeStart));
    fact('Raised', timeCell(d.raisedAt));
    if (d.late) fact('Detected late', 'Yes: readings arrived after a delay (phone sync)');
    fact('Acknowledged', d.acknowledgedBy ? d.acknowledgedBy + ' · ' + absolute(d.acknowledgedAt) : null);
    fact('Assigned to', assigneeFact(d));
    fact('Resolved', d.resolvedBy || d.resolvedAt ? (d.resolvedBy || 'automatically') + ' · ' + absolute(d.resolvedAt) : null);
    if (d.escalations) fact('Escalations', String(d.escalations));
    if (Array.isArray(d.antipyretics) && d.antipyretics.length) fact('Antipyretics', antipyreticList(d.antipyretics));
    if (d.checkIn) fact('Patient reported', checkInText(d.checkIn));
    groupingFacts(d, fact);

    const actions = el('div', { className: 'actions' });
    actions.append(el('a', { href: '#/patients/' + encodeURIComponent(d.patientId), className: 'button secondary timeline-link' },
      'Patient timeline'));
    if (d.status === 'OPEN') actions.append(el('button', { type: 'button', className: 'button', onclick: () => openAction('acknowledge', d) }, 'Acknowledge'));
    if (ACTIVE.has(d.status)) actions.append(el('button', { type: 'button', className: 'button secondary', onclick: () => openAction('resolve', d) }, 'Resolve'));
    fact('Snoozed', snoozeFact(d));
    actions.append(...snoozeButtons(d));

    const evidence = Array.isArray(d.evidence) ? d.evidence : [];
    const thresholds = d.thresholds || {};
    $('detail-body').replaceChildren(
      facts, actions,
      assignmentForm(d),
      el('h3', {}, 'Evidence'),
      evidenceCharts(evidence, thresholds),
      evidenceTable(evidence),
      el('h3', {}, 'Comments'),
      commentThread(d),
      el('h3', {}, 'Timeline'),
      timeline(d.timeline || []));
  }

  function timeline(entries) {
    if (!entries.length) return el('p', { className: 'empty' }, 'No events recorded yet.');
    return el('ol', { className: 'timeline' }, ...entries.map((t) => el('li', {},
      el('strong', {}, String(t.kind).replace(/_/g, ' ') + (t.severity ? ' · ' + t.severity : '')),
      t.actor ? ' by ' + t.actor : '',
      el('div', { className: 'when' }, absolute(t.at)),
      t.detail ? el('div', {}, t.detail) : null,
      t.note ? el('div', {}, '“' + t.note + '”') : null)));
  }

  function evidenceTable(evidence) {
    const sorted = [...evidence].sort((a, b) => new Date(a.measuredAt) - new Date(b.measuredAt));
    return el('details', { className: 'evidence-details' },
      el('summary', {}, 'Evidence as a table (' + sorted.length + ' readings)'),
      el('table', { className: 'evidence-table' },
        el('caption', { className: 'visually-hidden' }, 'Readings that met the rule, oldest first'),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measured'), el('th', { scope: 'col' }, 'Vital sign'),
          el('th', { scope: 'col' }, 'Value'))),
        el('tbody', {}, ...sorted.map((r) => el('tr', {},
          el('td', {}, absolute(r.measuredAt)),
          el('td', {}, r.type === 'HEART_RATE' ? 'Heart rate' : r.type === 'BODY_TEMPERATURE' ? 'Temperature'
            : r.type === 'HEART_RHYTHM' ? 'Heart rhythm' : r.type || 'Reported symptom'),
          el('td', {}, formatValue(r)))))));
  }

  function formatValue(r) {
    if (r.finding) {
      // OTHER carries the length of the patient's text, never the text: the clinician asks on the call.
      return (FINDING_LABELS[r.finding] || r.finding) + (r.unit === '{characters}' ? ' (' + r.value + ' characters)' : '');
    }
    if (r.type === 'BODY_TEMPERATURE') return r.value.toFixed(1) + ' °C';
    if (r.type === 'HEART_RATE') return Math.round(r.value) + ' /min';
    return r.value + ' ' + (r.unit || '');
  }

  // Thresholds are a name → number map; only those that are a temperature or a heart rate (not a
  // duration, a count or a margin) belong on a chart.
  function thresholdsFor(kind, thresholds) {
    const out = [];
    for (const [name, value] of Object.entries(thresholds)) {
      if (typeof value !== 'number' || /minutes|readings|margin|count/i.test(name)) continue;
      if (kind === 'temp' && /celsius|temperature/i.test(name)) out.push({ name, value });
      if (kind === 'hr' && /heart\s*rate/i.test(name.replace(/([a-z])([A-Z])/g, '$1 $2'))) out.push({ name, value });
    }
    return out;
  }

  function labelOf(name) {
    if (THRESHOLD_LABELS[name]) return THRESHOLD_LABELS[name];
    return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/celsius/i, '').trim().toLowerCase();
  }

  function evidenceCharts(evidence, thresholds) {
    const times = evidence.map((r) => new Date(r.measuredAt).getTime()).filter((t) => !Number.isNaN(t));
    const wrap = el('div', { className: 'charts' });
    if (!times.length) {
      wrap.append(el('p', { className: 'empty' }, 'This alert carries no readings (no data is itself the alert).'));
      return wrap;
    }
    let t0 = Math.min(...times);
    let t1 = Math.max(...times);
    if (t1 - t0 < 10 * 60000) { const mid = (t0 + t1) / 2; t0 = mid - 5 * 60000; t1 = mid + 5 * 60000; }
    const margin = (t1 - t0) * 0.03;
    t0 -= margin;
    t1 += margin;
    const temps = evidence.filter((r) => r.type === 'BODY_TEMPERATURE');
    const rates = evidence.filter((r) => r.type === 'HEART_RATE');
    const series = [
      { kind: 'temp', title: 'Temperature (°C)', points: temps, thresholds: thresholdsFor('temp', thresholds), decimals: 1, minSpan: 1.5 },
      { kind: 'hr', title: 'Heart rate (/min)', points: rates, thresholds: thresholdsFor('hr', thresholds), decimals: 0, minSpan: 30 }
    ];
    for (const s of series) {
      if (s.points.length) wrap.append(chart(s, t0, t1));
    }
    return wrap;
  }

  function niceStep(raw) {
    const magnitude = 10 ** Math.floor(Math.log10(raw));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
    return 10 * magnitude;
  }

  function chart(s, t0, t1) {
    const W = 480, H = 180, L = 40, R = 96, T = 22, B = 26;
    // Buckets carry their lowest and highest reading: the axis must hold those, not only the averages.
    const values = s.points.flatMap((p) => [p.value, p.min ?? p.value, p.max ?? p.value]);
    // The axis covers the readings and the nearby thresholds; a far-off one (an off-body cut-off)
    // is listed below the chart rather than squashing the readings into a line.
    const dataMin = Math.min(...values), dataMax = Math.max(...values);
    const near = s.thresholds.filter((t) => t.value >= dataMin - s.minSpan * 2 && t.value <= dataMax + s.minSpan * 2);
    const far = s.thresholds.filter((t) => !near.includes(t));
    let lo = Math.min(dataMin, ...near.map((t) => t.value));
    let hi = Math.max(dataMax, ...near.map((t) => t.value));
    if (hi - lo < s.minSpan) { const mid = (hi + lo) / 2; lo = mid - s.minSpan / 2; hi = mid + s.minSpan / 2; }
    const step = niceStep((hi - lo) / 4);
    lo = Math.floor((lo - step * 0.25) / step) * step;
    hi = Math.ceil((hi + step * 0.25) / step) * step;
    const tickDecimals = (String(+step.toFixed(6)).split('.')[1] || '').length;
    const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
    const y = (v) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);

    const summary = s.title + ': ' + s.points.length + ' readings from '
      + s.points.map((p) => p.value.toFixed(s.decimals)).join(', ')
      + (near.length ? '; thresholds ' + near.map((t) => labelOf(t.name) + ' ' + t.value).join(', ') : '');
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart chart-' + s.kind, role: 'img', 'aria-label': summary, 'data-chart': s.kind });
    root.append(svg('text', { x: L, y: 14, class: 'title' }, s.title));

    for (let v = lo; v <= hi + step / 1000; v += step) {
      root.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }));
      root.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, v.toFixed(tickDecimals)));
    }
    for (let i = 0; i <= 4; i++) {
      const t = t0 + ((t1 - t0) * i) / 4;
      const format = t1 - t0 > 36 * 3600000 ? dayFormat : timeFormat;
      root.append(svg('text', { x: x(t), y: H - 8, 'text-anchor': 'middle', class: 'tick' }, format.format(new Date(t))));
    }
    root.append(svg('line', { x1: L, x2: L, y1: T, y2: H - B, class: 'axis' }));
    root.append(svg('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis' }));

    // Labels of thresholds close together (38.0 and 38.3) are pushed apart so both stay readable.
    let lastLabelY = -Infinity;
    for (const th of [...near].sort((a, b) => b.value - a.value)) {
      const g = svg('g', { 'data-threshold': th.name });
      const labelY = Math.max(y(th.value) + 4, lastLabelY + 12);
      lastLabelY = labelY;
      g.append(svg('line', { x1: L, x2: W - R, y1: y(th.value), y2: y(th.value), class: 'threshold' }));
      g.append(svg('text', { x: W - R + 4, y: labelY, class: 'threshold-label' },
        labelOf(th.name) + ' ' + th.value.toFixed(s.decimals)));
      root.append(g);
    }

    // Alerts of the range as bands from the episode's start to its resolution (or the chart's end).
    for (const m of s.marks || []) {
      const from = Math.max(t0, new Date(m.episodeStart).getTime());
      const to = Math.min(t1, m.resolvedAt ? new Date(m.resolvedAt).getTime() : t1);
      if (to < from) continue;
      const band = svg('rect', { x: x(from), y: T, width: Math.max(2, x(to) - x(from)), height: H - T - B,
        class: 'alert-mark ' + m.severity, 'data-alert-id': m.alertId });
      band.append(svg('title', {}, m.severity + ' ' + conditionName(m.condition) + ' from ' + absolute(m.episodeStart)
        + (m.resolvedAt ? ' to ' + absolute(m.resolvedAt) : ', still ' + m.status.toLowerCase())));
      root.append(band);
    }

    const sorted = [...s.points].sort((a, b) => new Date(a.measuredAt) - new Date(b.measuredAt));
    if (sorted.some((p) => p.count > 1)) {
      // Downsampled: the lowest-to-highest range of each bucket as a shaded band behind the averages.
      const upper = sorted.map((p, i) => (i ? 'L' : 'M') + x(new Date(p.measuredAt).getTime()).toFixed(1) + ' ' + y(p.max).toFixed(1));
      const lower = [...sorted].reverse().map((p) => 'L' + x(new Date(p.measuredAt).getTime()).toFixed(1) + ' ' + y(p.min).toFixed(1));
      root.append(svg('path', { d: upper.join(' ') + ' ' + lower.join(' ') + ' Z', class: 'range range-' + s.kind }));
    }
    const path = sorted.map((p, i) => (i ? 'L' : 'M') + x(new Date(p.measuredAt).getTime()).toFixed(1) + ' ' + y(p.value).toFixed(1)).join(' ');
    root.append(svg('path', { d: path, class: 'series-' + s.kind }));
    for (const p of s.dots === false ? [] : sorted) {
      const c = svg('circle', { cx: x(new Date(p.measuredAt).getTime()), cy: y(p.value), r: 4, class: 'point ' + s.kind });
      c.append(svg('title', {}, formatValue(p) + ' at ' + absolute(p.measuredAt)));
      root.append(c);
    }
    const figure = el('figure', { className: 'chart-figure' }, root);
    if (far.length) {
      figure.append(el('figcaption', { className: 'hint' }, 'Also in force: '
        + far.map((t) => labelOf(t.name) + ' ' + t.value).join(', ')));
    }
    return figure;
  }

  // ---- Patients and their timelines ------------------------------------------------------------

  const RANGES = { '24h': { label: '24 hours', ms: 24 * 3600000 }, '7d': { label: '7 days', ms: 7 * 24 * 3600000 } };
  const RESOLUTIONS = {
    RAW: 'every reading',
    PT1M: '1-minute averages (lowest to highest shaded)',
    PT15M: '15-minute averages (lowest to highest shaded)',
    PT1H: 'hourly averages (lowest to highest shaded)'
  };

  async function loadPatients() {
    const page = await api('/api/v1/patients?page=0&size=200');
    const items = page.items || [];
    state.patients = new Map(items.map((p) => [p.patientId, p]));
    $('patient-list').replaceChildren(...items.map((p) => el('li', { 'data-patient-id': p.patientId },
      el('a', { href: '#/patients/' + encodeURIComponent(p.patientId), className: 'patient-link' },
        p.displayName || p.patientId),
      el('span', { className: 'hint' }, ' ' + p.careTeamId))));
    $('no-patients').hidden = items.length > 0;
    $('patient-count').textContent = '(' + items.length + ')';
  }

  async function loadTimeline(view, focus) {
    const range = RANGES[view.range];
    const to = new Date();
    const from = new Date(to.getTime() - range.ms);
    const query = '?from=' + encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString());
    try {
      const answer = await api('/api/v1/patients/' + encodeURIComponent(view.patientId) + '/readings' + query);
      if (state.timeline !== view) return;
      renderTimeline(answer, view);
      if (focus) $('detail-title').focus();
    } catch (e) {
      if (e.status === 401 || state.timeline !== view) return;
      $('detail-title').textContent = 'Timeline not available';
      $('detail-body').replaceChildren(el('p', {}, e.status === 404
        ? 'This patient does not exist or belongs to another care team.' : e.message));
    }
  }

  function renderTimeline(t, view) {
    const known = state.patients.get(t.patientId);
    const name = known && known.displayName ? known.displayName : t.patientId;
    $('detail-title').textContent = 'Timeline — ' + name;
    const ranges = el('div', { className: 'actions ranges', role: 'group', 'aria-label': 'Time range' },
      ...Object.entries(RANGES).map(([key, r]) => el('a', {
        href: '#/patients/' + encodeURIComponent(t.patientId) + '/' + key, 'data-range': key,
        className: 'button small' + (key === view.range ? '' : ' secondary'),
        'aria-current': key === view.range ? 'true' : null
      }, r.label)));
    const t0 = new Date(t.from).getTime();
    const t1 = new Date(t.to).getTime();
    const thresholds = t.thresholds || {};
    const alerts = t.alerts || [];
    const pointsOf = (type) => {
      const series = (t.series || []).find((x) => x.type === type);
      return series ? series.points.map((p) => ({ type, measuredAt: p.at, value: p.value, min: p.min, max: p.max, count: p.count })) : [];
    };
    const charts = el('div', { className: 'charts timeline-charts', 'data-resolution': t.resolution });
    const series = [
      { kind: 'temp', title: 'Temperature (°C)', points: pointsOf('BODY_TEMPERATURE'), thresholds: thresholdsFor('temp', thresholds), decimals: 1, minSpan: 1.5 },
      { kind: 'hr', title: 'Heart rate (/min)', points: pointsOf('HEART_RATE'), thresholds: thresholdsFor('hr', thresholds), decimals: 0, minSpan: 30 }
    ];
    for (const s of series) {
      s.marks = alerts;
      s.dots = s.points.length <= 300;
      if (s.points.length) charts.append(chart(s, t0, t1));
    }
    if (!charts.children.length) charts.append(el('p', { className: 'empty' }, 'No readings in the last ' + RANGES[view.range].label + '.'));
    const alertList = alerts.length
      ? el('ul', { className: 'timeline-alerts' }, ...alerts.map((a) => el('li', { 'data-alert-id': a.alertId },
        el('span', { className: 'badge ' + a.severity }, a.severity), ' ',
        el('a', { href: '#/alerts/' + encodeURIComponent(a.alertId) }, conditionName(a.condition)),
        ' · ' + absolute(a.episodeStart) + (a.resolvedAt ? ' to ' + absolute(a.resolvedAt) : ' · ' + a.status))))
      : el('p', { className: 'empty' }, 'No alerts in this range.');
    $('detail-body').replaceChildren(ranges,
      el('p', { className: 'hint', 'data-field': 'resolution' }, 'Last ' + RANGES[view.range].label + ', '
        + (RESOLUTIONS[t.resolution] || t.resolution) + '.'),
      charts, el('h3', {}, 'Alerts'), alertList, silencePanel(t.patientId),
      el('h3', {}, 'Antipyretics'), antipyreticSection(t, view));
  }

  // ---- Medication context: antipyretic doses (they can hide a fever) --------------------------

  const ANTIPYRETICS = { PARACETAMOL: 'Paracetamol', IBUPROFEN: 'Ibuprofen', ASPIRIN: 'Aspirin', METAMIZOLE: 'Metamizole', OTHER_ANTIPYRETIC: 'Other antipyretic' };

  function antipyreticList(doses) {
    return el('ul', { className: 'antipyretics', 'data-field': 'antipyretics' }, ...doses.map((d) => el('li', {},
      (ANTIPYRETICS[d.medication] || d.medication) + ' taken ' + absolute(d.takenAt)
        + ': a temperature may read low until ' + absolute(d.maskingUntil))));
  }

  /** A check-in as the patient sent it: the symptoms, and their own words for OTHER (text, never markup). */
  function checkInText(c) {
    return el('span', { 'data-field': 'check-in' }, (c.symptoms || []).map((x) => x.toLowerCase().replace(/_/g, ' ')).join(', ')
      + ' · ' + absolute(c.reportedAt), c.otherText ? el('q', { className: 'patient-words' }, c.otherText) : null);
  }

  /** The doses masking part of the timeline's range, and a form to record one (now or earlier). */
  function antipyreticSection(t, view) {
    const doses = t.antipyretics || [];
    const medication = el('select', { id: 'dose-medication', required: true },
      ...Object.entries(ANTIPYRETICS).map(([value, label]) => el('option', { value }, label)));
    const takenAt = el('input', { id: 'dose-taken-at', type: 'datetime-local' });
    const form = el('form', { className: 'dose-form', 'aria-label': 'Record an antipyretic dose' },
      el('label', { for: 'dose-medication' }, 'Medication '), medication, ' ',
      el('label', { for: 'dose-taken-at' }, 'taken at (empty: now) '), takenAt, ' ',
      el('button', { type: 'submit', className: 'button small' }, 'Record dose'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = { medication: medication.value };
      if (takenAt.value) body.takenAt = new Date(takenAt.value).toISOString();
      try {
        await api('/api/v1/patients/' + encodeURIComponent(t.patientId) + '/medications', { method: 'POST', body });
        showMessage('Dose recorded.', 'info');
        loadTimeline(view, false);
      } catch (err) {
        if (err.status !== 401) showMessage('Not recorded: ' + err.message, 'error');
      }
    });
    return el('div', {}, doses.length ? antipyreticList(doses)
      : el('p', { className: 'empty' }, 'No antipyretic recorded in this range.'), form);
  }

  // ---- Live stream (text/event-stream over fetch, so the request can carry the token) -------

  function setConnection(kind, text) {
    const node = $('connection');
    node.setAttribute('data-state', kind);
    $('connection-text').textContent = text;
  }

  function disconnect() {
    clearTimeout(state.reconnectTimer);
    state.reconnectTimer = null;
    if (state.stream) {
      state.stream.abort();
      state.stream = null;
    }
  }

  function connect() {
    disconnect();
    if (!state.token) return;
    const controller = new AbortController();
    state.stream = controller;
    setConnection(state.attempt ? 'reconnecting' : 'connecting', state.attempt ? 'Reconnecting…' : 'Connecting…');
    runStream(controller).then(
      () => scheduleReconnect(controller, null),
      (e) => scheduleReconnect(controller, e));
  }

  function scheduleReconnect(controller, error) {
    if (state.stream !== controller || controller.signal.aborted && !controller.silenced) return;
    state.stream = null;
    if (!state.token) return;
    if (error && error.status === 401) return;
    state.attempt += 1;
    // Exponential backoff with jitter, so a restarted server is not hit by every screen at once.
    const delay = Math.min(BACKOFF_MAX_MS, 1000 * 2 ** Math.min(state.attempt - 1, 5)) * (0.75 + Math.random() * 0.5);
    setConnection('reconnecting', 'Reconnecting in ' + Math.max(1, Math.round(delay / 1000)) + ' s…');
    state.reconnectTimer = setTimeout(connect, delay);
  }

  async function runStream(controller) {
    const headers = { Accept: 'text/event-stream', Authorization: 'Bearer ' + state.token };
    if (state.lastEventId !== null && state.lastEventId !== '') headers['Last-Event-ID'] = state.lastEventId;
    const response = await fetch('/api/v1/alerts/stream', { headers, signal: controller.signal, cache: 'no-store' });
    if (response.status === 401) {
      signOut('Your session has ended (the token expired or is not valid). Sign in again.');
      const e = new Error('unauthorized');
      e.status = 401;
      throw e;
    }
    if (!response.ok || !response.body) throw new Error('stream answered ' + response.status);

    let silenceTimer = null;
    const armWatchdog = () => {
      clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => { controller.silenced = true; controller.abort(); }, SILENCE_LIMIT_MS);
    };
    armWatchdog();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = eventStreamParser(onStreamEvent, armWatchdog);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        armWatchdog();
        parser(value);
      }
    } finally {
      clearTimeout(silenceTimer);
    }
  }

  /**
   * The text/event-stream format (WHATWG HTML, "Server-sent events"): lines end in CR, LF or
   * CRLF; "field: value"; a blank line dispatches; lines starting with ":" are comments.
   */
  function eventStreamParser(dispatch, onComment) {
    let buffer = '';
    let data = [];
    let type = '';
    let id = null;
    return function feed(chunk) {
      buffer += chunk;
      let match;
      while ((match = /\r\n|\r|\n/.exec(buffer)) !== null) {
        // A lone CR at the end may be the first half of CRLF: wait for the next chunk.
        if (match[0] === '\r' && match.index === buffer.length - 1) break;
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        if (line === '') {
          if (data.length || type) dispatch({ type: type || 'message', data: data.join('\n'), id });
          data = [];
          type = '';
          continue;
        }
        if (line.startsWith(':')) { onComment(line.slice(1).trim()); continue; }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') data.push(value);
        else if (field === 'event') type = value;
        else if (field === 'id' && !value.includes('\0')) { id = value; state.lastEventId = value; }
      }
    };
  }

  function onStreamEvent(event) {
    let payload = null;
    try {
      payload = event.data ? JSON.parse(event.data) : null;
    } catch (e) {
      return;
    }
    if (event.type === 'ready') {
      state.attempt = 0;
      setConnection('connected', 'Connected');
      if (payload && payload.lastEventId !== null && payload.lastEventId !== undefined && state.lastEventId === null) {
        state.lastEventId = String(payload.lastEventId);
      }
      // (Re)load the list after the stream is up, so nothing raised in between is missed.
      loadAlerts().catch(reportLoadFailure);
      return;
    }
    if (event.type === 'alert' && payload && payload.alert) {
      const item = payload.alert;
      if (payload.type === 'TRANSFERRED') {
        // The patient moved to another care team and the alert went with them: it is no longer this team's.
        state.alerts.delete(item.alertId);
        state.gone.set(item.alertId, item);
        renderAlerts();
        if (item.alertId === state.selectedId) loadDetail(item.alertId);
        return;
      }
      const changed = upsert(item);
      if (changed) renderAlerts(payload.type === 'RAISED' || payload.type === 'ESCALATED' ? item.alertId : null);
      if (changed && item.alertId === state.selectedId) loadDetail(item.alertId);
    }
  }

  // ---- Web Push -----------------------------------------------------------------------------

  function pushSupported() {
    return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  }

  function base64UrlToBytes(value) {
    const b64 = value.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (value.length % 4)) % 4);
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  }

  async function setupPushButton() {
    const button = $('push-toggle');
    if (!pushSupported()) { button.hidden = true; return; }
    button.hidden = false;
    const registration = await navigator.serviceWorker.getRegistration('/');
    const subscription = registration ? await registration.pushManager.getSubscription() : null;
    const on = !!subscription && !!localStorage.getItem(PUSH_KEY);
    if (on && state.token) {
      // Sent again at every start: the subscription then carries this token's care teams and validity.
      const saved = await saveSubscription(registration, subscription);
      localStorage.setItem(PUSH_KEY, saved.id);
    }
    button.textContent = on ? 'Disable notifications' : 'Enable notifications';
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  async function togglePush() {
    const button = $('push-toggle');
    button.disabled = true;
    try {
      if (button.getAttribute('aria-pressed') === 'true') await disablePush();
      else await enablePush();
    } catch (e) {
      if (e.status !== 401) {
        showMessage(e.status === 404 ? 'Notifications are not set up on this server.' : 'Notifications: ' + e.message);
      }
    } finally {
      button.disabled = false;
      setupPushButton().catch(() => {});
    }
  }

  async function enablePush() {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') throw new Error('the browser did not allow notifications for this page.');
    const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    const { publicKey } = await api('/api/v1/push/vapid-public-key');
    let subscription = await registration.pushManager.getSubscription();
    if (!subscription) {
      subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey)
      });
    }
    const saved = await saveSubscription(registration, subscription);
    localStorage.setItem(PUSH_KEY, saved.id);
    showMessage('Notifications are on for this browser.', 'info');
  }

  /**
   * Hands the browser's subscription to the server. 409: this browser's endpoint is someone else's (another user
   * enabled notifications here and did not sign out); the browser then drops it and subscribes anew, which gives an
   * endpoint of this user's own (the other user's stops working at its push service).
   */
  async function saveSubscription(registration, subscription) {
    try {
      return await api('/api/v1/push/subscriptions', { method: 'POST', body: subscription.toJSON() });
    } catch (e) {
      if (e.status !== 409) throw e;
      const { publicKey } = await api('/api/v1/push/vapid-public-key');
      await subscription.unsubscribe();
      const fresh = await registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey)
      });
      return api('/api/v1/push/subscriptions', { method: 'POST', body: fresh.toJSON() });
    }
  }

  /** The server forgets the device first (so nothing more is sent to it), then the browser drops the subscription. */
  async function disablePush(quiet) {
    const id = localStorage.getItem(PUSH_KEY);
    if (id) {
      try {
        await api('/api/v1/push/subscriptions/' + encodeURIComponent(id), { method: 'DELETE' });
      } catch (e) {
        if (e.status !== 404) throw e;
      }
      localStorage.removeItem(PUSH_KEY);
    }
    const registration = await navigator.serviceWorker.getRegistration('/');
    const subscription = registration ? await registration.pushManager.getSubscription() : null;
    if (subscription) await subscription.unsubscribe();
    if (!quiet) showMessage('Notifications are off for this browser.', 'info');
  }

  // ---- Assignment and comments (issue 11) ---------------------------------------------------
  // The assignee in the list and the detail; in the detail "Assign to me", an assignee field (a clinician's
  // subject; the server accepts yourself or a clinician of the team with notifications on) and "Unassign", then the
  // comment thread with an input. The feed's ASSIGNED / UNASSIGNED / COMMENTED events need nothing of their own:
  // they carry the alert, so upsert() and loadDetail() above show them like any other change.

  const COMMENT_MAX = 2000;
  // What is typed but not sent, per alert: the detail is drawn again on every feed event of its alert (another
  // clinician's comment, an assignment), which must not wipe a comment being written.
  const commentDrafts = new Map();

  function mySubject() {
    return state.claims ? state.claims.sub : null;
  }

  function assigneeCell(a) {
    const mine = a.assignee && a.assignee === mySubject();
    return el('td', { 'data-field': 'assignee', className: mine ? 'mine' : null }, a.assignee ? (mine ? 'me' : a.assignee) : '—');
  }

  function assigneeFact(d) {
    if (!d.assignee) return 'nobody';
    return (d.assignee === mySubject() ? d.assignee + ' (me)' : d.assignee);
  }

  function assignmentForm(d) {
    if (!ACTIVE.has(d.status)) return null;
    const error = el('p', { className: 'field-error', role: 'alert', hidden: true });
    const input = el('input', {
      type: 'text', id: 'assignee-input', maxlength: '200', autocomplete: 'off',
      placeholder: 'clinician (subject)', 'aria-label': 'Assign to (a clinician of the care team)'
    });
    const send = async (assignee) => {
      error.hidden = true;
      try {
        const path = '/api/v1/alerts/' + encodeURIComponent(d.alertId) + '/assignee';
        await (assignee === null ? api(path, { method: 'DELETE' }) : api(path, { method: 'PUT', body: { assignee } }));
        showMessage(assignee === null ? 'Unassigned.' : 'Assigned to ' + (assignee === mySubject() ? 'you' : assignee) + '.', 'info');
        loadDetail(d.alertId);
        loadAlerts().catch(() => {});
      } catch (e) {
        if (e.status === 401) return;
        error.textContent = e.message;
        error.hidden = false;
      }
    };
    return el('form', {
      className: 'assignment', 'data-field': 'assignment',
      onsubmit: (e) => { e.preventDefault(); if (input.value.trim()) send(input.value.trim()); }
    },
      d.assignee === mySubject() ? null
        : el('button', { type: 'button', className: 'button small', 'data-action': 'assign-to-me', onclick: () => send(mySubject()) }, 'Assign to me'),
      input,
      el('button', { type: 'submit', className: 'button small secondary', 'data-action': 'assign' }, 'Assign'),
      d.assignee ? el('button', { type: 'button', className: 'button small secondary', 'data-action': 'unassign', onclick: () => send(null) }, 'Unassign') : null,
      error);
  }

  function commentThread(d) {
    const comments = Array.isArray(d.comments) ? d.comments : [];
    const list = comments.length
      ? el('ol', { className: 'comments', 'data-field': 'comments' }, ...comments.map((c) => el('li', {},
        el('strong', {}, c.author), ' ', el('span', { className: 'when' }, absolute(c.at)),
        el('div', { className: 'comment-text' }, c.text))))
      : el('p', { className: 'empty', 'data-field': 'comments' }, 'No comments yet.');
    const error = el('p', { className: 'field-error', role: 'alert', hidden: true });
    const hadFocus = document.activeElement && document.activeElement.id === 'comment-input';
    const text = el('textarea', {
      id: 'comment-input', rows: '2', maxlength: String(COMMENT_MAX), 'aria-label': 'Add a comment',
      oninput: () => commentDrafts.set(d.alertId, text.value)
    });
    text.value = commentDrafts.get(d.alertId) || '';
    if (hadFocus) queueMicrotask(() => text.focus());
    const submit = el('button', { type: 'submit', className: 'button small', 'data-action': 'comment' }, 'Add comment');
    const form = el('form', {
      className: 'comment-form',
      onsubmit: async (e) => {
        e.preventDefault();
        if (!text.value.trim()) return;
        submit.disabled = true;
        error.hidden = true;
        try {
          await api('/api/v1/alerts/' + encodeURIComponent(d.alertId) + '/comments', { method: 'POST', body: { text: text.value } });
          text.value = '';
          commentDrafts.delete(d.alertId);
          loadDetail(d.alertId);
        } catch (err) {
          if (err.status === 401) return;
          error.textContent = err.message;
          error.hidden = false;
        } finally {
          submit.disabled = false;
        }
      }
    }, text, submit, error);
    return el('div', { className: 'comment-thread' }, list, form);
  }

  // ---- Start --------------------------------------------------------------------------------

  function start() {
    $('signin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      try {
        signIn($('token-input').value);
        route();
      } catch (err) {
        $('signin-error').textContent = err.message;
        $('signin-error').hidden = false;
      }
    });
    $('sign-out').addEventListener('click', async () => {
      // Signing out of a shared workstation stops its notifications too.
      if (pushSupported() && localStorage.getItem(PUSH_KEY)) {
        try {
          await disablePush(true);
        } catch (e) {
          // Signed out regardless; the server drops a subscription whose pushes fail.
        }
      }
      signOut(null);
    });
    $('push-toggle').addEventListener('click', togglePush);
    $('action-form').addEventListener('submit', confirmAction);
    $('action-cancel').addEventListener('click', () => { state.pendingAction = null; $('action-dialog').close(); });
    $('snooze-form').addEventListener('submit', confirmSnooze);
    $('snooze-cancel').addEventListener('click', () => { state.pendingSnooze = null; $('snooze-dialog').close(); });
    $('detail-close').addEventListener('click', (e) => { e.preventDefault(); location.hash = ''; });
    window.addEventListener('hashchange', route);
    setInterval(refreshRelativeTimes, 30000);

    const fromLink = takeTokenFromFragment();
    const stored = sessionStorage.getItem(TOKEN_KEY);
    const token = fromLink || stored;
    if (!token) { signOut(null); return; }
    try {
      signIn(token);
    } catch (err) {
      signOut(err.message);
      return;
    }
    route();
  }

  // ---- Snooze and silence (issue 11) --------------------------------------------------------
  // A snoozed alert stays on the list with a "snoozed until" badge; the detail view snoozes and un-snoozes it; the
  // patient view silences the patient's NO_DATA and lists the active silences. Limits as the API's (SnoozeConfig).

  const SNOOZE_CHOICES = [['PT15M', '15 minutes'], ['PT30M', '30 minutes'], ['PT1H', '1 hour'], ['PT2H', '2 hours'],
    ['PT4H', '4 hours']];
  const SNOOZE_CRITICAL_MAX = 'PT30M';
  const SILENCE_CHOICES = [['PT1H', '1 hour'], ['PT4H', '4 hours'], ['PT8H', '8 hours'], ['PT24H', '24 hours'],
    ['PT72H', '72 hours (planned admission)']];

  function clock(iso) {
    return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function snoozeBadge(a) {
    if (!a.snoozedUntil) return null;
    const what = a.silenceId ? 'Silenced until ' : 'Snoozed until ';
    return el('span', { className: 'snoozed', 'data-field': 'snoozed', title: (a.snoozeReason || '')
      + (a.snoozedBy ? ' — ' + a.snoozedBy : '') }, what + clock(a.snoozedUntil));
  }

  function snoozeFact(d) {
    if (!d.snoozedUntil) return null;
    return el('span', { 'data-field': 'detail-snoozed' }, (d.silenceId ? 'Silenced' : 'Snoozed') + ' until '
      + absolute(d.snoozedUntil) + (d.snoozedBy ? ' by ' + d.snoozedBy : '') + (d.snoozeReason ? ': “' + d.snoozeReason + '”' : ''));
  }

  function snoozeButtons(d) {
    if (!ACTIVE.has(d.status)) return [];
    const buttons = [el('button', { type: 'button', className: 'button secondary', 'data-action': 'snooze',
      onclick: () => openSnooze(d) }, d.snoozedUntil ? 'Snooze again' : 'Snooze')];
    if (d.snoozedUntil) {
      buttons.push(el('button', { type: 'button', className: 'button secondary', 'data-action': 'unsnooze',
        onclick: () => unsnooze(d) }, 'Un-snooze'));
    }
    return buttons;
  }

  function openSnooze(alert) {
    state.pendingSnooze = alert;
    const choices = alert.severity === 'CRITICAL'
      ? SNOOZE_CHOICES.slice(0, SNOOZE_CHOICES.findIndex(([v]) => v === SNOOZE_CRITICAL_MAX) + 1) : SNOOZE_CHOICES;
    $('snooze-duration').replaceChildren(...choices.map(([value, label]) => el('option', { value }, label)));
    $('snooze-duration').value = 'PT30M';
    $('snooze-summary').textContent = alert.severity + ' ' + conditionName(alert.condition) + ' — ' + patientLabel(alert)
      + (alert.severity === 'CRITICAL' ? ' (CRITICAL: at most 30 minutes)' : '');
    $('snooze-reason').value = '';
    $('snooze-error').hidden = true;
    $('snooze-confirm').disabled = false;
    $('snooze-dialog').showModal();
    $('snooze-reason').focus();
  }

  async function confirmSnooze(event) {
    event.preventDefault();
    const alert = state.pendingSnooze;
    if (!alert) return;
    const reason = $('snooze-reason').value.trim();
    if (!reason) {
      $('snooze-error').textContent = 'Say why, for the team.';
      $('snooze-error').hidden = false;
      return;
    }
    $('snooze-confirm').disabled = true;
    try {
      const item = await api('/api/v1/alerts/' + encodeURIComponent(alert.alertId) + '/snooze',
        { method: 'POST', body: { duration: $('snooze-duration').value, reason } });
      state.pendingSnooze = null;
      $('snooze-dialog').close();
      afterSnooze(item, 'Snoozed until ' + clock(item.snoozedUntil) + ': ' + conditionName(alert.condition) + ' — '
        + patientLabel(alert));
    } catch (e) {
      if (e.status === 401) return;
      $('snooze-error').textContent = e.message;
      $('snooze-error').hidden = false;
      $('snooze-confirm').disabled = false;
    }
  }

  async function unsnooze(alert) {
    try {
      const item = await api('/api/v1/alerts/' + encodeURIComponent(alert.alertId) + '/snooze', { method: 'DELETE' });
      afterSnooze(item, 'Snooze ended: ' + conditionName(alert.condition) + ' — ' + patientLabel(alert));
    } catch (e) {
      if (e.status !== 401) showMessage(e.message, 'error');
    }
  }

  function afterSnooze(item, message) {
    if (item && item.alertId) upsert(item);
    renderAlerts();
    if (item && state.selectedId === item.alertId) loadDetail(item.alertId);
    showMessage(message, 'info');
  }

  function silencePanel(patientId) {
    const list = el('ul', { className: 'silence-list', 'data-field': 'silences' });
    const error = el('p', { className: 'field-error', role: 'alert', hidden: true });
    const duration = el('select', { name: 'duration', 'data-field': 'silence-duration' },
      ...SILENCE_CHOICES.map(([value, label]) => el('option', { value }, label)));
    const reason = el('input', { type: 'text', name: 'reason', maxLength: 500, required: true,
      placeholder: 'device charging', 'data-field': 'silence-reason' });
    const form = el('form', { className: 'silence-form', 'data-field': 'silence-form' },
      el('label', {}, 'For', duration), el('label', {}, 'Reason', reason),
      el('button', { type: 'submit', className: 'button small', 'data-action': 'silence' }, 'Silence NO_DATA'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('/api/v1/patients/' + encodeURIComponent(patientId) + '/silences',
          { method: 'POST', body: { duration: duration.value, reason: reason.value.trim() } });
        reason.value = '';
        error.hidden = true;
        loadSilences(patientId, list);
        loadAlerts().catch(() => {});
      } catch (err) {
        if (err.status === 401) return;
        error.textContent = err.message;
        error.hidden = false;
      }
    });
    loadSilences(patientId, list);
    return el('section', { className: 'silences' }, el('h3', {}, 'Silences of “No data”'),
      el('p', { className: 'hint' }, 'While the device is off on purpose (charging, an admission): NO_DATA alerts are '
        + 'still recorded and shown as silenced, but do not notify or escalate. Fever and the others are never silenced.'),
      list, form, error);
  }

  async function loadSilences(patientId, list) {
    try {
      const silences = await api('/api/v1/patients/' + encodeURIComponent(patientId) + '/silences');
      list.replaceChildren(...(silences.length ? silences.map((s) => el('li', { 'data-silence-id': s.silenceId },
        'Until ' + absolute(s.until) + ' — “' + s.reason + '” by ' + s.createdBy + ' ',
        el('button', { type: 'button', className: 'button small secondary', 'data-action': 'end-silence',
          onclick: async () => {
            try {
              await api('/api/v1/patients/' + encodeURIComponent(patientId) + '/silences/'
                + encodeURIComponent(s.silenceId), { method: 'DELETE' });
            } catch (e) {
              if (e.status !== 401) showMessage(e.message, 'error');
            }
            loadSilences(patientId, list);
            loadAlerts().catch(() => {});
          } }, 'End')))
        : [el('li', { className: 'empty' }, 'No active silence.')]));
    } catch (e) {
      if (e.status !== 401) list.replaceChildren(el('li', {}, e.message));
    }
  }

  // ---- Grouping under SEPSIS_RISK (issue 11) ------------------------------------------------
  // A FEVER or TACHYCARDIA grouped under the patient's open SEPSIS_RISK (its groupedUnder) notifies through it, so
  // the list shows it under that alert, behind one collapsed line "grouped: FEVER, TACHYCARDIA" that opens the
  // group; a child whose parent is not listed stands on its own. The detail links child and parent both ways.

  const expandedGroups = new Set();

  /** The list's rows in triage order, each group's children right after their parent's row and its line. */
  function groupedRows(items, freshId) {
    const listed = new Set(items.map((a) => a.alertId));
    const children = new Map();
    for (const a of items) {
      if (!a.groupedUnder || !listed.has(a.groupedUnder)) continue;
      if (!children.has(a.groupedUnder)) children.set(a.groupedUnder, []);
      children.get(a.groupedUnder).push(a);
    }
    const rows = [];
    for (const a of items) {
      if (a.groupedUnder && listed.has(a.groupedUnder)) continue;
      rows.push(alertRow(a, a.alertId === freshId));
      const group = children.get(a.alertId);
      if (!group) continue;
      const open = expandedGroups.has(a.alertId);
      rows.push(groupLine(a, group, open));
      for (const child of group) {
        const row = alertRow(child, child.alertId === freshId);
        row.classList.add('grouped-child');
        row.setAttribute('data-grouped-under', a.alertId);
        row.hidden = !open;
        rows.push(row);
      }
    }
    return rows;
  }

  function groupLine(parent, group, open) {
    const names = group.map((c) => c.condition).sort().join(', ');
    const toggle = el('button', {
      type: 'button', className: 'group-toggle', 'aria-expanded': open ? 'true' : 'false',
      title: 'Notified through this alert; they notify on their own again if it resolves',
      onclick: (e) => {
        e.stopPropagation();
        if (expandedGroups.has(parent.alertId)) expandedGroups.delete(parent.alertId);
        else expandedGroups.add(parent.alertId);
        renderAlerts();
      }
    }, (open ? '▾ ' : '▸ ') + 'grouped: ' + names);
    return el('tr', { className: 'group-line', 'data-group-of': parent.alertId }, el('td', { colspan: 7 }, toggle));
  }

  /** The detail's facts of a group: the parent a child is grouped under, the children of a parent. */
  function groupingFacts(d, fact) {
    const link = (id, text) => el('a', { href: '#/alerts/' + encodeURIComponent(id), 'data-field': 'group-link' }, text);
    if (d.groupedUnder) {
      fact('Grouped under', el('span', { 'data-field': 'grouped-under' }, link(d.groupedUnder, conditionName('SEPSIS_RISK')),
        ' (notified through it)'));
    }
    const grouped = Array.isArray(d.grouped) ? d.grouped : [];
    if (grouped.length) {
      const list = el('span', { 'data-field': 'grouped' });
      grouped.forEach((g, i) => {
        if (i) list.append(', ');
        list.append(link(g.alertId, CONDITION_SHORT[g.condition] || g.condition), ' ' + g.severity
          + (g.status === 'RESOLVED' ? ' (resolved)' : ''));
      });
      fact('Grouped', list);
    }
  }

  

  // ---- On-call schedule (issue 11) -----------------------------------------------------------
  // A card for the care team: "On call now" (the shift covering now and its chain level 1 → level 2 → charge nurse,
  // or where rounds go when no shift does), and the team's shifts. An administrator edits them — one row per shift —
  // and saves the whole schedule (PUT, all or nothing: a 422 names the row and field); clinicians read them. A token
  // with care teams picks among them; an administrator's without any types the team's id.

  const ON_CALL_DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

  function onCallTeamsAndRole() {
    const c = state.claims || {};
    const teams = Array.isArray(c.care_teams) ? c.care_teams : (c.care_teams ? [c.care_teams] : []);
    const roles = Array.isArray(c.groups) ? c.groups : [];
    return { teams, admin: roles.includes('admin') };
  }

  function renderOnCall() {
    const { teams, admin } = onCallTeamsAndRole();
    const old = $('on-call');
    if (old) old.remove();
    if (!teams.length && !admin) return;
    const now = el('p', { className: 'on-call-now', 'data-field': 'on-call-now' }, 'On call now: …');
    const body = el('div', { 'data-field': 'on-call-schedule' });
    const pick = (team) => { if (team) loadOnCall(team, now, body, admin); };
    let chooser;
    if (teams.length) {
      const select = el('select', { 'data-field': 'on-call-team', onchange: () => pick(select.value) },
        ...teams.map((t) => el('option', { value: t }, t)));
      chooser = el('label', {}, 'Care team ', select);
      pick(teams[0]);
    } else {
      const input = el('input', { type: 'text', maxLength: 64, placeholder: 'care team id', 'data-field': 'on-call-team' });
      const show = el('button', { type: 'button', className: 'button small', 'data-action': 'on-call-show',
        onclick: () => pick(input.value.trim()) }, 'Show');
      chooser = el('span', {}, el('label', {}, 'Care team ', input), ' ', show);
    }
    $('workspace').append(el('section', { id: 'on-call', className: 'card on-call', 'aria-labelledby': 'on-call-title' },
      el('div', { className: 'section-head' }, el('h2', { id: 'on-call-title' }, 'On call'), chooser),
      now, body));
  }

  function onCallLine(n) {
    const who = (v) => v || '—';
    if (n.shift) {
      return 'On call now: ' + n.shift.name + ' (' + timeFormat.format(new Date(n.shift.start)) + '–'
        + timeFormat.format(new Date(n.shift.end)) + ') · level 1 ' + who(n.level1) + ' · level 2 ' + who(n.level2)
        + ' · charge nurse ' + who(n.chargeNurse);
    }
    const why = n.fallback && n.fallback.reason === 'NO_SHIFT' ? 'no shift now' : 'no on-call schedule';
    const to = n.fallback && n.fallback.to === 'CONTACTS'
      ? 'the on-call contacts (' + n.fallback.contacts.join(', ') + ')' : 'the whole care team';
    return 'On call now: ' + why + ' — escalations go to ' + to;
  }

  async function loadOnCall(team, now, body, admin) {
    const base = '/api/v1/care-teams/' + encodeURIComponent(team);
    try {
      const [current, schedule] = await Promise.all([api(base + '/on-call'), api(base + '/on-call-schedule')]);
      now.textContent = onCallLine(current);
      body.replaceChildren(admin ? scheduleEditor(team, schedule, now, body)
        : scheduleList(schedule));
    } catch (e) {
      if (e.status !== 401) now.textContent = 'On call now: ' + e.message;
    }
  }

  function scheduleList(schedule) {
    if (!schedule.shifts.length) return el('p', { className: 'empty' }, 'No shifts: escalations go to the flat contacts.');
    return el('ul', { className: 'shift-list' }, ...schedule.shifts.map((s) => el('li', { 'data-shift': s.name },
      s.name + ': ' + s.days.map((d) => d.slice(0, 3)).join(' ') + ' ' + s.start + '–' + s.end + ' (' + schedule.timeZone
      + ') · ' + [s.level1, s.level2, s.chargeNurse].map((v) => v || '—').join(' → '))));
  }

  function shiftRow(s) {
    const text = (field, value, width) => el('input', { type: 'text', 'data-field': field, value: value || '',
      maxLength: 200, size: width, 'aria-label': field });
    const days = el('span', { className: 'shift-days' }, ...ON_CALL_DAYS.map((d) => el('label', { title: d },
      el('input', { type: 'checkbox', 'data-day': d, checked: !!(s && s.days.includes(d)) }), d.slice(0, 2))));
    const row = el('tr', { className: 'shift-row' },
      el('td', {}, text('name', s && s.name, 8)), el('td', {}, days),
      el('td', {}, el('input', { type: 'time', 'data-field': 'start', value: s ? s.start : '08:00', 'aria-label': 'start' })),
      el('td', {}, el('input', { type: 'time', 'data-field': 'end', value: s ? s.end : '20:00', 'aria-label': 'end' })),
      el('td', {}, text('level1', s && s.level1, 10)), el('td', {}, text('level2', s && s.level2, 10)),
      el('td', {}, text('chargeNurse', s && s.chargeNurse, 10)),
      el('td', {}, el('button', { type: 'button', className: 'button small secondary', 'data-action': 'remove-shift',
        onclick: () => row.remove() }, 'Remove')));
    return row;
  }

  function scheduleEditor(team, schedule, now, body) {
    const zone = el('input', { type: 'text', 'data-field': 'time-zone', size: 18,
      value: schedule.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' });
    const rows = el('tbody', {}, ...schedule.shifts.map(shiftRow));
    const error = el('p', { className: 'field-error', role: 'alert', 'data-field': 'schedule-error', hidden: true });
    const value = (row, field) => row.querySelector('[data-field=' + field + ']').value.trim();
    const save = async (shifts) => {
      try {
        await api('/api/v1/care-teams/' + encodeURIComponent(team) + '/on-call-schedule',
          { method: 'PUT', body: { timeZone: zone.value.trim(), shifts } });
        showMessage('On-call schedule saved.', 'info');
        loadOnCall(team, now, body, true);
      } catch (e) {
        if (e.status === 401) return;
        const errors = e.problem && Array.isArray(e.problem.errors) ? e.problem.errors : [];
        error.textContent = errors.length ? errors.map((x) => x.field + ': ' + x.detail).join('; ') : e.message;
        error.hidden = false;
      }
    };
    const form = el('form', { className: 'schedule-form', 'data-field': 'schedule-form' },
      el('label', {}, 'Time zone ', zone),
      el('div', { className: 'table-wrap' }, el('table', { className: 'shift-table' },
        el('thead', {}, el('tr', {}, ...['Shift', 'Days', 'Start', 'End', 'Level 1', 'Level 2', 'Charge nurse', '']
          .map((h) => el('th', { scope: 'col' }, h)))), rows)),
      el('p', { className: 'hint' }, 'An end before the start runs into the next day. Empty level 2 or charge nurse: '
        + 'that level is skipped. No shift: escalations go to the flat contacts.'),
      error,
      el('button', { type: 'button', className: 'button small secondary', 'data-action': 'add-shift',
        onclick: () => rows.append(shiftRow(null)) }, 'Add shift'), ' ',
      el('button', { type: 'submit', className: 'button small', 'data-action': 'save-schedule' }, 'Save schedule'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      save([...rows.querySelectorAll('tr.shift-row')].map((row) => ({
        name: value(row, 'name'),
        days: [...row.querySelectorAll('[data-day]')].filter((box) => box.checked).map((box) => box.getAttribute('data-day')),
        start: value(row, 'start'), end: value(row, 'end'),
        level1: value(row, 'level1'), level2: value(row, 'level2') || null, chargeNurse: value(row, 'chargeNurse') || null
      })));
    });
    return form;
  }

  document.addEventListener('DOMContentLoaded', start);
})();
