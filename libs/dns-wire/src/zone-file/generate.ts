import { RdataError } from '../errors.js';

/**
 * BIND's $GENERATE templates: `$` is the iterator, `${offset[,width[,base]]}`
 * modifies it (base d, o, x, X, or n/N for reversed nibbles). Escapes such as
 * `\$` are left in place for the name or RDATA parser, as BIND does, so `\$`
 * ends up a literal dollar sign.
 */
export interface GenerateRange {
  start: number;
  stop: number;
  step: number;
}

/** One line must not be able to produce an unbounded number of records. */
const MAX_ITERATIONS = 1 << 20;

/** Parses `start-stop[/step]`. */
export function parseRange(text: string): GenerateRange {
  const m = /^([0-9]+)-([0-9]+)(?:\/([0-9]+))?$/.exec(text);
  if (!m) throw new RdataError(`bad $GENERATE range '${text}'`);
  const start = Number(m[1]);
  const stop = Number(m[2]);
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (start > stop || step < 1 || stop > 0x7fffffff) throw new RdataError(`bad $GENERATE range '${text}'`);
  if ((stop - start) / step >= MAX_ITERATIONS) {
    throw new RdataError(`$GENERATE range '${text}' makes more than ${MAX_ITERATIONS} records`);
  }
  return { start, stop, step };
}

type Piece = string | { offset: number; width: number; base: string };

/** A template split once into literal text and iterator substitutions. */
export class Template {
  readonly #pieces: Piece[];

  constructor(text: string) {
    this.#pieces = compile(text);
  }

  expand(value: number): string {
    let out = '';
    for (const piece of this.#pieces) out += typeof piece === 'string' ? piece : format(value, piece);
    return out;
  }
}

function compile(text: string): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      literal += c + (text[i + 1] ?? '');
      i++;
    } else if (c === '$') {
      if (literal) pieces.push(literal);
      literal = '';
      if (text[i + 1] === '{') {
        const close = text.indexOf('}', i);
        if (close < 0) throw new RdataError(`unclosed \${ in $GENERATE template '${text}'`);
        pieces.push(modifier(text.slice(i + 2, close), text));
        i = close;
      } else {
        pieces.push({ offset: 0, width: 0, base: 'd' });
      }
    } else {
      literal += c;
    }
  }
  if (literal) pieces.push(literal);
  return pieces;
}

function modifier(spec: string, text: string): Piece {
  const m = /^(-?[0-9]+)(?:,([0-9]+)(?:,([doxXnN]))?)?$/.exec(spec);
  if (!m) throw new RdataError(`bad \${${spec}} in $GENERATE template '${text}'`);
  return { offset: Number(m[1]), width: m[2] === undefined ? 0 : Number(m[2]), base: m[3] ?? 'd' };
}

function format(value: number, p: { offset: number; width: number; base: string }): string {
  const v = value + p.offset;
  if (v < 0) throw new RdataError('$GENERATE value below zero after offset');
  if (p.base === 'n' || p.base === 'N') return nibbles(v, p.width, p.base === 'N');
  let digits: string;
  if (p.base === 'o') digits = v.toString(8);
  else if (p.base === 'x') digits = v.toString(16);
  else if (p.base === 'X') digits = v.toString(16).toUpperCase();
  else digits = v.toString(10);
  return digits.padStart(p.width, '0');
}

/**
 * Nibble mode, for ip6.arpa names: hex digits least significant first, dot
 * separated, continued with zero nibbles until the text (dots included) is
 * `width` characters long, as BIND does (width 4 of 0xa gives `a.0.`).
 */
function nibbles(value: number, width: number, upper: boolean): string {
  let hex = value.toString(16);
  if (upper) hex = hex.toUpperCase();
  let out = '';
  for (let i = hex.length - 1; ; i--) {
    out += i >= 0 ? hex[i] : '0';
    if (i <= 0 && out.length >= width) return out;
    out += '.';
    if (i <= 0 && out.length >= width) return out;
  }
}
