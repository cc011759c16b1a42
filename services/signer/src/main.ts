#!/usr/bin/env node
import { mkdirSync, readFileSync } from 'node:fs';
import { jetstream } from '@nats-io/jetstream';
import { connect, type Msg } from '@nats-io/transport-node';
import { parseKek } from '@shoal/dnssec';
import {
  KeyEvent,
  KeyReply,
  SIGNER_EVENTS_PREFIX,
  SIGNER_KEYS_SUBJECT,
  SIGNER_QUEUE,
  SIGNER_SIGN_SUBJECT,
  SignErrorCode,
  type SignReply,
} from '@shoal/dnssec-api';
import { StreamFollower, ZoneStore } from '@shoal/projection';
import { pino } from 'pino';
import { loadSignerConfig, type SignerConfig } from './config.js';
import { ConfigError } from './errors.js';
import { KeyCommands } from './key-commands.js';
import { KeyStore, keyInfo, zonePrefix } from './key-store.js';
import { Maintainer } from './maintainer.js';
import { SignHandler } from './sign-handler.js';
import { nowSeconds, SignerCore } from './signer-core.js';
import { SigningObjects } from './signing-objects.js';
import { ZoneMirror } from './zone-mirror.js';

function configuration(): SignerConfig {
  const at = process.argv.indexOf('--config');
  try {
    return loadSignerConfig(process.env, at > 0 ? process.argv[at + 1] : undefined);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`shoal-signer: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}

async function main(): Promise<void> {
  const config = configuration();
  const log = pino({ name: 'shoal-signer', level: config.logLevel });
  const kek = parseKek(readFileSync(config.kekFile));
  mkdirSync(config.dataDirectory, { recursive: true });
  const store = await ZoneStore.open(config.dataDirectory);
  const mirror = new ZoneMirror();
  const loaded = await mirror.load(store);
  const nc = await connect({ servers: config.natsServers, name: config.signerId, maxReconnectAttempts: -1 });
  const js = jetstream(nc);
  const keys = await KeyStore.open(nc, kek, config.streamReplicas);
  let maintainer: Maintainer | undefined;
  const follower = new StreamFollower(js, store, {
    onEffects: (effects) => {
      if (mirror.apply(effects)) maintainer?.poke();
    },
    onError: (err) => log.warn({ err: String(err) }, 'event feed failed; reopening'),
  });
  follower.start();
  const core = new SignerCore(config, keys, mirror);
  const signHandler = new SignHandler(core, follower);
  const keyCommands = new KeyCommands(core);
  maintainer = new Maintainer(core, js, follower, log, () => nc.info?.max_payload ?? 1024 * 1024);

  const signingObjects = new SigningObjects(nc);
  nc.subscribe(SIGNER_SIGN_SUBJECT, {
    queue: SIGNER_QUEUE,
    callback: (err, msg: Msg) => {
      if (err) return;
      void (async () => {
        let reply: SignReply;
        try {
          reply = await signHandler.handle(await signingObjects.request(msg.data));
        } catch (error) {
          reply = {
            body: undefined,
            error: `sign request unreadable: ${(error as Error).message}`,
            errorCode: SignErrorCode.SIGN_ERROR_CODE_INTERNAL,
            signatures: 0,
          };
        }
        if (reply.error) log.warn({ error: reply.error, code: reply.errorCode }, 'sign request refused');
        msg.respond(await signingObjects.reply(reply));
      })().catch((error) => log.warn({ err: String(error) }, 'sign reply failed'));
    },
  });
  nc.subscribe(SIGNER_KEYS_SUBJECT, {
    queue: SIGNER_QUEUE,
    callback: (err, msg: Msg) => {
      if (err) return;
      void keyCommands.handle(msg.data).then((result) => {
        msg.respond(KeyReply.encode(result.reply).finish());
        if (result.zone === undefined || result.changed.length === 0) return;
        for (const { record, change } of result.changed) {
          log.info(
            { zone: result.zone, key: record.timeline.id, tag: record.timeline.keyTag, change },
            'key changed',
          );
          const event = KeyEvent.encode({
            zone: result.zone,
            key: keyInfo(record, nowSeconds()),
            change,
            actor: '',
            timeUnixMs: Date.now(),
          }).finish();
          nc.publish(`${SIGNER_EVENTS_PREFIX}${zonePrefix(result.zone)}`, event);
        }
        maintainer.poke();
      });
    },
  });
  maintainer.start();
  log.info({ zones: mirror.zones().length, rrsets: loaded, nats: config.natsServers }, 'signer ready');
  // A line tests and scripts wait for.
  console.log(`shoal-signer ready id=${config.signerId}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    maintainer.stop();
    await follower.stop();
    await nc.drain().catch(() => {});
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('shoal-signer: fatal:', err);
  process.exit(1);
});
