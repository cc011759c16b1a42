const $ = (id) => document.getElementById(id);
const fmt = (n, d = 0) =>
  Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function cell(text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function render(v) {
  $('total-ready').textContent = fmt(v.totals.ready);
  $('total-nodes').textContent = fmt(v.totals.nodes);
  $('total-qps').textContent = fmt(v.totals.qps, 1);
  $('stream-last').textContent = fmt(v.stream_last_sequence);
  $('regions').tBodies[0].replaceChildren(
    ...v.regions.map((r) => {
      const tr = document.createElement('tr');
      tr.append(
        cell(r.region),
        cell(fmt(r.nodes), 'num'),
        cell(fmt(r.live), 'num'),
        cell(fmt(r.ready), 'num'),
        cell(fmt(r.qps, 1), 'num'),
        cell(fmt(r.max_lag_events), 'num'),
      );
      return tr;
    }),
  );
  $('nodes').tBodies[0].replaceChildren(
    ...v.nodes.map((n) => {
      const tr = document.createElement('tr');
      tr.dataset.node = n.node_id;
      if (!n.live) tr.className = 'down';
      const health = document.createElement('td');
      const badge = document.createElement('span');
      badge.className = `health ${n.health}`;
      badge.textContent = n.health;
      health.append(badge);
      tr.append(
        cell(n.node_id),
        cell(n.region),
        health,
        cell(fmt(n.applied_sequence), 'num'),
        cell(fmt(n.lag_events), 'num'),
        cell(fmt(n.qps, 1), 'num'),
        cell(n.nats_connected ? 'connected' : 'disconnected'),
        cell(`${fmt(n.last_seen_seconds, 1)} s ago`),
      );
      return tr;
    }),
  );
  $('empty').hidden = v.nodes.length > 0;
  $('updated').textContent = `updated ${new Date(v.generated_unix_ms).toLocaleTimeString()}`;
  $('state').className = 'badge live';
  $('state').textContent = 'live';
}

async function start() {
  const res = await fetch('/api/v1/fleet', { credentials: 'same-origin' });
  if (res.status === 401) {
    $('main').hidden = true;
    $('login').hidden = false;
    $('login-form').addEventListener('submit', (e) => {
      e.preventDefault();
      // biome-ignore lint/suspicious/noDocumentCookie: the key is all this page stores; CookieStore is not in every browser.
      document.cookie = `shoal_fleet_key=${encodeURIComponent($('token').value)}; path=/; SameSite=Strict`;
      location.reload();
    });
    return;
  }
  render(await res.json());
  const events = new EventSource('/api/v1/fleet/events');
  events.addEventListener('fleet', (e) => render(JSON.parse(e.data)));
  events.onerror = () => {
    $('state').className = 'badge';
    $('state').textContent = 'reconnecting…';
  };
}

start();
