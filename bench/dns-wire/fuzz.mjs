// Mutation fuzzing of the message decoder (and of what a server does next with a
// decoded message), on the compiled library. Not part of the default test run.
// Usage: npx tsc -b libs/dns-wire && node bench/dns-wire/fuzz.mjs [count] [seed] [replay-index]
//
// Every mutated packet must either decode or raise a DnsWireError; a decoded one
// must print, re-encode and decode again to the same message. Any other outcome is a
// crash. The loop runs in a worker watched by the main thread, so a packet that
// hangs the decoder is caught and reported with its index instead of stalling silently.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const COUNT = Number(process.argv[2] ?? 1_000_000);
const SEED = Number(process.argv[3] ?? 0x5eed);
const REPLAY = process.argv[4] === undefined ? -1 : Number(process.argv[4]);
const HANG_MS = 5000;

if (isMainThread) {
  const progress = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { count: COUNT, seed: SEED, progress, replay: REPLAY },
  });
  const started = performance.now();
  let last = -1;
  let lastChange = performance.now();
  const watch = setInterval(() => {
    const done = Atomics.load(progress, 0);
    if (done !== last) {
      last = done;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > HANG_MS) {
      console.error(`HANG: packet #${done} made no progress for ${HANG_MS} ms (seed ${SEED})`);
      clearInterval(watch);
      worker.terminate();
      process.exitCode = 2;
    }
  }, 250);
  worker.on('message', (report) => {
    clearInterval(watch);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${report.count.toLocaleString('en-US')} mutated packets in ${seconds.toFixed(1)} s ` +
        `(${Math.round(report.count / seconds).toLocaleString('en-US')}/s), seed ${SEED}`,
    );
    console.log(
      `decoded: ${report.decoded.toLocaleString('en-US')}, rejected with DnsWireError: ` +
        `${report.rejected.toLocaleString('en-US')}, slowest packet: #${report.slowestIndex} ${report.slowestMs.toFixed(2)} ms`,
    );
    console.log(`crashes: ${report.crashes.length}, hangs: 0`);
    for (const c of report.crashes.slice(0, 10)) console.log(`  #${c.index} ${c.hex}\n    ${c.error}`);
    if (report.crashes.length > 0) process.exitCode = 1;
  });
  worker.on('error', (e) => {
    clearInterval(watch);
    console.error('worker died:', e);
    process.exitCode = 1;
  });
} else {
  const lib = await import('../../libs/dns-wire/dist/index.js');
  const { ALL_TYPES_ZONE } = await import('../../libs/dns-wire/dist/testing/fixtures.js');
  const { decodeMessage, encodeMessage, recordToText, DnsWireError, Name, parseZoneText, encodeEdnsOption } =
    lib;
  const { count, seed, progress, replay } = workerData;

  // Seeds: queries as resolvers send them and answers carrying every RDATA type, compressed and not.
  const records = parseZoneText(ALL_TYPES_ZONE);
  const base = {
    id: 0x1234,
    qr: false,
    opcode: 0,
    aa: false,
    tc: false,
    rd: true,
    ra: false,
    z: false,
    ad: false,
    cd: false,
    rcode: 0,
    questions: [{ name: Name.parse('www.example.test.'), type: 1, class: 1 }],
    answers: [],
    authorities: [],
    additionals: [],
  };
  const edns = {
    udpPayloadSize: 1232,
    extendedRcode: 0,
    version: 0,
    dnssecOk: true,
    flags: 0x8000,
    options: [
      encodeEdnsOption({
        type: 'COOKIE',
        client: new Uint8Array(8).fill(7),
        server: new Uint8Array(16).fill(9),
      }),
      encodeEdnsOption({
        type: 'CLIENT_SUBNET',
        family: 1,
        sourcePrefixLength: 24,
        scopePrefixLength: 0,
        address: '192.0.2.0',
      }),
      encodeEdnsOption({ type: 'EXTENDED_ERROR', infoCode: 18, extraText: 'x' }),
    ],
  };
  const seeds = [encodeMessage(base), encodeMessage({ ...base, edns })];
  for (let i = 0; i < records.length; i += 4) {
    const chunk = records.slice(i, i + 4);
    const answer = {
      ...base,
      qr: true,
      aa: true,
      questions: [{ name: chunk[0].name, type: chunk[0].type, class: 1 }],
      answers: chunk,
      authorities: [records[1]],
      additionals: [records[6]],
      edns,
    };
    seeds.push(encodeMessage(answer), encodeMessage(answer, { compress: false }));
  }

  // xorshift32: deterministic, so any failure is reproducible from the seed and index.
  let state = seed >>> 0 || 1;
  const rand = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };

  function mutate(src) {
    let bytes = Array.from(src);
    const edits = 1 + (rand() % 4);
    for (let e = 0; e < edits; e++) {
      const at = bytes.length ? rand() % bytes.length : 0;
      switch (rand() % 9) {
        case 0:
          bytes[at] ^= 1 << (rand() % 8);
          break;
        case 1:
          bytes[at] = rand() & 0xff;
          break;
        case 2:
          bytes = bytes.slice(0, at);
          break;
        case 3:
          bytes.splice(at, 0, rand() & 0xff);
          break;
        case 4:
          bytes.splice(at, 1 + (rand() % 8));
          break;
        case 5: // a compression pointer anywhere, to anywhere
          bytes[at] = 0xc0 | (rand() & 0x3f);
          bytes[at + 1] = rand() & 0xff;
          break;
        case 6: // section counts
          bytes[4 + (rand() % 8)] = rand() & 0xff;
          break;
        case 7: // length-like values: small numbers
          bytes[at] = rand() % 70;
          break;
        default: {
          // duplicate a slice elsewhere
          const from = rand() % Math.max(1, bytes.length);
          const piece = bytes.slice(from, from + 1 + (rand() % 16));
          bytes.splice(at, 0, ...piece);
        }
      }
    }
    return Uint8Array.from(bytes.slice(0, 65535).map((b) => b & 0xff));
  }

  const text = (m) =>
    JSON.stringify(m, (_, v) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v instanceof Name ? v.toString() : v,
    );

  let decoded = 0;
  let rejected = 0;
  let slowestMs = 0;
  let slowestIndex = -1;
  const crashes = [];
  for (let i = 0; i < count; i++) {
    const packet = mutate(seeds[rand() % seeds.length]);
    if (replay >= 0) {
      if (i < replay) continue;
      // Replaying one packet: show it and how long the decoder takes on it, warm.
      const t = performance.now();
      for (let k = 0; k < 100; k++) {
        try {
          decodeMessage(packet);
        } catch {}
      }
      console.log(
        `#${i} ${Buffer.from(packet).toString('hex')}\n${((performance.now() - t) / 100).toFixed(3)} ms per decode`,
      );
      break;
    }
    const t0 = performance.now();
    try {
      let m;
      try {
        m = decodeMessage(packet);
      } catch (e) {
        if (!(e instanceof DnsWireError)) throw e;
        rejected++;
        continue;
      }
      decoded++;
      for (const rr of [...m.answers, ...m.authorities, ...m.additionals]) {
        try {
          recordToText(rr);
        } catch (e) {
          if (!(e instanceof DnsWireError)) throw e;
        }
      }
      let again;
      try {
        again = encodeMessage(m);
      } catch (e) {
        if (!(e instanceof DnsWireError)) throw e;
        continue;
      }
      if (text(decodeMessage(again)) !== text(m))
        throw new Error('decode(encode(decode(p))) differs from decode(p)');
    } catch (e) {
      crashes.push({ index: i, hex: Buffer.from(packet).toString('hex'), error: String(e?.stack ?? e) });
    } finally {
      const ms = performance.now() - t0;
      if (ms > slowestMs) {
        slowestMs = ms;
        slowestIndex = i;
      }
      if ((i & 1023) === 0) Atomics.store(progress, 0, i);
    }
  }
  parentPort.postMessage({ count, decoded, rejected, slowestMs, slowestIndex, crashes });
}
