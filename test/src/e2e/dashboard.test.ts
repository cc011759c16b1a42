/**
 * The node's dashboard as an operator sees it, in headless Chromium: real NATS, admin and node
 * processes; the page asks for the API key, then shows live numbers that move when queries
 * arrive and the change an admin just made. Screenshots go to test/artifacts/.
 */
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { AdminProcess, NatsServer, query, waitFor } from '../harness/index.js';
import { startWebNode, WEB_KEY, type WebNode } from '../integration/ops-support.js';
import { ARTIFACTS, chromiumInstalled, openBrowser, waitForText } from './browser.js';

const test = anyTest as TestFn<{ nats: NatsServer; admin: AdminProcess; n: WebNode }>;

test.before(async (t) => {
  const nats = await NatsServer.start();
  const admin = await AdminProcess.start(nats.url, { env: { SHOAL_FLEET_WEB_LISTEN: 'off' } });
  const n = await startWebNode(nats.url, { nodeId: 'dash-1', region: 'eu-west' });
  t.context = { nats, admin, n };
  const client = admin.client();
  await client.createZone({
    name: 'dash.test',
    nameservers: ['ns1.dash.test.'],
    rrsets: [
      { name: 'ns1', type: 'A', ttl: 300, records: ['192.0.2.53'] },
      { name: 'www', type: 'A', ttl: 300, records: ['192.0.2.80'] },
    ],
    options: { requestId: 'dash-create', reason: 'dashboard test' },
  });
  client.close();
  await waitFor(
    'served',
    async () => (await query('www.dash.test', 'A', { port: n.node.dnsPort })).answers.length === 1,
  );
});

test.after.always(async (t) => {
  await t.context.n?.node.dispose();
  await t.context.admin?.dispose();
  await t.context.nats?.dispose();
});

const number = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));

(chromiumInstalled() ? test.serial : test.serial.skip)(
  'the dashboard shows live numbers and recent changes, from the node alone',
  async (t) => {
    const { n, admin } = t.context;
    const origin = new URL(n.web).origin;
    const browser = await openBrowser();
    try {
      const page = await browser.context.newPage();
      const foreign: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(origin)) foreign.push(r.url());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error' && !/401/.test(m.text())) errors.push(m.text());
      });

      // No key yet: the page asks for it and shows no data.
      await page.goto(`${n.web}/`);
      await page.locator('#login').waitFor({ state: 'visible' });
      t.true(await page.locator('#main').isHidden());
      await page.fill('#api-key', WEB_KEY);
      await page.click('#login button');
      await page.locator('#main').waitFor({ state: 'visible' });

      await waitForText(page, '#ready', (s) => s === 'ready');
      t.is(await page.textContent('#node-id'), 'dash-1');
      t.regex((await page.textContent('#region')) ?? '', /eu-west/);
      await waitForText(page, '#changes', (s) => /created/i.test(s));

      // Traffic moves the numbers within a couple of seconds (server-sent events, one a second).
      const before = number(await page.textContent('#total-queries'));
      for (let i = 0; i < 64; i++) await query('www.dash.test', 'A', { port: n.node.dnsPort });
      await waitForText(page, '#total-queries', (s) => number(s) >= before + 64, 5000);
      await waitForText(page, '#top-names', (s) => s.includes('www.dash.test.'));
      await waitForText(page, '#top-types', (s) => s.includes('A'));
      await waitForText(page, '#cache-hit-rate', (s) => s.includes('%'));
      t.true(number(await page.textContent('#qps-10s')) > 0, 'a rate over the last ten seconds');
      t.true(number(await page.textContent('#applied')) >= 1);
      t.is(await page.textContent('#lag-events'), '0');

      // A change made through the admin appears at once, with its records, actor and reason.
      const client = admin.client();
      await client.replaceRRset({
        zone: 'dash.test',
        rrset: { name: 'www', type: 'A', ttl: 60, records: ['192.0.2.81'] },
        options: { requestId: 'dash-change', reason: 'move www' },
      });
      client.close();
      await waitForText(page, '#changes', (s) => s.includes('192.0.2.81'), 5000);
      const latest = (await page.locator('#changes li').first().textContent()) ?? '';
      t.regex(latest, /updated/i);
      t.regex(latest, /move www/);
      t.regex(latest, /\+ www\.dash\.test\. 60 A 192\.0\.2\.81/);
      t.regex(latest, /− www\.dash\.test\. 300 A 192\.0\.2\.80/);

      await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
      t.deepEqual(foreign, [], 'nothing is loaded from anywhere but the node');
      t.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  },
);
