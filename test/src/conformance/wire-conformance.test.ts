import { readdirSync, readFileSync } from 'node:fs';
import { Catalog, Responder, Zone } from '@shoal/authority';
import { decodeMessage, type Message, Name, parseZoneText, type ResourceRecord } from '@shoal/dns-wire';
import { type DnsFrontend, startDnsFrontend } from '@shoal/node/frontend';
import test from 'ava';
import { dig, tcpExchange, udpExchange } from '../harness/index.js';
import { type DifferentialQuery, readCorpus, ZONE_DIRECTORY } from '../interop/pdns-differential-corpus.js';
import { buildDifferentialQuery } from '../interop/pdns-differential-exchange.js';

/**
 * Wire-level rules checked on every reply to the whole differential corpus,
 * through the front end: sizes (RFC 1035 §4.2.1, RFC 6891 §6.2.5), echoed
 * header fields (RFC 1035 §4.1.1), OPT presence (RFC 6891 §7), whole RRsets
 * only (RFC 2181 §9), and TC answered in full over TCP (RFC 7766 §5).
 */

function loadCatalog(): Catalog {
  const catalog = new Catalog();
  for (const file of readdirSync(ZONE_DIRECTORY).filter((f) => f.endsWith('.zone'))) {
    const origin = Name.parse(`${file.slice(0, -'.zone'.length)}.`);
    const zone = new Zone(origin);
    for (const rr of parseZoneText(readFileSync(`${ZONE_DIRECTORY}${file}`, 'utf8'), {
      origin,
      fileName: file,
    })) {
      zone.addRecord(rr);
    }
    catalog.set(zone);
  }
  return catalog;
}

interface Exchange {
  q: DifferentialQuery;
  query: Message;
  size: number;
  reply: Message;
  overTcp: Message;
}

let frontend: DnsFrontend;
let exchanges: Exchange[];

test.before(async () => {
  frontend = await startDnsFrontend({
    port: 0,
    responder: new Responder(loadCatalog(), { nsid: new TextEncoder().encode('conformance') }),
  });
  exchanges = [];
  let id = 1;
  for (const q of readCorpus()) {
    const bytes = buildDifferentialQuery(q, id++);
    const port = frontend.udpPort!;
    const raw = q.variant === 'tcp' ? await tcpExchange(bytes, port) : await udpExchange(bytes, port);
    const tcp = await tcpExchange(bytes, port);
    if (raw === undefined || tcp === undefined)
      throw new Error(`no reply to ${q.qname} ${q.qtype} ${q.variant}`);
    exchanges.push({
      q,
      query: decodeMessage(bytes),
      size: raw.length,
      reply: decodeMessage(raw),
      overTcp: decodeMessage(tcp),
    });
  }
});

test.after.always(async () => {
  await frontend?.close();
});

function limitOf(e: Exchange): number {
  if (e.q.variant === 'tcp') return 65535;
  if (e.query.edns === undefined) return 512;
  return Math.min(1232, Math.max(512, e.query.edns.udpPayloadSize));
}

test('every reply fits the size the client can take', (t) => {
  const over = exchanges
    .filter((e) => e.size > limitOf(e))
    .map((e) => `${e.q.qname} ${e.q.qtype} ${e.q.variant}`);
  t.deepEqual(over, []);
  t.true(exchanges.length >= 400);
});

test('ID, opcode, RD and the question are echoed; QR is set; RA is not', (t) => {
  for (const { q, query, reply } of exchanges) {
    const where = `${q.qname} ${q.qtype} ${q.variant}`;
    t.true(reply.qr, where);
    t.false(reply.ra, where);
    t.is(reply.id, query.id, where);
    t.is(reply.opcode, query.opcode, where);
    t.is(reply.rd, query.rd, where);
    t.is(reply.questions.length, 1, where);
    t.is(reply.questions[0].name.toString(), query.questions[0].name.toString(), where);
    t.is(reply.questions[0].type, query.questions[0].type, where);
    t.is(reply.questions[0].class, query.questions[0].class, where);
  }
});

test('OPT in the reply exactly when the query had one, version 0, DO echoed', (t) => {
  for (const { q, query, reply } of exchanges) {
    const where = `${q.qname} ${q.qtype} ${q.variant}`;
    t.is(reply.edns !== undefined, query.edns !== undefined, where);
    if (reply.edns && query.edns) {
      t.is(reply.edns.version, 0, where);
      t.is(reply.edns.dnssecOk, query.edns.dnssecOk, where);
    }
  }
});

test('a truncated reply carries no records, and TCP gives the whole answer', (t) => {
  const truncated = exchanges.filter((e) => e.reply.tc);
  t.true(truncated.length > 10, 'the corpus exercises truncation');
  for (const { q, reply, overTcp } of truncated) {
    const where = `${q.qname} ${q.qtype} ${q.variant}`;
    t.is(reply.answers.length + reply.authorities.length + reply.additionals.length, 0, where);
    t.false(overTcp.tc, where);
  }
});

test('RRsets are whole: what a UDP reply holds, the TCP reply holds too', (t) => {
  const key = (rr: ResourceRecord) => `${rr.name.toString().toLowerCase()}/${rr.type}`;
  const sets = (records: readonly ResourceRecord[]) => {
    const out = new Map<string, number>();
    for (const rr of records) out.set(key(rr), (out.get(key(rr)) ?? 0) + 1);
    return out;
  };
  for (const { q, reply, overTcp } of exchanges) {
    if (q.qtype === 'ANY') continue;
    const where = `${q.qname} ${q.qtype} ${q.variant}`;
    for (const section of ['answers', 'authorities', 'additionals'] as const) {
      const full = sets(overTcp[section]);
      for (const [name, count] of sets(reply[section]))
        t.is(count, full.get(name) ?? 0, `${where} ${section} ${name}`);
    }
  }
});

test('dig reads our replies: a TCP AXFR is refused, a TC reply is retried over TCP', async (t) => {
  const port = String(frontend.tcpPort);
  const axfr = await dig(['@127.0.0.1', '-p', port, 'example.test', 'AXFR']);
  t.regex(axfr, /Transfer failed/);
  const retried = await dig(['@127.0.0.1', '-p', port, '+norec', '+noedns', 'bigtxt.big.test', 'TXT']);
  t.regex(retried, /Truncated, retrying in TCP mode/);
  t.regex(retried, /ANSWER: 30,/);
  const nsid = await dig(['@127.0.0.1', '-p', port, '+norec', '+nsid', 'www.example.test', 'A']);
  t.regex(nsid, /NSID: .*\("conformance"\)/);
});
