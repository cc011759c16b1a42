const $ = (id) => document.getElementById(id);
const history = [];
const HISTORY = 120;

function fmt(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function ms(v) {
  if (v === null || v === undefined) return '–';
  return v < 1 ? `${fmt(v * 1000, 0)} µs` : `${fmt(v, 2)} ms`;
}

function duration(s) {
  if (s < 120) return `${fmt(s)} s`;
  if (s < 7200) return `${fmt(s / 60)} min`;
  if (s < 172800) return `${fmt(s / 3600, 1)} h`;
  return `${fmt(s / 86400, 1)} d`;
}

function setText(id, text) {
  const el = $(id);
  if (el && el.textContent !== text) el.textContent = text;
}

function table(id, rows, label) {
  const body = $(id).tBodies[0];
  const max = rows.reduce((m, r) => Math.max(m, r.count), 1);
  body.replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement('tr');
      const name = document.createElement('td');
      name.className = 'name';
      name.textContent = r[label];
      name.title = r[label];
      const count = document.createElement('td');
      count.className = 'count';
      count.textContent = fmt(r.count);
      const bar = document.createElement('td');
      bar.className = 'bar';
      const span = document.createElement('span');
      span.style.width = `${Math.max(2, (r.count / max) * 100)}%`;
      bar.append(span);
      tr.append(name, count, bar);
      return tr;
    }),
  );
}

function chart() {
  const canvas = $('qps-chart');
  const ctx = canvas.getContext('2d');
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const max = Math.max(1, ...history);
  ctx.beginPath();
  history.forEach((v, i) => {
    const x = (i / (HISTORY - 1)) * w;
    const y = h - 2 - (v / max) * (h - 6);
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.strokeStyle = '#4fb3ff';
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

function renderStats(s) {
  setText('node-id', s.node);
  setText('region', `region ${s.region}`);
  setText('uptime', duration(s.uptime_seconds));
  setText('zones', fmt(s.zones));
  const badge = $('ready');
  badge.className = `badge ${s.ready ? 'ready' : 'not-ready'}`;
  badge.textContent = s.ready ? 'ready' : 'not ready';
  const reasons = $('reasons');
  reasons.hidden = s.ready;
  reasons.textContent = s.reasons.join(' · ');
  setText('qps', fmt(s.qps, s.qps < 10 ? 1 : 0));
  setText('qps-10s', fmt(s.qps_10s, 1));
  setText('total-queries', fmt(s.queries));
  setText('latency-p50', ms(s.latency_ms.p50));
  setText('latency-p90', ms(s.latency_ms.p90));
  setText('latency-p99', ms(s.latency_ms.p99));
  setText('cache-hit-rate', s.cache_hit_rate === null ? '–' : `${fmt(s.cache_hit_rate * 100, 1)} %`);
  const c = s.packet_cache || {};
  setText('cache-hits', fmt(c.hits));
  setText('cache-misses', fmt(c.misses));
  setText('cache-entries', fmt(c.entries));
  setText('lag-events', fmt(s.lag_events));
  setText('applied', fmt(s.applied_sequence));
  setText('stream-last', fmt(s.stream_last_sequence));
  setText('lag-seconds', `${fmt(s.lag_seconds, 1)} s`);
  setText('nats', s.nats_connected ? 'connected' : 'disconnected');
  table('top-names', s.top_names, 'name');
  table('top-types', s.top_types, 'type');
  table('rcodes', s.rcodes, 'rcode');
  history.push(s.qps);
  while (history.length > HISTORY) history.shift();
  while (history.length < HISTORY) history.unshift(0);
  chart();
  setText('updated', `updated ${new Date(s.t).toLocaleTimeString()}`);
}

function changeItem(c, fresh) {
  const li = document.createElement('li');
  if (fresh) li.className = 'fresh';
  const head = document.createElement('div');
  head.className = 'head';
  const parts = [
    ['kind', c.kind],
    ['zone', c.zone],
    [
      'serial',
      c.fromSerial !== undefined
        ? `serial ${c.fromSerial} → ${c.toSerial}`
        : c.toSerial !== undefined
          ? `serial ${c.toSerial}`
          : '',
    ],
    ['seq', `#${c.sequence}`],
    ['who', [c.actor, c.reason].filter(Boolean).join(': ')],
    ['when', new Date(c.timeMs).toLocaleTimeString()],
  ];
  for (const [cls, text] of parts) {
    if (!text) continue;
    const span = document.createElement('span');
    span.className = cls;
    span.textContent = text;
    head.append(span);
  }
  li.append(head);
  for (const [cls, list, sign] of [
    ['del', c.removed, '−'],
    ['add', c.added, '+'],
  ]) {
    for (const rr of list) {
      const div = document.createElement('div');
      div.className = `rr ${cls}`;
      div.textContent = `${sign} ${rr}`;
      li.append(div);
    }
  }
  return li;
}

function renderChanges(list, fresh) {
  const ol = $('changes');
  const items = list.map((c) => changeItem(c, fresh));
  if (fresh) ol.prepend(...items);
  else ol.replaceChildren(...items);
  while (ol.children.length > 50) ol.lastChild.remove();
  $('no-changes').hidden = ol.children.length > 0;
}

function connect() {
  const events = new EventSource('/api/v1/events');
  events.addEventListener('stats', (e) => renderStats(JSON.parse(e.data)));
  events.addEventListener('changes', (e) => renderChanges(JSON.parse(e.data), false));
  events.addEventListener('change', (e) => renderChanges(JSON.parse(e.data).reverse(), true));
  events.onerror = () => {
    const badge = $('ready');
    badge.className = 'badge unknown';
    badge.textContent = 'reconnecting…';
  };
}

async function start() {
  const res = await fetch('/api/v1/status', { credentials: 'same-origin' });
  if (res.status === 401) {
    $('main').hidden = true;
    $('login').hidden = false;
    $('login-form').addEventListener('submit', (e) => {
      e.preventDefault();
      // biome-ignore lint/suspicious/noDocumentCookie: the key is all this page stores; CookieStore is not in every browser.
      document.cookie = `shoal_api_key=${encodeURIComponent($('api-key').value)}; path=/; SameSite=Strict`;
      location.reload();
    });
    return;
  }
  const status = await res.json();
  renderStats(status);
  renderChanges(status.changes, false);
  connect();
}

start().catch((err) => {
  setText('reasons', String(err));
  $('reasons').hidden = false;
});
