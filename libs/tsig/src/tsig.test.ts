import { createHmac } from 'node:crypto';
import { encodeMessage, type Message, Name, queryMessage, RRType } from '@shoal/dns-wire';
import test from 'ava';
import {
  findTsig,
  MemoryKeyring,
  makeTsigKey,
  parseTsigKeyJson,
  signMessage,
  supportedAlgorithms,
  TsigErrorCode,
  TsigFormatError,
  TsigStreamSigner,
  TsigStreamVerifier,
  TsigVerificationError,
  tsigErrorAnswer,
  unsignedMessage,
  verifyMessage,
} from './index.js';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');

function query(id = 0x1234, type: number = RRType.AXFR): Uint8Array {
  const m: Message = queryMessage(Name.parse('example.test.'), type, { id });
  return encodeMessage(m);
}

function response(id: number, n: number): Uint8Array {
  const q = query(id);
  const out = new Uint8Array(q);
  out[2] |= 0x84;
  out[3] = n & 0x0f;
  return out;
}

for (const algorithm of supportedAlgorithms()) {
  test(`${algorithm.id}: a signed message verifies with the same key`, (t) => {
    const key = makeTsigKey('xfr.key', algorithm.id, SECRET);
    const signed = signMessage(query(), key);
    t.is(signed.mac.length, algorithm.macSize);
    const result = verifyMessage(signed.message, new MemoryKeyring([key]));
    t.true(result?.ok);
  });
}

test('the MAC is HMAC over the message and the TSIG variables of RFC 8945 §4.3.3', (t) => {
  const key = makeTsigKey('Xfr.Key.', 'hmac-sha256', SECRET);
  const message = query();
  const signed = signMessage(message, key, { timeSigned: 1_700_000_000, fudge: 300 });
  const variables = Buffer.concat([
    Buffer.from([3, ...Buffer.from('xfr'), 3, ...Buffer.from('key'), 0]), // canonical (lowercase) key name
    Buffer.from([0, 255, 0, 0, 0, 0]), // class ANY, TTL 0
    Buffer.from([11, ...Buffer.from('hmac-sha256'), 0]),
    Buffer.from([0x00, 0x00, 0x65, 0x53, 0xf1, 0x00]), // 1_700_000_000 in 48 bits
    Buffer.from([0x01, 0x2c, 0, 0, 0, 0]), // fudge 300, error 0, other length 0
  ]);
  const expected = createHmac('sha256', key.secret).update(message).update(variables).digest();
  t.deepEqual(Buffer.from(signed.mac), expected);
  // Owner and algorithm go out uncompressed and lowercase; class ANY, TTL 0.
  const loc = findTsig(signed.message)!;
  t.is(loc.record.keyName.toString(), 'xfr.key.');
  t.deepEqual(unsignedMessage(signed.message, loc), message);
});

test('a tampered message is BADSIG, an unknown key BADKEY, a stale one BADTIME', (t) => {
  const key = makeTsigKey('xfr.key', 'hmac-sha256', SECRET);
  const keyring = new MemoryKeyring([key]);
  const signed = signMessage(query(), key, { timeSigned: 1_000_000 });
  const tampered = new Uint8Array(signed.message);
  tampered[13] ^= 0x20;
  t.is(verifyMessage(tampered, keyring, { now: 1_000_000 })?.ok, false);
  t.like(verifyMessage(tampered, keyring, { now: 1_000_000 }), { error: TsigErrorCode.BADSIG });
  t.like(verifyMessage(signed.message, new MemoryKeyring(), { now: 1_000_000 }), {
    error: TsigErrorCode.BADKEY,
  });
  const otherAlgorithm = new MemoryKeyring([makeTsigKey('xfr.key', 'hmac-sha512', SECRET)]);
  t.like(verifyMessage(signed.message, otherAlgorithm, { now: 1_000_000 }), { error: TsigErrorCode.BADKEY });
  t.like(verifyMessage(signed.message, keyring, { now: 1_000_301 }), { error: TsigErrorCode.BADTIME });
  t.like(verifyMessage(signed.message, keyring, { now: 1_000_300 }), { ok: true });
  t.like(verifyMessage(signed.message, keyring, { now: 999_700 }), { ok: true });
});

test('a message that changed ID in transit verifies through the original ID', (t) => {
  const key = makeTsigKey('xfr.key', 'hmac-sha256', SECRET);
  const signed = signMessage(query(0x1111), key);
  const forwarded = new Uint8Array(signed.message);
  forwarded[0] = 0x22;
  forwarded[1] = 0x22;
  t.true(verifyMessage(forwarded, new MemoryKeyring([key]))?.ok);
});

test('a truncated MAC verifies down to half its size, and below is BADTRUNC', (t) => {
  const key = makeTsigKey('xfr.key', 'hmac-sha256', SECRET);
  const keyring = new MemoryKeyring([key]);
  const signed = signMessage(query(), key);
  const truncate = (to: number) => {
    const loc = findTsig(signed.message)!;
    const base = unsignedMessage(signed.message, loc);
    const record = { ...loc.record, mac: loc.record.mac.slice(0, to) };
    // Rebuild with the short MAC; the MAC value stays the prefix of the full one.
    return appendRecord(base, record);
  };
  t.true(verifyMessage(truncate(16), keyring)?.ok);
  t.like(verifyMessage(truncate(12), keyring), { error: TsigErrorCode.BADTRUNC });
});

function appendRecord(base: Uint8Array, record: Parameters<typeof tsigErrorAnswer>[1]): Uint8Array {
  // tsigErrorAnswer appends an unsigned TSIG with an empty MAC; here we need one with a given MAC.
  const withEmpty = tsigErrorAnswer(base, record, 0, undefined, record.timeSigned);
  const loc = findTsig(withEmpty)!;
  const head = withEmpty.slice(0, loc.offset);
  const name = record.keyName.toCanonicalWire();
  const alg = record.algorithm.toCanonicalWire();
  const rdata = Buffer.concat([
    alg,
    Buffer.from([0, 0, 0, 0, 0, 0]),
    Buffer.from([record.fudge >> 8, record.fudge & 0xff, 0, record.mac.length]),
    record.mac,
    Buffer.from([record.originalId >> 8, record.originalId & 0xff, 0, 0, 0, 0]),
  ]);
  rdata.writeUIntBE(record.timeSigned, alg.length, 6);
  const rr = Buffer.concat([
    name,
    Buffer.from([0, 250, 0, 255, 0, 0, 0, 0, rdata.length >> 8, rdata.length & 0xff]),
    rdata,
  ]);
  return new Uint8Array(Buffer.concat([head, rr]));
}

test('a TSIG that is not the last record is a format error', (t) => {
  const key = makeTsigKey('xfr.key', 'hmac-sha256', SECRET);
  const signed = signMessage(query(), key);
  // Append an extra empty-rdata A record after the TSIG.
  const extra = Buffer.concat([signed.message, Buffer.from([0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])]);
  extra[11] += 1;
  t.throws(() => findTsig(new Uint8Array(extra)), { instanceOf: TsigFormatError });
});

test('an unsigned message has no TSIG', (t) => {
  t.is(verifyMessage(query(), new MemoryKeyring()), undefined);
});

test('BADTIME answers are signed over the request MAC, carry our clock and keep the request time', (t) => {
  const key = makeTsigKey('xfr.key', 'hmac-sha256', SECRET);
  const keyring = new MemoryKeyring([key]);
  const request = signMessage(query(), key, { timeSigned: 1_000_000 });
  const verdict = verifyMessage(request.message, keyring, { now: 2_000_000 });
  t.like(verdict, { ok: false, error: TsigErrorCode.BADTIME });
  if (verdict?.ok !== false) return;
  const answer = tsigErrorAnswer(
    response(0x1234, 9),
    verdict.location.record,
    verdict.error,
    verdict.key,
    2_000_000,
  );
  const loc = findTsig(answer)!;
  t.is(loc.record.error, TsigErrorCode.BADTIME);
  t.is(loc.record.timeSigned, 1_000_000);
  t.is(Buffer.from(loc.record.other).readUIntBE(0, 6), 2_000_000);
  // The client verifies it (it is within fudge of the request time it knows) and learns BADTIME.
  const seen = verifyMessage(answer, keyring, { requestMac: request.mac, now: 1_000_000 });
  t.like(seen, { ok: false, error: TsigErrorCode.BADTIME });
});

test('BADKEY and BADSIG answers are unsigned with the request names', (t) => {
  const key = makeTsigKey('xfr.key', 'hmac-sha256', SECRET);
  const request = signMessage(query(), key);
  const verdict = verifyMessage(request.message, new MemoryKeyring());
  if (verdict?.ok !== false) return t.fail();
  const answer = tsigErrorAnswer(response(0x1234, 9), verdict.location.record, verdict.error, verdict.key);
  const loc = findTsig(answer)!;
  t.is(loc.record.mac.length, 0);
  t.is(loc.record.error, TsigErrorCode.BADKEY);
  t.is(loc.record.keyName.toString(), 'xfr.key.');
  t.is(answer[3] & 0x0f, 9);
  const seen = verifyMessage(answer, new MemoryKeyring([key]), { requestMac: request.mac });
  t.like(seen, { ok: false, error: TsigErrorCode.BADKEY });
});

test('a stream signed message by message verifies, and so does one with unsigned gaps', (t) => {
  const key = makeTsigKey('xfr.key', 'hmac-sha384', SECRET);
  const request = signMessage(query(), key);
  const signer = new TsigStreamSigner(key, request.mac);
  const verifier = new TsigStreamVerifier(key, request.mac);
  for (let i = 0; i < 5; i++) verifier.verify(signer.sign(response(0x1234, 0)));
  t.notThrows(() => verifier.end());

  // A peer that signs only every third message (RFC 8945 §5.3.1 allows up to 99 unsigned).
  const gapVerifier = new TsigStreamVerifier(key, request.mac);
  const sparse = new SparseSigner(key, request.mac);
  for (let i = 0; i < 7; i++) gapVerifier.verify(sparse.next(response(0x1234, 0), i % 3 === 0 || i === 6));
  t.notThrows(() => gapVerifier.end());
});

test('a stream with a tampered or missing last signature fails', (t) => {
  const key = makeTsigKey('xfr.key', 'hmac-sha256', SECRET);
  const request = signMessage(query(), key);
  const signer = new TsigStreamSigner(key, request.mac);
  const verifier = new TsigStreamVerifier(key, request.mac);
  verifier.verify(signer.sign(response(0x1234, 0)));
  const second = signer.sign(response(0x1234, 0));
  second[14] ^= 1;
  t.throws(() => verifier.verify(second), { instanceOf: TsigVerificationError });

  const v2 = new TsigStreamVerifier(key, request.mac);
  const s2 = new TsigStreamSigner(key, request.mac);
  v2.verify(s2.sign(response(0x1234, 0)));
  v2.verify(response(0x1234, 0));
  t.throws(() => v2.end(), { instanceOf: TsigVerificationError });
  t.throws(() => new TsigStreamVerifier(key, request.mac).verify(response(0x1234, 0)), {
    instanceOf: TsigVerificationError,
  });
});

test('keys parse from the bucket JSON and reject bad input', (t) => {
  const key = parseTsigKeyJson(
    JSON.stringify({ name: 'Key.Example.', algorithm: 'HMAC-SHA512', secret: SECRET }),
  );
  t.is(key.name.key, 'key.example.');
  t.is(key.algorithm.id, 'hmac-sha512');
  t.throws(() => parseTsigKeyJson('{"name":"k","algorithm":"hmac-foo","secret":"AA=="}'));
  t.throws(() => parseTsigKeyJson('{"name":"k","algorithm":"hmac-sha256","secret":"!!"}'));
  t.throws(() => parseTsigKeyJson('nope'));
});

/** Signs only the messages asked, the others go out bare (as BIND may do). */
class SparseSigner {
  #prior: Uint8Array;
  #pending: Uint8Array[] = [];
  #first = true;
  constructor(
    private readonly key: ReturnType<typeof makeTsigKey>,
    requestMac: Uint8Array,
  ) {
    this.#prior = requestMac;
  }
  next(message: Uint8Array, sign: boolean): Uint8Array {
    if (this.#first) {
      this.#first = false;
      const s = signMessage(message, this.key, { requestMac: this.#prior });
      this.#prior = s.mac;
      return s.message;
    }
    if (!sign) {
      this.#pending.push(message);
      return message;
    }
    const timeSigned = Math.floor(Date.now() / 1000);
    const timers = Buffer.alloc(8);
    timers.writeUIntBE(timeSigned, 0, 6);
    timers.writeUInt16BE(300, 6);
    const h = createHmac(this.key.algorithm.hash, this.key.secret);
    h.update(Buffer.from([this.#prior.length >> 8, this.#prior.length & 0xff]));
    h.update(this.#prior);
    for (const m of [...this.#pending, message]) h.update(m);
    h.update(timers);
    const mac = new Uint8Array(h.digest());
    this.#pending = [];
    this.#prior = mac;
    return appendRecord(message, {
      keyName: this.key.name,
      algorithm: this.key.algorithm.name,
      timeSigned,
      fudge: 300,
      mac,
      originalId: (message[0] << 8) | message[1],
      error: 0,
      other: new Uint8Array(0),
    });
  }
}

test('verifying a Buffer leaves it untouched (Buffer.slice is a view)', (t) => {
  const key = makeTsigKey('xfr.key', 'hmac-sha256', SECRET);
  const signed = Buffer.from(signMessage(query(0x4321), key).message);
  const before = Buffer.from(signed);
  t.true(verifyMessage(signed, new MemoryKeyring([key]))?.ok);
  unsignedMessage(signed, findTsig(signed)!);
  t.deepEqual(signed, before);
  t.true(verifyMessage(signed, new MemoryKeyring([key]))?.ok);
});
