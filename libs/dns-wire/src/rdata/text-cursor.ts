import { RdataError } from '../errors.js';
import { Name } from '../name.js';
import type { Token } from '../zone-file/lexer.js';

/** Walks the presentation tokens of one RDATA, with typed reads that fail as RdataError. */
export class TextCursor {
  readonly tokens: readonly Token[];
  readonly origin: Name | undefined;
  readonly what: string;
  index: number;

  constructor(tokens: readonly Token[], start: number, origin: Name | undefined, what: string) {
    this.tokens = tokens;
    this.index = start;
    this.origin = origin;
    this.what = what;
  }

  fail(reason: string): never {
    throw new RdataError(`${this.what}: ${reason}`);
  }

  more(): boolean {
    return this.index < this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(field: string): Token {
    const token = this.tokens[this.index];
    if (token === undefined) this.fail(`missing ${field}`);
    this.index++;
    return token;
  }

  /** The text of the next token, quoted or not. */
  text(field: string): string {
    return this.next(field).text;
  }

  /** An unsigned decimal integer no greater than `max`. */
  int(field: string, max: number): number {
    const text = this.text(field);
    return parseUnsigned(text, max, `${this.what} ${field}`);
  }

  u8(field: string): number {
    return this.int(field, 0xff);
  }

  u16(field: string): number {
    return this.int(field, 0xffff);
  }

  u32(field: string): number {
    return this.int(field, 0xffffffff);
  }

  name(field: string): Name {
    return Name.parse(this.text(field), this.origin);
  }

  /** The remaining tokens' texts concatenated: base64 and hex fields may be split by spaces. */
  joinRest(field: string): string {
    if (!this.more()) this.fail(`missing ${field}`);
    let out = '';
    while (this.index < this.tokens.length) out += this.tokens[this.index++].text;
    return out;
  }

  /** Fails if tokens remain. */
  done(): void {
    const token = this.tokens[this.index];
    if (token !== undefined) this.fail(`unexpected '${token.text}'`);
  }
}

/** Strict unsigned decimal: digits only, at most `max`. */
export function parseUnsigned(text: string, max: number, what: string): number {
  if (text.length === 0 || text.length > 15 || !/^[0-9]+$/.test(text)) {
    throw new RdataError(`${what}: '${text}' is not an unsigned integer`);
  }
  const value = Number(text);
  if (value > max) throw new RdataError(`${what}: ${text} is above ${max}`);
  return value;
}
