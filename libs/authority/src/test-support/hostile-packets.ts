/**
 * Malformed and hostile query packets for robustness tests, generated from a seed so that a
 * failure found once is found again: valid queries, hand-made boundary cases of the wire format,
 * and random mutations of the valid queries. No dependency beyond the wire codec: the cases
 * must not inherit the blind spots of the encoder they are meant to break.
 */
import { EdnsOptionCode, Name, Opcode, RRClass, RRType } from '@shoal/dns-wire';

/** mulberry32: tiny, fast and good enough to spread mutations; same seed, same packets. */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  bytes(n: number): number[] {
    return Array.from({ length: n }, () => this.int(256));
  }
}

export interface HostilePacket {
  /** How the packet was made, to tell a failing case apart in a report. */
  label: string;
  bytes: Uint8Array;
}

const HEADER = 12;

// ---- Building blocks. Plain number arrays: every length and count is ours to get wrong. ----

export interface HeaderFields {
  id?: number;
  qr?: boolean;
  opcode?: number;
  rd?: boolean;
  cd?: boolean;
  /** The low four bits of the flags (RCODE), which a query should leave at 0. */
  rcode?: number;
  qd?: number;
  an?: number;
  ns?: number;
  ar?: number;
}

export function header(h: HeaderFields = {}): number[] {
  const id = h.id ?? 0x1234;
  const b2 = (h.qr ? 0x80 : 0) | ((h.opcode ?? Opcode.QUERY) << 3) | (h.rd ? 1 : 0);
  const b3 = (h.cd ? 0x10 : 0) | ((h.rcode ?? 0) & 0xf);
  return [
    id >> 8,
    id & 0xff,
    b2,
    b3,
    ...u16(h.qd ?? 1),
    ...u16(h.an ?? 0),
    ...u16(h.ns ?? 0),
    ...u16(h.ar ?? 0),
  ];
}

export function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

export function nameWire(text: string): number[] {
  return [...Name.parse(text).toWire()];
}

export function question(name: number[], type: number, klass: number = RRClass.IN): number[] {
  return [...name, ...u16(type), ...u16(klass)];
}

export interface OptFields {
  payload?: number;
  extendedRcode?: number;
  version?: number;
  dnssecOk?: boolean;
  /** The other flag bits (Z), which a query should leave at 0. */
  z?: number;
  options?: readonly (readonly [number, readonly number[]])[];
  /** The owner as octets; the root unless given. */
  owner?: number[];
  /** RDLENGTH as written, whatever the options add up to. */
  rdlength?: number;
}

export function opt(o: OptFields = {}): number[] {
  const rdata: number[] = [];
  for (const [code, data] of o.options ?? []) rdata.push(...u16(code), ...u16(data.length), ...data);
  const flags = (o.dnssecOk ? 0x8000 : 0) | ((o.z ?? 0) & 0x7fff);
  return [
    ...(o.owner ?? [0]),
    ...u16(RRType.OPT),
    ...u16(o.payload ?? 1232),
    o.extendedRcode ?? 0,
    o.version ?? 0,
    ...u16(flags),
    ...u16(o.rdlength ?? rdata.length),
    ...rdata,
  ];
}

export function record(name: number[], type: number, klass: number, ttl: number, rdata: number[]): number[] {
  return [
    ...name,
    ...u16(type),
    ...u16(klass),
    ...u16(ttl >>> 16),
    ...u16(ttl & 0xffff),
    ...u16(rdata.length),
    ...rdata,
  ];
}

/** A TSIG record (RFC 8945 §4.2) whose fields are well laid out; the MAC is whatever is given. */
export function tsig(keyName: string, mac: number[], originalId = 0x1234): number[] {
  const rdata = [
    ...nameWire('hmac-sha256.'),
    ...[0, 0, 0x65, 0x00, 0x00, 0x00], // time signed, 48 bits
    ...u16(300),
    ...u16(mac.length),
    ...mac,
    ...u16(originalId),
    ...u16(0),
    ...u16(0),
  ];
  return record(nameWire(keyName), RRType.TSIG, RRClass.ANY, 0, rdata);
}

const bytes = (parts: readonly number[]): Uint8Array => Uint8Array.from(parts);

// ---- Valid queries, the raw material of the mutations. ----

export interface SeedOptions {
  /** Names to ask about: some served, some not. */
  names: readonly string[];
}

const QTYPES = [
  RRType.A,
  RRType.AAAA,
  RRType.NS,
  RRType.SOA,
  RRType.MX,
  RRType.TXT,
  RRType.CNAME,
  RRType.PTR,
  RRType.SRV,
  RRType.CAA,
  RRType.DNAME,
  RRType.DS,
  RRType.DNSKEY,
  RRType.RRSIG,
  RRType.NSEC,
  RRType.NSEC3,
  RRType.ANY,
  RRType.AXFR,
  RRType.IXFR,
  RRType.OPT,
  0,
  0xff00,
  0xffff,
];

const CLASSES = [
  RRClass.IN,
  RRClass.IN,
  RRClass.IN,
  RRClass.CH,
  RRClass.ANY,
  RRClass.NONE,
  RRClass.HS,
  0,
  0xffff,
];

const PAYLOADS = [0, 1, 511, 512, 513, 1232, 1400, 4096, 65535];

/** EDNS options as clients send them, and as no client should. */
const OPTION_SETS: readonly (readonly (readonly [number, readonly number[]])[])[] = [
  [],
  [[EdnsOptionCode.NSID, []]],
  [[EdnsOptionCode.COOKIE, [1, 2, 3, 4, 5, 6, 7, 8]]],
  [[EdnsOptionCode.COOKIE, Array.from({ length: 24 }, (_, i) => i)]],
  [
    [EdnsOptionCode.NSID, []],
    [EdnsOptionCode.COOKIE, [8, 7, 6, 5, 4, 3, 2, 1]],
  ],
  [[EdnsOptionCode.TCP_KEEPALIVE, []]],
  [[EdnsOptionCode.PADDING, new Array(40).fill(0)]],
  [[EdnsOptionCode.CLIENT_SUBNET, [0, 1, 24, 0, 192, 0, 2]]],
  [[0xfde9, [0xde, 0xad, 0xbe, 0xef]]],
  [
    [0xffff, []],
    [EdnsOptionCode.NSID, []],
    [EdnsOptionCode.EXPIRE, []],
  ],
];

/** One valid query; `rng` chooses the question, flags and EDNS. */
export function validQuery(rng: Rng, names: readonly string[]): HostilePacket {
  const name = rng.pick(names);
  const type = rng.chance(0.7) ? rng.pick(QTYPES.slice(0, 10)) : rng.pick(QTYPES);
  const klass = rng.chance(0.8) ? RRClass.IN : rng.pick(CLASSES);
  const edns = rng.chance(0.7);
  const optFields: OptFields = {
    payload: rng.pick(PAYLOADS),
    dnssecOk: rng.chance(0.5),
    options: rng.pick(OPTION_SETS),
  };
  const id = rng.int(0x10000);
  const parts = [
    ...header({ id, rd: rng.chance(0.5), cd: rng.chance(0.2), ar: edns ? 1 : 0 }),
    ...question(nameWire(name), type, klass),
    ...(edns ? opt(optFields) : []),
  ];
  const optText = edns ? ` +edns(${optFields.payload}${optFields.dnssecOk ? ',do' : ''})` : '';
  return { label: `valid ${name} ${type}/${klass}${optText}`, bytes: bytes(parts) };
}

// ---- Hand-made boundary cases of the wire format. ----

/** A name of `labels` labels of `length` octets each ('a'...). */
function longName(labels: number, length: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < labels; i++) out.push(length, ...new Array(length).fill(0x61 + (i % 26)));
  out.push(0);
  return out;
}

/** A name of whole labels of exactly `wire` octets, root included (wire >= 3). */
function nameOfWireLength(wire: number): number[] {
  const out: number[] = [];
  let left = wire - 1;
  while (left > 0) {
    let length = Math.min(63, left - 1);
    // One octet left over could not hold a label: leave two for a last one-octet label.
    if (left - (length + 1) === 1) length--;
    out.push(length, ...new Array(length).fill(0x62));
    left -= length + 1;
  }
  out.push(0);
  return out;
}

export function craftedPackets(): HostilePacket[] {
  const cases: HostilePacket[] = [];
  const add = (label: string, parts: readonly number[]) => cases.push({ label, bytes: bytes(parts) });
  const www = nameWire('www.example.test.');
  const q = (name: number[], type: number = RRType.A, klass: number = RRClass.IN) =>
    question(name, type, klass);

  // Too short for a header, and responses: never answered.
  for (let n = 0; n < HEADER; n++) add(`runt of ${n} octets`, header().slice(0, n));
  add('response (QR=1) to a query of ours', [...header({ qr: true }), ...q(www)]);
  add('response with every bit set', new Array(64).fill(0xff));
  add('bare header, QR=1', header({ qr: true, qd: 0 }));

  // Counts that do not match the packet.
  add('header only, qdcount 0', header({ qd: 0 }));
  add('header only, qdcount 1', header());
  add('header only, every count 0xffff', header({ qd: 0xffff, an: 0xffff, ns: 0xffff, ar: 0xffff }));
  add('qdcount 2, one question', [...header({ qd: 2 }), ...q(www)]);
  add('qdcount 2, two questions', [...header({ qd: 2 }), ...q(www), ...q(www, RRType.AAAA)]);
  add('qdcount 0xffff', [...header({ qd: 0xffff }), ...q(www)]);
  add('ancount 0xffff', [...header({ an: 0xffff }), ...q(www)]);
  add('arcount 0xffff with an OPT', [...header({ ar: 0xffff }), ...q(www), ...opt()]);
  add('an answer record in a query', [
    ...header({ an: 1 }),
    ...q(www),
    ...record([0xc0, 0x0c], RRType.A, RRClass.IN, 300, [192, 0, 2, 1]),
  ]);
  add('an authority record in a query', [
    ...header({ ns: 1 }),
    ...q(www),
    ...record(nameWire('example.test.'), RRType.SOA, RRClass.IN, 300, [0, 0]),
  ]);

  // Question names: compression pointers (RFC 1035 §4.1.4), which a question could carry.
  add('pointer to itself', [...header(), 0xc0, 0x0c, ...u16(RRType.A), ...u16(RRClass.IN)]);
  add('label then pointer back to it', [...header(), 1, 0x61, 0xc0, 0x0c, ...u16(1), ...u16(1)]);
  add('pointer forward', [...header(), 0xc0, 0x12, 0, ...u16(1), ...u16(1), 0, 0, 0]);
  add('pointer past the end', [...header(), 0xff, 0xff, ...u16(1), ...u16(1)]);
  add('pointer cut after its first octet', [...header(), 1, 0x61, 0xc0]);
  for (let target = 0; target < HEADER; target++)
    add(`pointer into the header at ${target}`, [...header(), 0xc0, target, ...u16(1), ...u16(1)]);
  // The ID spells the label "a" and the flags octet the root: a pointer to 0 reads "a.".
  add('pointer to a name hidden in the header', [
    ...header({ id: 0x0161, opcode: 0 }),
    0xc0,
    0x00,
    ...u16(1),
    ...u16(1),
  ]);
  add('second question pointing into the first', [
    ...header({ qd: 2 }),
    ...q(www),
    0x03,
    0x66,
    0x74,
    0x70,
    0xc0,
    0x10,
    ...u16(1),
    ...u16(1),
  ]);
  add('two questions pointing at each other', [
    ...header({ qd: 2 }),
    1,
    0x61,
    0xc0,
    0x16,
    ...u16(1),
    ...u16(1),
    1,
    0x62,
    0xc0,
    0x0c,
    ...u16(1),
    ...u16(1),
  ]);
  // Each question's name points at the one before: a chain of backward pointers 200 deep,
  // legal in form (every pointer points back), which the decoder must follow to its end.
  {
    const chain = [...q(www)];
    let previous = HEADER;
    for (let i = 1; i < 200; i++) {
      const at = HEADER + chain.length;
      chain.push(0xc0 | (previous >> 8), previous & 0xff, ...u16(RRType.A), ...u16(RRClass.IN));
      previous = at;
    }
    add('200 questions, each name a pointer to the one before', [...header({ qd: 200 }), ...chain]);
  }

  // Label types and lengths a query name cannot have.
  for (const length of [0x40, 0x41, 0x7f, 0x80, 0xbf])
    add(`extended label type 0x${length.toString(16)}`, [
      ...header(),
      length,
      ...new Array(Math.min(length, 80)).fill(0x61),
      0,
      ...u16(1),
      ...u16(1),
    ]);
  for (const length of [63, 64, 65, 100, 127, 128, 191, 192, 200, 254, 255]) {
    const octets = [length, ...new Array(length).fill(0x61)];
    add(`label of ${length} octets`, [...header(), ...octets, 0, ...u16(1), ...u16(1)]);
    add(`label of ${length} octets, packet cut`, [...header(), ...octets.slice(0, 20)]);
  }
  // Names around the 255-octet limit (RFC 1035 §3.1).
  for (const wire of [253, 254, 255, 256, 257, 300])
    add(`name of ${wire} octets`, [...header(), ...nameOfWireLength(wire), ...u16(1), ...u16(1)]);
  add('4 labels of 63 octets', [...header(), ...longName(4, 63), ...u16(1), ...u16(1)]);
  add('200 labels of 1 octet', [...header(), ...longName(200, 1), ...u16(1), ...u16(1)]);
  add('name of 1000 octets with an OPT', [
    ...header({ ar: 1 }),
    ...longName(16, 62),
    ...u16(1),
    ...u16(1),
    ...opt(),
  ]);
  add('name without its root label', [...header(), 3, 0x77, 0x77, 0x77]);
  add('question without type and class', [...header(), ...www]);
  add('question without class', [...header(), ...www, ...u16(1)]);
  add('label octets 0x00, dots and 0xff', [...header(), 3, 0, 0x2e, 0xff, 0, ...u16(1), ...u16(1)]);

  // Questions the answer path must refuse or reject rather than look up.
  for (const type of [RRType.OPT, RRType.AXFR, RRType.IXFR, RRType.ANY, 0, 0xffff])
    for (const klass of [RRClass.IN, RRClass.CH, RRClass.ANY, 0, 0xffff])
      add(`question type ${type} class ${klass}`, [...header({ ar: 1 }), ...q(www, type, klass), ...opt()]);
  for (let opcode = 0; opcode < 16; opcode++) {
    add(`opcode ${opcode}`, [...header({ opcode }), ...q(www)]);
    add(`opcode ${opcode}, no question`, header({ opcode, qd: 0 }));
  }
  add('RCODE bits set in a query', [...header({ rcode: 0xf }), ...q(www)]);

  // OPT records (RFC 6891 §6.1) out of shape.
  const withOpt = (label: string, ...tail: number[][]) =>
    add(label, [...header({ ar: tail.length }), ...q(www), ...tail.flat()]);
  withOpt('OPT RDLENGTH past the end', opt({ rdlength: 40 }));
  withOpt('OPT RDLENGTH 0xffff', opt({ rdlength: 0xffff, options: [[EdnsOptionCode.NSID, []]] }));
  withOpt('OPT RDLENGTH short of its options', opt({ rdlength: 2, options: [[EdnsOptionCode.NSID, []]] }));
  withOpt('OPT option header cut', opt({ rdlength: 3, options: [[EdnsOptionCode.NSID, []]] }));
  withOpt('OPT option longer than the RDATA', [...opt({ rdlength: 6 }), ...u16(3), ...u16(10), 0, 0]);
  add('OPT cut in its fixed part', [...header({ ar: 1 }), ...q(www), ...opt().slice(0, 7)]);
  withOpt('two OPT records', opt(), opt({ dnssecOk: true }));
  withOpt('two OPT records, the second bad', opt(), opt({ rdlength: 9 }));
  withOpt('OPT, then an A record', opt(), record(www, RRType.A, RRClass.IN, 300, [192, 0, 2, 1]));
  withOpt('an A record, then OPT', record(www, RRType.A, RRClass.IN, 300, [192, 0, 2, 1]), opt());
  withOpt('OPT, then a TSIG', opt(), tsig('key.example.test.', new Array(32).fill(7)));
  withOpt('TSIG, then OPT', tsig('key.example.test.', new Array(32).fill(7)), opt());
  withOpt('TSIG with a MAC longer than the record', [
    ...tsig('key.', new Array(4).fill(7)).slice(0, -10),
    ...u16(0xffff),
  ]);
  withOpt('OPT owned by a name', opt({ owner: nameWire('example.test.') }));
  withOpt('OPT owner is a pointer to the question', opt({ owner: [0xc0, 0x0c] }));
  withOpt('OPT owner is a pointer to the root', opt({ owner: [0xc0, HEADER + www.length - 1] }));
  add('OPT in the answer section', [...header({ an: 1 }), ...q(www), ...opt()]);
  add('OPT in the authority section', [...header({ ns: 1 }), ...q(www), ...opt()]);
  add('OPT and a question of type OPT', [...header({ ar: 1 }), ...q([0], RRType.OPT), ...opt()]);
  for (const version of [1, 2, 255]) withOpt(`EDNS version ${version}`, opt({ version }));
  withOpt('EDNS version 1, no question', opt({ version: 1 }));
  withOpt('extended RCODE bits in a query', opt({ extendedRcode: 0xff }));
  withOpt('every EDNS flag set', opt({ dnssecOk: true, z: 0x7fff }));
  for (const payload of PAYLOADS) withOpt(`EDNS payload ${payload}`, opt({ payload, dnssecOk: true }));

  // EDNS options with lengths their definitions forbid.
  for (const length of [0, 1, 7, 8, 9, 15, 16, 24, 32, 40, 41, 255])
    withOpt(
      `COOKIE of ${length} octets`,
      opt({ options: [[EdnsOptionCode.COOKIE, new Array(length).fill(0xab)]] }),
    );
  withOpt(
    'two COOKIE options',
    opt({
      options: [
        [EdnsOptionCode.COOKIE, new Array(8).fill(1)],
        [EdnsOptionCode.COOKIE, new Array(24).fill(2)],
      ],
    }),
  );
  withOpt(
    'two COOKIE options, the second malformed',
    opt({
      options: [
        [EdnsOptionCode.COOKIE, new Array(8).fill(1)],
        [EdnsOptionCode.COOKIE, new Array(3).fill(2)],
      ],
    }),
  );
  for (const length of [1, 2, 3])
    withOpt(
      `edns-tcp-keepalive of ${length} octets`,
      opt({ options: [[EdnsOptionCode.TCP_KEEPALIVE, new Array(length).fill(1)]] }),
    );
  withOpt('NSID with data', opt({ options: [[EdnsOptionCode.NSID, [1, 2, 3]]] }));
  withOpt('100 NSID options', opt({ options: new Array(100).fill([EdnsOptionCode.NSID, []]) }));
  withOpt('ECS with a bad prefix', opt({ options: [[EdnsOptionCode.CLIENT_SUBNET, [0, 1, 200, 0]]] }));
  withOpt('ECS of family 0xffff', opt({ options: [[EdnsOptionCode.CLIENT_SUBNET, [0xff, 0xff, 0, 0]]] }));
  withOpt('EDE option in a query', opt({ options: [[EdnsOptionCode.EXTENDED_ERROR, [0, 1]]] }));
  withOpt('padding of 60000 octets', opt({ options: [[EdnsOptionCode.PADDING, new Array(60000).fill(0)]] }));
  // RFC 7873 §5.4: no question and a cookie asks for a server cookie; without a cookie it is FORMERR.
  add('no question, client cookie', [
    ...header({ qd: 0, ar: 1 }),
    ...opt({ options: [[EdnsOptionCode.COOKIE, new Array(8).fill(3)]] }),
  ]);
  add('no question, malformed cookie', [
    ...header({ qd: 0, ar: 1 }),
    ...opt({ options: [[EdnsOptionCode.COOKIE, new Array(5).fill(3)]] }),
  ]);
  add('no question, OPT only', [...header({ qd: 0, ar: 1 }), ...opt()]);

  // Size: the largest message TCP can frame, and trailing octets.
  add('a valid query padded with zeros to 65535 octets', [
    ...header(),
    ...q(www),
    ...new Array(65535 - HEADER - www.length - 4).fill(0),
  ]);
  add('a valid query with one trailing octet', [...header(), ...q(www), 0]);
  add('a valid query twice in one packet', [...header(), ...q(www), ...header(), ...q(www)]);
  return cases;
}

// ---- Random mutations of valid queries. ----

const INTERESTING_BYTES = [0x00, 0x01, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xc0, 0xff];
const INTERESTING_U16 = [0, 1, 2, 0x29, 0x3f, 0x40, 0xff, 0x100, 0x7fff, 0x8000, 0xc00c, 0xc000, 0xffff];

type Mutation = (rng: Rng, packet: number[], other: number[]) => number[];

/** Offset of the octet just past the first question name, walking labels (no pointers). */
function questionNameEnd(p: readonly number[]): number {
  let i = HEADER;
  while (i < p.length && p[i] !== 0 && p[i] < 0x40) i += p[i] + 1;
  return Math.min(i + 1, p.length);
}

const MUTATIONS: readonly [string, Mutation][] = [
  [
    'flip bits',
    (rng, p) => {
      const out = p.slice();
      for (let n = rng.range(1, 8); n > 0; n--) out[rng.int(out.length)] ^= 1 << rng.int(8);
      return out;
    },
  ],
  [
    'set an octet',
    (rng, p) => {
      const out = p.slice();
      for (let n = rng.range(1, 4); n > 0; n--)
        out[rng.int(out.length)] = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
      return out;
    },
  ],
  [
    'set a 16-bit field',
    (rng, p) => {
      const out = p.slice();
      const at = rng.int(out.length - 1);
      const value = rng.pick(INTERESTING_U16);
      out[at] = value >> 8;
      out[at + 1] = value & 0xff;
      return out;
    },
  ],
  [
    'set a header count',
    (rng, p) => {
      const out = p.slice();
      const at = rng.pick([4, 6, 8, 10]);
      const value = rng.chance(0.5) ? rng.pick([0, 1, 2, 3, 0x100, 0xffff]) : rng.int(0x10000);
      out[at] = value >> 8;
      out[at + 1] = value & 0xff;
      return out;
    },
  ],
  ['truncate', (rng, p) => p.slice(0, rng.int(p.length))],
  [
    'append garbage',
    (rng, p) => [...p, ...rng.bytes(rng.chance(0.8) ? rng.range(1, 16) : rng.range(17, 600))],
  ],
  [
    'insert octets',
    (rng, p) => {
      const at = rng.int(p.length + 1);
      return [...p.slice(0, at), ...rng.bytes(rng.range(1, 8)), ...p.slice(at)];
    },
  ],
  [
    'delete octets',
    (rng, p) => {
      const at = rng.int(p.length);
      return [...p.slice(0, at), ...p.slice(at + rng.range(1, 8))];
    },
  ],
  [
    'splice two queries',
    (rng, p, other) => [...p.slice(0, rng.int(p.length + 1)), ...other.slice(rng.int(other.length + 1))],
  ],
  [
    'question name made a pointer',
    (rng, p) => {
      const end = questionNameEnd(p);
      const target = rng.chance(0.5) ? rng.int(end + 4) : rng.int(0x4000);
      const keep = rng.int(Math.max(1, end - HEADER));
      return [...p.slice(0, HEADER + keep), 0xc0 | (target >> 8), target & 0xff, ...p.slice(end)];
    },
  ],
  [
    'a label length changed',
    (rng, p) => {
      const out = p.slice();
      const labels: number[] = [];
      for (let i = HEADER; i < out.length && out[i] !== 0 && out[i] < 0x40; i += out[i] + 1) labels.push(i);
      if (labels.length === 0) return out;
      out[rng.pick(labels)] = rng.chance(0.5) ? rng.range(64, 255) : rng.int(64);
      return out;
    },
  ],
  [
    'question name lengthened',
    (rng, p) => {
      const extra = longName(rng.range(1, 6), rng.pick([1, 40, 62, 63])).slice(0, -1);
      return [...p.slice(0, HEADER), ...extra, ...p.slice(HEADER)];
    },
  ],
  [
    'OPT duplicated or moved',
    (rng, p) => {
      // Valid queries end with their OPT (11 octets plus options) when they have one.
      const end = questionNameEnd(p) + 4;
      const tail = p.slice(end);
      if (tail.length === 0)
        return [...p.slice(0, 10), ...u16(1), ...p.slice(HEADER), ...opt({ rdlength: rng.int(8) })];
      const out = p.slice();
      const arcount = (out[10] << 8) | out[11];
      if (rng.chance(0.5)) {
        out.push(...tail);
        out[10] = ((arcount + 1) >> 8) & 0xff;
        out[11] = (arcount + 1) & 0xff;
        return out;
      }
      // The OPT moved into the answer section.
      return [...out.slice(0, 6), 0, 1, ...out.slice(8, 10), 0, 0, ...out.slice(HEADER)];
    },
  ],
  [
    'OPT length changed',
    (rng, p) => {
      const end = questionNameEnd(p) + 4;
      if (end + 11 > p.length) return p;
      const out = p.slice();
      const value = rng.chance(0.5) ? rng.pick(INTERESTING_U16) : rng.int(p.length - end);
      const at = rng.chance(0.7) ? end + 9 : end + 11 + 2 + 4 * rng.int(3);
      if (at + 1 >= out.length) return out;
      out[at] = value >> 8;
      out[at + 1] = value & 0xff;
      return out;
    },
  ],
  ['all random', (rng) => rng.bytes(rng.chance(0.9) ? rng.range(0, 64) : rng.range(65, 1500))],
];

/** `count` packets: each a valid query put through one to three mutations. */
export function mutatedPackets(rng: Rng, names: readonly string[], count: number): HostilePacket[] {
  const out: HostilePacket[] = [];
  for (let i = 0; i < count; i++) {
    const base = validQuery(rng, names);
    let packet = [...base.bytes];
    const applied: string[] = [];
    for (let n = rng.chance(0.7) ? 1 : rng.range(2, 3); n > 0; n--) {
      const [name, mutate] = rng.pick(MUTATIONS);
      packet = mutate(rng, packet, [...validQuery(rng, names).bytes]);
      applied.push(name);
    }
    // Most mutations must leave QR clear, or the packet only tests the first check there is.
    if (packet.length > 2 && rng.chance(0.9)) packet[2] &= 0x7f;
    out.push({ label: `${base.label} | ${applied.join(', ')}`, bytes: bytes(packet) });
  }
  return out;
}

/** Every prefix of each packet: the decoder's bounds checks, one by one. */
export function truncations(packets: readonly HostilePacket[]): HostilePacket[] {
  return packets.flatMap((p) =>
    Array.from({ length: p.bytes.length }, (_, n) => ({
      label: `${p.label} | cut at ${n}`,
      bytes: p.bytes.slice(0, n),
    })),
  );
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
