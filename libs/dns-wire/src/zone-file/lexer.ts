import { ZoneFileError } from '../errors.js';

/** One field of a master-file entry; `text` keeps its escapes, quotes are removed. */
export interface Token {
  text: string;
  quoted: boolean;
  line: number;
  column: number;
}

/** One entry: a line, or several joined by parentheses (RFC 1035 §5.1). */
export interface LogicalLine {
  tokens: Token[];
  /** The entry began with whitespace: the owner is the previous one. */
  ownerOmitted: boolean;
  line: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const SEMICOLON = 0x3b;
const OPEN = 0x28;
const CLOSE = 0x29;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Splits master-file text into entries, one physical line at a time so it
 * can run over a stream: comments, quoted strings, escapes and parentheses
 * that continue an entry over several lines.
 */
export class Lexer {
  readonly #file: string;
  #depth = 0;
  #tokens: Token[] = [];
  #ownerOmitted = false;
  #line = 0;
  #openedAt = { line: 0, column: 0 };

  constructor(file: string) {
    this.#file = file;
  }

  /** Feeds one physical line (no newline); returns an entry when one is complete. */
  push(text: string, line: number): LogicalLine | undefined {
    if (this.#depth === 0) {
      this.#tokens = [];
      const first = text.charCodeAt(0);
      this.#ownerOmitted = first === SPACE || first === TAB;
      this.#line = line;
    }
    const tokens = this.#tokens;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === 0x0d) {
        i++;
      } else if (c === SEMICOLON) {
        break;
      } else if (c === OPEN) {
        if (this.#depth === 0) this.#openedAt = { line, column: i + 1 };
        this.#depth++;
        i++;
      } else if (c === CLOSE) {
        if (this.#depth === 0) throw new ZoneFileError("')' without '('", this.#file, line, i + 1);
        this.#depth--;
        i++;
      } else if (c === QUOTE) {
        let j = i + 1;
        for (; j < n; j++) {
          const d = text.charCodeAt(j);
          if (d === BACKSLASH) j++;
          else if (d === QUOTE) break;
        }
        if (j >= n) throw new ZoneFileError('unterminated quoted string', this.#file, line, i + 1);
        tokens.push({ text: text.slice(i + 1, j), quoted: true, line, column: i + 1 });
        i = j + 1;
      } else {
        let j = i;
        for (; j < n; j++) {
          const d = text.charCodeAt(j);
          if (d === BACKSLASH) {
            j++;
            if (j >= n) throw new ZoneFileError('escape at the end of a line', this.#file, line, j);
          } else if (
            d === SPACE ||
            d === TAB ||
            d === SEMICOLON ||
            d === OPEN ||
            d === CLOSE ||
            d === QUOTE
          ) {
            break;
          } else if (d === 0x0d && j === n - 1) {
            break;
          }
        }
        tokens.push({ text: text.slice(i, j), quoted: false, line, column: i + 1 });
        i = j;
      }
    }
    if (this.#depth > 0 || tokens.length === 0) return undefined;
    return { tokens, ownerOmitted: this.#ownerOmitted, line: this.#line };
  }

  /** Call at end of input: fails if parentheses are still open. */
  end(): void {
    if (this.#depth > 0) {
      throw new ZoneFileError("'(' never closed", this.#file, this.#openedAt.line, this.#openedAt.column);
    }
  }
}

/** All tokens of a piece of text, parentheses and comments handled; for single records and RDATA. */
export function tokenize(text: string, file = '<text>'): Token[] {
  const lexer = new Lexer(file);
  const out: Token[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const entry = lexer.push(lines[i], i + 1);
    if (entry) out.push(...entry.tokens);
  }
  lexer.end();
  return out;
}
