import {
  decodeMessage,
  type Message,
  MessageWriter,
  type Name,
  Opcode,
  type Question,
  type ResourceRecord,
  RRClass,
  RRType,
  soaSerial,
} from '@shoal/dns-wire';

/**
 * A NOTIFY (RFC 1996 §3): opcode NOTIFY, AA set, the zone's SOA as the question, and the new
 * SOA in the answer section as a hint (§3.7), which lets the secondary skip the SOA query
 * when it already has that serial.
 */
export function buildNotify(zone: Name, id: number, soa?: { ttl: number; rdata: Uint8Array }): Uint8Array {
  const w = new MessageWriter(512);
  w.setHeader({ id, opcode: Opcode.NOTIFY, aa: true });
  w.addQuestion({ name: zone, type: RRType.SOA, class: RRClass.IN });
  if (soa)
    w.addRecord('answer', {
      name: zone,
      type: RRType.SOA,
      class: RRClass.IN,
      ttl: soa.ttl,
      rdata: soa.rdata,
    });
  return w.finish();
}

export interface NotifyMessage {
  id: number;
  zone: Name;
  question: Question;
  /** The serial hinted in the answer section, if any. */
  serial?: number;
}

/** Reads a NOTIFY request; undefined when the message is not one (a response, another opcode). */
export function parseNotify(bytes: Uint8Array): NotifyMessage | undefined {
  const message = decodeMessage(bytes);
  if (message.qr || message.opcode !== Opcode.NOTIFY || message.questions.length !== 1) return undefined;
  const question = message.questions[0];
  const soa: ResourceRecord | undefined = message.answers.find(
    (r) => r.type === RRType.SOA && r.name.equals(question.name),
  );
  return { id: message.id, zone: question.name, question, serial: soa ? soaSerial(soa.rdata) : undefined };
}

/** The answer to a NOTIFY (RFC 1996 §4.7): same ID and question, QR set, the RCODE given. */
export function notifyResponse(
  request: { id: number; question?: Question },
  rcode: number,
  aa = true,
): Uint8Array {
  const w = new MessageWriter(512);
  w.setHeader({ id: request.id, qr: true, opcode: Opcode.NOTIFY, aa: aa && rcode === 0, rcode });
  if (request.question) w.addQuestion(request.question);
  return w.finish();
}

/** Checks a reply to a NOTIFY we sent: its RCODE when it answers it, undefined when it is not the answer. */
export function notifyAckRcode(reply: Uint8Array, id: number, zone: Name): number | undefined {
  let message: Message;
  try {
    message = decodeMessage(reply);
  } catch {
    return undefined;
  }
  if (!message.qr || message.id !== id || message.opcode !== Opcode.NOTIFY) return undefined;
  // Some servers answer errors without the question; when present it must be ours.
  const q = message.questions[0];
  if (q && !q.name.equals(zone)) return undefined;
  return message.rcode;
}
