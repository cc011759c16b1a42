import type { NatsConnection } from '@nats-io/transport-node';
import {
  KeyErrorCode,
  type KeyReply,
  KeyReply as KeyReplyCodec,
  KeyRequest,
  SIGNER_KEYS_SUBJECT,
  SIGNER_SIGN_SUBJECT,
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
  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = 30_000,
  ) {}

  async sign(request: SignRequest): Promise<SignReply> {
    const reply = SignReplyCodec.decode(
      await this.#request(SIGNER_SIGN_SUBJECT, SignRequest.encode(request).finish()),
    );
    if (reply.error) throw new SigningRefusedError(`signer: ${reply.error}`, reply.errorCode);
    return reply;
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
