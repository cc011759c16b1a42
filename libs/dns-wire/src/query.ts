import { RRClass } from './constants.js';
import type { Edns, Message } from './message.js';
import type { Name } from './name.js';

export interface QueryOptions {
  id?: number;
  class?: number;
  opcode?: number;
  rd?: boolean;
  cd?: boolean;
  edns?: Edns;
}

/**
 * A query message for one question: every header flag clear unless asked for, no records.
 * Clients, tests and benches build queries this way instead of spelling out the header.
 */
export function queryMessage(name: Name, type: number, options: QueryOptions = {}): Message {
  return {
    id: options.id ?? 0,
    qr: false,
    opcode: options.opcode ?? 0,
    aa: false,
    tc: false,
    rd: options.rd ?? false,
    ra: false,
    z: false,
    ad: false,
    cd: options.cd ?? false,
    rcode: 0,
    questions: [{ name, type, class: options.class ?? RRClass.IN }],
    answers: [],
    authorities: [],
    additionals: [],
    edns: options.edns,
  };
}
