import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { MemoryKeyring, parseTsigKeyJson } from '@shoal/tsig';

/** The bucket the admin writes TSIG keys to (one entry per key, JSON `{"name","algorithm","secret"}`). */
export const TSIG_KEYS_BUCKET = 'TSIG_KEYS';

/**
 * The bucket key for a TSIG key name: lowercase, no trailing dot, and every octet a KV key
 * cannot hold (anything but `-/_=.` and alphanumerics) written as `=` and two hex digits.
 */
export function tsigKvKey(name: string): string {
  const bare = name.toLowerCase().replace(/\.$/, '');
  let out = '';
  for (const ch of Buffer.from(bare, 'utf8')) {
    const c = String.fromCharCode(ch);
    out += /[-/_.a-z0-9]/.test(c) ? c : `=${ch.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export interface KvKeyringOptions {
  bucket?: string;
  onError?: (error: unknown, what: string) => void;
  onChange?: (names: string[]) => void;
}

/**
 * A keyring that mirrors the TSIG_KEYS bucket: last values on start, then every put and delete
 * as they happen. Entries that do not parse are skipped (and reported), never fatal. Lookups
 * are synchronous from memory, so the query path never waits on NATS.
 */
export class KvKeyring extends MemoryKeyring {
  readonly #names = new Map<string, string>();
  #stopped = false;
  #watcher?: { stop(): void };

  private constructor(private readonly options: KvKeyringOptions) {
    super();
  }

  /** Opens the bucket (it must exist) and starts watching; resolves once the current keys are loaded. */
  static async watch(nc: NatsConnection, options: KvKeyringOptions = {}): Promise<KvKeyring> {
    const keyring = new KvKeyring(options);
    const kv = await openBucket(nc, options.bucket ?? TSIG_KEYS_BUCKET);
    await keyring.#start(kv);
    return keyring;
  }

  async #start(kv: KV): Promise<void> {
    const status = await kv.status();
    const iterator = await kv.watch();
    this.#watcher = iterator;
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    if (status.values === 0) markReady();
    void (async () => {
      for await (const entry of iterator) {
        if (this.#stopped) break;
        this.#apply(entry.key, entry.operation, entry.value);
        if (!entry.delta) markReady();
      }
    })().catch((e) => this.options.onError?.(e, 'watch'));
    await Promise.race([ready, new Promise((r) => setTimeout(r, 5000))]);
  }

  #apply(kvKey: string, operation: string, value: Uint8Array): void {
    const previous = this.#names.get(kvKey);
    if (operation !== 'PUT') {
      if (previous) this.deleteKey(previous);
      this.#names.delete(kvKey);
    } else {
      try {
        const key = parseTsigKeyJson(value);
        if (previous && previous !== key.name.key) this.deleteKey(previous);
        this.set(key);
        this.#names.set(kvKey, key.name.key);
      } catch (e) {
        this.options.onError?.(e, `key ${kvKey}`);
        return;
      }
    }
    this.options.onChange?.(this.names());
  }

  stop(): void {
    this.#stopped = true;
    this.#watcher?.stop();
  }
}

/**
 * Opens the bucket without creating it: the admin creates it with the fleet's replication
 * settings, and a reader that created it first would fix them wrongly.
 */
export async function openBucket(nc: NatsConnection, bucket: string): Promise<KV> {
  const kv = await new Kvm(nc).open(bucket, { bindOnly: true });
  await kv.status();
  return kv;
}

/**
 * Watches the bucket, retrying with backoff until it exists (the admin may start later).
 * Resolves with the keyring once the current keys are loaded, or undefined when stopped.
 */
export async function watchKeyringUntilAvailable(
  nc: NatsConnection,
  options: KvKeyringOptions & {
    stopped?: () => boolean;
    onRetry?: (error: unknown, attempt: number) => void;
  },
): Promise<KvKeyring | undefined> {
  for (let attempt = 0; !options.stopped?.() && !nc.isClosed(); attempt++) {
    try {
      return await KvKeyring.watch(nc, options);
    } catch (error) {
      options.onRetry?.(error, attempt);
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)));
    }
  }
  return undefined;
}
