// The NecroStack dashboard page: polls the JSON API of `necro dashboard` and draws it. Plain
// browser JavaScript, served as is (no build, no outside sources). Every value from the API is
// put in the page as text (textContent), never as HTML: dead letters hold arbitrary data.
'use strict';
(function dashboard() {
  const TOKEN_KEY = 'necro-dashboard-token';
  const $ = (id) => document.getElementById(id);
  let config;
  let pollTimer;
  let lastTotal = -1;
  let listCursor = null;

  // ---- API -----------------------------------------------------------------------------------
  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  async function api(path, body) {
    const headers = { accept: 'application/json' };
    if (token()) headers['x-necro-token'] = token();
    const init = body === undefined ? { headers } : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const response = await fetch(path, init);
    const data = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (response.status === 401) {
      askForToken(data.error);
      throw new Error(data.error);
    }
    if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
    return data;
  }

  // A token in the address (#token=…) is taken once and removed from it; it never reaches the server's logs.
  function tokenFromAddress() {
    const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  function askForToken(message) {
    clearTimeout(pollTimer);
    $('main').hidden = true;
    $('token-form').hidden = false;
    $('token-error').textContent = token() ? message : '';
    setStatus('token needed', 'bad');
  }

  // ---- helpers -------------------------------------------------------------------------------
  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  }

  function row(cells, attrs) {
    const tr = el('tr', undefined, attrs);
    for (const cell of cells) tr.append(cell instanceof Node ? cell : el('td', cell));
    return tr;
  }

  function cell(text, field, cls) {
    return el('td', text, { 'data-field': field, ...(cls ? { class: cls } : {}) });
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '-';
    const s = ms / 1000;
    if (s < 1) return `${Math.round(ms)} ms`;
    if (s < 120) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
    if (s < 7200) return `${Math.round(s / 60)} min`;
    if (s < 172800) return `${Math.round(s / 3600)} h`;
    return `${Math.round(s / 86400)} d`;
  }

  function rate(n) {
    return n >= 100 ? String(Math.round(n)) : n.toFixed(1);
  }

  function setStatus(text, kind) {
    const status = $('status');
    status.textContent = text;
    status.className = `pill ${kind}`;
  }

  function replaceRows(tbody, rows, empty, columns) {
    tbody.replaceChildren(...(rows.length > 0 ? rows : [row([el('td', empty, { colspan: String(columns), class: 'empty' })])]));
  }

  // ---- overview ------------------------------------------------------------------------------
  // Polls may overlap (an action polls at once): each one that ends replaces the one timer.
  async function poll() {
    try {
      const overview = await api('/api/overview');
      drawOverview(overview);
      if (overview.deadLetters.total !== lastTotal) {
        lastTotal = overview.deadLetters.total;
        await loadDeadLetters(true);
      }
    } catch (error) {
      if (!$('token-form').hidden) return;
      setStatus(`dashboard unreachable: ${error.message}`, 'bad');
    }
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, config ? config.intervalMs : 2000);
  }

  function drawOverview(o) {
    const time = new Date(o.sampledAt).toLocaleTimeString();
    if (o.error) setStatus(`Redis: ${o.error} (data of ${time})`, 'bad');
    else setStatus(`sampled ${time} in ${o.sampleMs} ms`, 'good');
    replaceRows($('organs'), o.organs.map(organRow), 'No consumer groups yet: start a worker.', 10);
    replaceRows($('workers'), o.workers.map((w) => row([
      cell(w.name, 'name'), cell(w.status, 'status', w.status), cell(w.organs, 'organs'), cell(w.pending, 'pending'), cell(duration(w.idleMs), 'idle'),
    ], { 'data-testid': 'worker-row', 'data-worker': w.name })), 'No consumers.', 5);
    replaceRows($('streams'), streamsShown(o).map((s) => row([
      cell(s.kind === 'retry' ? `${s.key} (replays)` : s.key, 'key'), cell(s.length, 'length'), cell(s.entriesAdded, 'added'),
      cell(s.removed, 'removed'), cell(duration(s.oldestEntryAgeMs), 'oldest'),
    ])), 'No streams yet.', 5);
    drawPartitions(o.partitions);
    const last = o.rates[o.rates.length - 1];
    $('rate-delivered').textContent = last ? rate(last.delivered) : '0';
    $('rate-failed').textContent = last ? rate(last.failed) : '0';
    drawChart(o.rates, o.intervalMs);
    drawDeadLetterSummary(o.deadLetters);
  }

  function organRow(o) {
    const consumers = o.consumers.map((c) => `${c.name} (${duration(c.idleMs)}${c.pending ? `, ${c.pending} pending` : ''})`).join(', ') || 'none';
    return row([
      cell(o.organ, 'organ'), cell(o.lag === null ? '?' : o.lag, 'lag'), cell(o.pending, 'pending'), cell(duration(o.oldestPendingMs), 'oldest-pending'),
      cell(o.delivered, 'delivered'), cell(rate(o.deliveredPerSec), 'delivered-rate'), cell(rate(o.failedPerSec), 'failed-rate', o.failedPerSec > 0 ? 'bad' : ''),
      cell(consumers, 'consumers'), cell(o.deadLetters.count, 'dead-letters', o.deadLetters.count > 0 ? 'bad' : ''),
      cell(o.deadLetters.newestAt ? new Date(o.deadLetters.newestAt).toLocaleString() : '-', 'newest-dead-letter'),
    ], { 'data-testid': 'organ-row', 'data-organ': o.organ });
  }

  // ---- partitions ----------------------------------------------------------------------------
  // With partitions, the Streams table sums the partition streams in one row (the Partitions table has each).
  function streamsShown(o) {
    if (!o.partitions) return o.streams;
    const keys = new Set(o.partitions.map((p) => p.key));
    const parts = o.streams.filter((s) => keys.has(s.key));
    const ages = parts.map((s) => s.oldestEntryAgeMs).filter((age) => age !== null);
    const total = (field) => parts.reduce((sum, s) => sum + s[field], 0);
    return [
      { key: `${config.stream} (${o.partitions.length} partitions)`, kind: 'events', length: total('length'), entriesAdded: total('entriesAdded'),
        removed: total('removed'), oldestEntryAgeMs: ages.length > 0 ? Math.max(...ages) : null },
      ...o.streams.filter((s) => !keys.has(s.key)),
    ];
  }

  // Work waits on a partition when an organ has lag there (or Redis cannot tell) or holds pending deliveries.
  function busy(p) {
    return p.organs.some((g) => g.lag !== 0 || g.pending > 0);
  }

  // Work waits with no lease holder: no live worker reads the partition for the organ.
  function unowned(g) {
    return g.owner === null && (g.lag !== 0 || g.pending > 0);
  }

  // Idle partitions are shown when there are few; the checkbox decides once the user touched it.
  const SHOW_IDLE_UP_TO = 32;
  let idleChosen = false;
  let lastPartitions;

  function drawPartitions(partitions) {
    lastPartitions = partitions;
    $('partitions-card').hidden = !partitions;
    $('organs-note').textContent = partitions ? `(one consumer group each; totals over ${partitions.length} partitions)` : '(one consumer group each)';
    if (!partitions) return;
    if (!idleChosen) $('partitions-idle').checked = partitions.length <= SHOW_IDLE_UP_TO;
    const organs = [...new Set(partitions.flatMap((p) => p.organs.map((g) => g.organ)))];
    const busyCount = partitions.filter(busy).length;
    const showIdle = $('partitions-idle').checked;
    const idle = partitions.length - busyCount;
    $('partitions-summary').textContent = `${partitions.length} streams · ${busyCount} busy · ${idle} idle${showIdle || idle === 0 ? '' : ' (hidden)'}`;
    drawPartitionHead(organs);
    const shown = partitions.filter((p) => showIdle || busy(p));
    replaceRows($('partitions'), shown.map((p) => partitionRow(p, organs)), 'Every partition is idle: no lag, nothing pending.', 3 + 4 * organs.length);
  }

  function drawPartitionHead(organs) {
    const top = row([el('th', '#', { rowspan: '2' }), el('th', 'Stream', { rowspan: '2' }), el('th', 'Length', { rowspan: '2' }),
      ...organs.map((organ) => el('th', organ, { colspan: '4', class: 'organ' }))]);
    const names = [['Lag', 'entries of this partition not yet delivered to the organ'], ['Pending', 'delivered from this partition, not yet acknowledged'],
      ['Consumers', 'consumers of the organ\'s group on this partition'],
      ['Owner', 'the worker holding the organ\'s lease of this partition (per-key order: the one reading it); - when none does']];
    const sub = row(organs.flatMap(() => names.map(([name, title], i) => el('th', name, { title, ...(i === 0 ? { class: 'organ' } : {}) }))));
    $('partitions-head').replaceChildren(top, sub);
  }

  function partitionRow(p, organs) {
    const of = new Map(p.organs.map((g) => [g.organ, g]));
    const cells = [cell(p.index, 'index'), cell(p.key, 'key'), cell(p.length, 'length')];
    for (const organ of organs) {
      const g = of.get(organ);
      const at = (field, value, classes) => el('td', value, { 'data-field': field, 'data-organ': organ, ...(classes ? { class: classes } : {}) });
      const waits = (n) => (n !== 0 ? 'busy' : '');
      cells.push(
        at('lag', g ? (g.lag === null ? '?' : g.lag) : '-', `first ${g ? waits(g.lag) : ''}`.trim()),
        at('pending', g ? g.pending : '-', g ? waits(g.pending) : ''),
        at('consumers', g ? g.consumers : '-'),
        at('owner', g && g.owner !== null ? g.owner : '-', g && unowned(g) ? 'unowned' : ''),
      );
    }
    return row(cells, { 'data-testid': 'partition-row', 'data-partition': String(p.index) });
  }

  function drawChart(points, intervalMs) {
    const svg = $('chart');
    const ns = 'http://www.w3.org/2000/svg';
    const span = Math.max(points.length, 2) * intervalMs;
    const now = points.length > 0 ? points[points.length - 1].t : Date.now();
    const top = Math.max(1, ...points.map((p) => Math.max(p.delivered, p.failed)));
    const line = (key, cls) => {
      const path = document.createElementNS(ns, 'polyline');
      path.setAttribute('class', cls);
      path.setAttribute('points', points.map((p) => `${(600 * (1 - (now - p.t) / span)).toFixed(1)},${(115 - 110 * (p[key] / top)).toFixed(1)}`).join(' '));
      return path;
    };
    $('chart-top').textContent = rate(top);
    svg.replaceChildren(line('delivered', 'delivered'), line('failed', 'failed'));
  }

  function drawDeadLetterSummary(d) {
    const classes = Object.entries(d.byErrorClass).map(([name, n]) => `${name} ${n}`).join(', ');
    $('dl-summary').textContent = `${d.total}${d.complete ? '' : ' (counting…)'}${classes ? ` · ${classes}` : ''}`;
    fillSelect($('f-organ'), Object.keys(d.byOrgan));
    fillSelect($('f-error'), Object.keys(d.byErrorClass));
  }

  // Rebuilt only when the names change, so a list the user has open stays open.
  function fillSelect(select, names) {
    const chosen = select.value;
    const all = [...new Set([...names, ...(chosen ? [chosen] : [])])].sort();
    if (select.dataset.names === all.join('\n')) return;
    select.dataset.names = all.join('\n');
    select.replaceChildren(el('option', 'all', { value: '' }), ...all.map((name) => el('option', name, { value: name })));
    select.value = chosen;
  }

  // ---- dead letters --------------------------------------------------------------------------
  function filterQuery() {
    const params = new URLSearchParams();
    const add = (key, value) => { if (value) params.set(key, value); };
    add('organ', $('f-organ').value);
    add('errorClass', $('f-error').value);
    add('from', $('f-from').value && new Date($('f-from').value).toISOString());
    add('to', $('f-to').value && new Date($('f-to').value).toISOString());
    return params;
  }

  async function loadDeadLetters(fresh) {
    const params = filterQuery();
    if (!fresh && listCursor) params.set('cursor', listCursor);
    const page = await api(`/api/dead-letters?${params}`);
    const rows = page.items.map(letterRow);
    if (fresh) replaceRows($('dead-letters'), rows, 'No dead letters.', 7);
    else $('dead-letters').append(...rows);
    listCursor = page.nextCursor;
    $('more').hidden = listCursor === null;
    const organ = $('f-organ').value;
    $('replay-organ').disabled = !organ;
    $('purge-organ').disabled = !organ;
  }

  function letterRow(l) {
    const buttons = el('td');
    buttons.append(button('Inspect', () => inspect(l.id), 'inspect'));
    if (actionsEnabled()) {
      buttons.append(button('Replay', () => act('replay', { id: l.id }, `Replay dead letter ${l.id} to ${l.organ || 'its organ'}?`), 'replay', 'action'));
      buttons.append(button('Purge', () => act('purge', { id: l.id }, `Delete dead letter ${l.id} for good?`), 'purge', 'action danger'));
    }
    return row([
      cell(l.id, 'id'), cell(l.organ || '-', 'organ'), cell(l.eventType || '(undecodable)', 'event-type'), cell(l.attempts, 'attempts'),
      cell(l.failedAt ? new Date(l.failedAt).toLocaleString() : '', 'failed-at'), cell(`${l.error.name}: ${l.error.message}`, 'error', 'message'), buttons,
    ], { 'data-testid': 'dead-letter-row', 'data-id': l.id });
  }

  function button(text, onClick, testid, cls) {
    const b = el('button', text, { type: 'button', 'data-testid': testid, ...(cls ? { class: cls } : {}) });
    b.addEventListener('click', onClick);
    return b;
  }

  async function inspect(id) {
    try {
      const letter = await api(`/api/dead-letters/${encodeURIComponent(id)}`);
      $('inspect-id').textContent = id;
      $('inspect-body').textContent = JSON.stringify(letter, null, 2);
      $('inspect').showModal();
    } catch (error) {
      message(error.message, true);
    }
  }

  function confirmed(text) {
    return new Promise((resolve) => {
      const dialog = $('confirm');
      $('confirm-text').textContent = text;
      const done = (answer) => () => {
        $('confirm-yes').onclick = null;
        $('confirm-no').onclick = null;
        dialog.close();
        resolve(answer);
      };
      $('confirm-yes').onclick = done(true);
      $('confirm-no').onclick = done(false);
      dialog.showModal();
    });
  }

  async function act(action, selection, question) {
    if (!(await confirmed(question))) return;
    try {
      const result = await api(`/api/dead-letters/${action}`, selection);
      const refused = result.refused && result.refused.length > 0 ? `; ${result.refused.length} cannot be replayed and stay` : '';
      message(action === 'replay' ? `Replayed ${result.replayed} dead letter(s)${refused}.` : `Deleted ${result.deleted} dead letter(s).`, false);
    } catch (error) {
      message(`${action} failed: ${error.message}`, true);
    }
    lastTotal = -1;
    await poll();
  }

  function message(text, bad) {
    const note = $('dl-message');
    note.textContent = text;
    note.className = bad ? 'note bad' : 'note';
    note.hidden = false;
  }

  function actionsEnabled() {
    return config.actions === 'enabled';
  }

  const NOTES = {
    'read-only': 'Read-only dashboard (--read-only): dead letters can be inspected, not replayed or purged.',
    'no-token': 'Actions are off: restart necro dashboard with --token (or NECRO_DASHBOARD_TOKEN) to replay and purge from here.',
  };

  // ---- start ---------------------------------------------------------------------------------
  async function start() {
    try {
      config = await api('/api/config');
    } catch {
      return;
    }
    $('token-form').hidden = true;
    $('main').hidden = false;
    $('backend').textContent = config.backend;
    $('stream').textContent = config.stream;
    document.body.classList.toggle('no-actions', !actionsEnabled());
    if (!actionsEnabled()) {
      for (const node of document.querySelectorAll('.action')) node.remove();
      $('actions-note').textContent = NOTES[config.actions];
      $('actions-note').hidden = false;
    }
    await poll();
  }

  function wire() {
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('token-input').value);
      $('token-input').value = '';
      void start();
    });
    $('dl-filters').addEventListener('submit', (event) => {
      event.preventDefault();
      void loadDeadLetters(true).catch((error) => message(error.message, true));
    });
    $('partitions-idle').addEventListener('change', () => {
      idleChosen = true;
      if (lastPartitions) drawPartitions(lastPartitions);
    });
    $('more').addEventListener('click', () => void loadDeadLetters(false).catch((error) => message(error.message, true)));
    const organAction = (action, verb) => () => {
      const organ = $('f-organ').value;
      void act(action, { organ }, `${verb} every dead letter of organ ${organ}?`);
    };
    $('replay-organ').addEventListener('click', organAction('replay', 'Replay'));
    $('purge-organ').addEventListener('click', organAction('purge', 'Delete'));
    $('replay-all').addEventListener('click', () => void act('replay', { all: true }, 'Replay every dead letter, each to the organ that failed it?'));
    $('purge-all').addEventListener('click', () => void act('purge', { all: true }, 'Delete every dead letter for good?'));
  }

  tokenFromAddress();
  wire();
  void start();
})();
