import { randomUUID } from 'node:crypto';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { SIGNING_BUCKET, SIGNING_OBJECT_TTL_NANOS, SignReply, SignRequest } from '@shoal/dnssec-api';

/**
 * Sign requests and replies larger than one NATS message travel through the SHOAL_SIGNING
 * Object Store by name (dnssec.proto): the admin stores a large request and deletes it after
 * the reply; the signer stores a large reply, which the admin deletes once read. The bucket's
 * TTL removes what a crash leaves behind.
 */
export class SigningObjects {
  #bucket?: Promise<ObjectStore>;

  constructor(private readonly nc: NatsConnection) {}

  #objects(): Promise<ObjectStore> {
    this.#bucket ??= new Objm(this.nc).create(SIGNING_BUCKET, {
      description: 'Shoal sign requests and replies too large for one message',
      ttl: SIGNING_OBJECT_TTL_NANOS,
    });
    this.#bucket.catch(() => (this.#bucket = undefined));
    return this.#bucket;
  }

  /** The request itself, fetched from the Object Store when the message only names it. */
  async request(data: Uint8Array): Promise<Uint8Array> {
    let request: SignRequest;
    try {
      request = SignRequest.decode(data);
    } catch {
      return data; // the handler answers an unreadable request with its own error
    }
    if (request.body?.$case !== 'objectName') return data;
    const stored = await (await this.#objects()).getBlob(request.body.objectName);
    if (!stored) throw new Error(`sign request ${request.body.objectName} is not in ${SIGNING_BUCKET}`);
    return stored;
  }

  /** The message to answer with: the reply, or the name under which a large one was stored. */
  async reply(reply: SignReply): Promise<Uint8Array> {
    const encoded = SignReply.encode(reply).finish();
    if (encoded.length <= (this.nc.info?.max_payload ?? 1024 * 1024) - 4096) return encoded;
    const name = `reply-${randomUUID()}`;
    await (await this.#objects()).putBlob({ name }, encoded);
    return SignReply.encode({ ...reply, body: { $case: 'objectName', objectName: name } }).finish();
  }
}
