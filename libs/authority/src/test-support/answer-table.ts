import test from 'ava';
import type { Responder } from '../responder.js';
import { type QueryOptions, queryBytes, summarize } from './exchange.js';

/** One row: a query and the reply expected, sections as record text (order free). */
export interface AnswerCase {
  qname: string;
  qtype: string;
  options?: QueryOptions;
  /** What the row shows, when the query alone does not say. */
  note?: string;
  rcode: string;
  /** Header flags among aa and tc; default none. */
  flags?: string[];
  answer?: string[];
  authority?: string[];
  additional?: string[];
}

/** Registers one ava test per row, each sending the query through `responder`. */
export function answerTable(title: string, responder: () => Responder, cases: readonly AnswerCase[]): void {
  for (const row of cases) {
    const options = row.options ? ` ${JSON.stringify(row.options)}` : '';
    const note = row.note ? ` (${row.note})` : '';
    test(`${title}: ${row.qname} ${row.qtype}${options}${note}`, (t) => {
      const reply = responder().respond(
        queryBytes(row.qname, row.qtype, row.options),
        row.options?.transport ?? 'udp',
      );
      if (reply === null) return t.fail('no reply');
      t.deepEqual(summarize(reply), {
        rcode: row.rcode,
        flags: row.flags ?? [],
        answer: [...(row.answer ?? [])].sort(),
        authority: [...(row.authority ?? [])].sort(),
        additional: [...(row.additional ?? [])].sort(),
      });
    });
  }
}
