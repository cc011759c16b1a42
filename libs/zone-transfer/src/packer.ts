import { MessageWriter, Opcode, type Question, type ResourceRecord, RRClass } from '@shoal/dns-wire';
import { TransferError } from './errors.js';

/** Signs each message of a response stream; TsigStreamSigner fits. */
export interface MessageSigner {
  /** Octets to keep free for the signature record. */
  readonly reserve: number;
  sign(message: Uint8Array): Uint8Array;
}

export interface PackerOptions {
  id: number;
  question: Question;
  /** Largest message; 65535 over TCP, the client's UDP size otherwise. */
  maxSize: number;
  signer?: MessageSigner;
  /** RFC 5936 §2.2.1 requires the question in the first message only; copy it in all when true. */
  questionInEvery?: boolean;
}

/**
 * Packs answer records into as few response messages as the size limit allows (RFC 5936
 * §2.2: any number of records per message), with name compression within each message, and
 * hands out each message as it fills. The writer's buffer is reused from message to message,
 * so a transfer holds one message in memory, not the zone.
 */
export class ResponsePacker {
  readonly #writer: MessageWriter;
  readonly #options: PackerOptions;
  #messages = 0;
  #records = 0;
  records = 0;

  constructor(options: PackerOptions) {
    this.#options = options;
    this.#writer = new MessageWriter(options.maxSize);
    this.#begin();
  }

  #begin(): void {
    const w = this.#writer;
    w.reset(this.#options.maxSize);
    w.setHeader({ id: this.#options.id, qr: true, opcode: Opcode.QUERY, aa: true });
    if (this.#options.signer) w.reserve(this.#options.signer.reserve);
    if (this.#messages === 0 || this.#options.questionInEvery) {
      if (!w.addQuestion(this.#options.question))
        throw new TransferError('the question does not fit in a message');
    }
    this.#records = 0;
  }

  /** Adds one record; returns the message it completed, if adding it needed a new one. */
  add(rr: ResourceRecord): Uint8Array | undefined {
    const record = rr.class ? rr : { ...rr, class: RRClass.IN };
    if (this.#writer.addRecord('answer', record)) {
      this.#records++;
      this.records++;
      return undefined;
    }
    if (this.#records === 0)
      throw new TransferError(`record ${rr.name} type ${rr.type} does not fit in a message`);
    const done = this.#seal();
    this.#begin();
    if (!this.#writer.addRecord('answer', record)) {
      throw new TransferError(`record ${rr.name} type ${rr.type} does not fit in a message`);
    }
    this.#records++;
    this.records++;
    return done;
  }

  /** Messages sealed so far. */
  get messages(): number {
    return this.#messages;
  }

  #seal(): Uint8Array {
    this.#messages++;
    const message = this.#writer.finish();
    return this.#options.signer ? this.#options.signer.sign(message) : message;
  }

  /** The last message. */
  finish(): Uint8Array {
    return this.#seal();
  }
}

/** A single-message answer with an error RCODE (or an empty NOERROR), question copied. */
export function errorResponse(
  id: number,
  opcode: number,
  question: Question | undefined,
  rcode: number,
): Uint8Array {
  const w = new MessageWriter(512);
  w.setHeader({ id, qr: true, opcode, rcode });
  if (question) w.addQuestion(question);
  return w.finish();
}
