/**
 * The admin's fleet page in headless Chromium: three nodes in two regions, their health from
 * the heartbeats, and a node that stops turning "down".
 */
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { AdminProcess, freePort, NatsServer, NodeProcess, TEST_TOKEN } from '../harness/index.js';
import { ARTIFACTS, chromiumInstalled, openBrowser, waitForText } from './browser.js';

const test = anyTest as TestFn<{ nats: NatsServer; admin: AdminProcess; nodes: NodeProcess[]; page: string }>;

test.before(async (t) => {
  const nats = await NatsServer.start();
  const pagePort = await freePort();
  const admin = await AdminProcess.start(nats.url, {
    env: { SHOAL_FLEET_WEB_LISTEN: `127.0.0.1:${pagePort}` },
  });
  const nodes = await Promise.all(
    [
      ['fleet-a', 'eu-west'],
      ['fleet-b', 'eu-west'],
      ['fleet-c', 'us-east'],
    ].map(([nodeId, region]) =>
      NodeProcess.start(nats.url, { nodeId, region, env: { SHOAL_WEB_LISTEN: 'off' } }),
    ),
  );
  t.context = { nats, admin, nodes, page: `http://127.0.0.1:${pagePort}` };
});

test.after.always(async (t) => {
  for (const n of t.context.nodes ?? []) await n.dispose();
  await t.context.admin?.dispose();
  await t.context.nats?.dispose();
});

(chromiumInstalled() ? test.serial : test.serial.skip)(
  'the fleet page lists every node with its region and health, live',
  async (t) => {
    const { page: url, nodes } = t.context;
    const browser = await openBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${url}/fleet`);
      await page.locator('#login').waitFor({ state: 'visible' });
      await page.fill('#token', TEST_TOKEN);
      await page.click('#login button');
      await page.locator('#nodes tbody tr').nth(2).waitFor();
      await waitForText(page, '#total-ready', (s) => s === '3');
      const rows = await page.$$eval('#nodes tbody tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)),
      );
      t.deepEqual(rows, [
        ['fleet-a', 'eu-west', 'ok'],
        ['fleet-b', 'eu-west', 'ok'],
        ['fleet-c', 'us-east', 'ok'],
      ]);
      const regions = await page.$$eval('#regions tbody tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)),
      );
      t.deepEqual(regions, [
        ['eu-west', '2'],
        ['us-east', '1'],
      ]);
      await page.screenshot({ path: join(ARTIFACTS, 'fleet.png'), fullPage: true });

      // A node that stops sending heartbeats turns "down" within the live window (5 s).
      await nodes[2].stop();
      await waitForText(page, '#nodes tr[data-node="fleet-c"] .health', (s) => s === 'down', 15_000);
      t.is(await page.textContent('#total-ready'), '2');
    } finally {
      await browser.close();
    }
  },
);
