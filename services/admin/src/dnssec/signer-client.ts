import { randomUUID } from 'node:crypto';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  KeyErrorCode,
  type KeyReply,
  KeyReply as KeyReplyCodec,
  KeyRequest,
  SIGNER_KEYS_SUBJECT,
  SIGNER_SIGN_SUBJECT,
  SIGNING_BUCKET,
  SIGNING_OBJECT_TTL_NANOS,
  SignErrorCode,
  type SignReply,
  SignReply as SignReplyCodec,
  SignRequest,
} from '@shoal/dnssec-api';
import { EventStoreUnavailableError } from '@shoal/event-store';

/** The signer did not answer, or no signer runs: a signed zone cannot be changed now. */
export class SignerUnavailableError extends EventStoreUnavailableError {
  override name = 'SignerUnavailableError';
}

/** The signer refused the change (its reason in the message). */
export class SigningRefusedError extends Error {
  override name = 'SigningRefusedError';
  constructor(
    message: string,
    readonly code: SignErrorCode,
  ) {
    super(message);
  }
}

/**
 * The signer refused a key command (its reason in the message). A refusal because the zone or
 * the key does not exist, or because of the key's state (retiring the last signing key,
 * deleting a published key, a rollover already under way), is the request's; INTERNAL is the
 * signer's own failure.
 */
export class KeyCommandRefusedError extends Error {
  override name = 'KeyCommandRefusedError';
  constructor(
    message: string,
    readonly code: KeyErrorCode,
  ) {
    super(message);
  }
}

/** Requests to the signers over core NATS (dns.signer.sign, dns.signer.keys). */
export class SignerClient {
  #bucket?: Promise<ObjectStore>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Messages above this go through the SHOAL_SIGNING Object Store (the server's max_payload, less headers). */
  get #maxMessageBytes(): number {
    return (this.nc.info?.max_payload ?? 1024 * 1024) - 4096;
  }

  #objects(): Promise<ObjectStore> {
    this.#bucket ??= new Objm(this.nc).create(SIGNING_BUCKET, {
      description: 'Shoal sign requests and replies too large for one message',
      ttl: SIGNING_OBJECT_TTL_NANOS,
    });
    this.#bucket.catch(() => (this.#bucket = undefined));
    return this.#bucket;
  }

  /**
   * Signs a change. A request or reply larger than one NATS message (a large import into a
   * signed zone) travels through the Object Store, by name; each object is deleted once read.
   */
  async sign(request: SignRequest): Promise<SignReply> {
    let encoded = SignRequest.encode(request).finish();
    let stored: string | undefined;
    if (encoded.length > this.#maxMessageBytes) {
      stored = `request-${randomUUID()}`;
      await (await this.#objects()).putBlob({ name: stored }, encoded);
      encoded = SignRequest.encode({
        ...request,
        body: { $case: 'objectName', objectName: stored },
      }).finish();
    }
    try {
      let reply = SignReplyCodec.decode(await this.#request(SIGNER_SIGN_SUBJECT, encoded));
      if (reply.body?.$case === 'objectName') {
        const objects = await this.#objects();
        const name = reply.body.objectName;
        const data = await objects.getBlob(name);
        await objects.delete(name).catch(() => {});
        if (!data) throw new SignerUnavailableError(`the signer's reply ${name} is not in ${SIGNING_BUCKET}`);
        reply = SignReplyCodec.decode(data);
      }
      if (reply.error) throw new SigningRefusedError(`signer: ${reply.error}`, reply.errorCode);
      return reply;
    } finally {
      if (stored) await (await this.#objects()).delete(stored).catch(() => {});
    }
  }

  async keys(request: KeyRequest): Promise<KeyReply> {
    return KeyReplyCodec.decode(
      await this.#request(SIGNER_KEYS_SUBJECT, KeyRequest.encode(request).finish()),
    );
  }

  async #request(subject: string, data: Uint8Array): Promise<Uint8Array> {
    try {
      const msg = await this.nc.request(subject, data, { timeout: this.timeoutMs });
      return msg.data;
    } catch (error) {
      throw new SignerUnavailableError(`no signer answered on ${subject}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}

export { KeyErrorCode, SignErrorCode };
