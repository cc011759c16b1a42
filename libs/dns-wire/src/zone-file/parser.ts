import { isRRClassText, RRClass, RRType, rrClassFromString, rrTypeFromString } from '../constants.js';
import { DnsWireError, ZoneFileError } from '../errors.js';
import type { ResourceRecord } from '../message.js';
import { Name } from '../name.js';
import { rdataFromTokens } from '../rdata/rdata.js';
import { soaMinimum } from '../rdata/soa-fields.js';
import { isTtlText, ttlFromText } from '../ttl.js';
import { parseRange, Template } from './generate.js';
import { type LogicalLine, type Token, tokenize } from './lexer.js';
import type { ZoneParseOptions } from './options.js';

/** An `$INCLUDE` the driver must open (RFC 1035 §5.1); `origin` applies inside the file only. */
export interface IncludeRequest {
  kind: 'include';
  path: string;
  origin: Name | undefined;
  token: Token;
}

/** What one entry yields: nothing (a directive), a record, the records of a $GENERATE, or an include. */
export type EntryResult = undefined | ResourceRecord | Iterable<ResourceRecord> | IncludeRequest;

/** Parser state that carries from one entry to the next (and into included files). */
export interface ParserState {
  origin: Name | undefined;
  owner: Name | undefined;
  ownerText: string | undefined;
  /** TTL from $TTL: used for records without one (RFC 2308 §4). */
  defaultTtl: number | undefined;
  /** Last explicit TTL: used when there is no $TTL (RFC 1035 §5.1). */
  lastTtl: number | undefined;
  lastClass: number;
  /** Owner of the current block of consecutive same-owner entries, and the TTL of each RRset in it. */
  blockOwner: Name | undefined;
  blockTtls: Map<number, number>;
}

export function initialState(options: ZoneParseOptions | undefined): ParserState {
  return {
    origin: options?.origin,
    owner: undefined,
    ownerText: undefined,
    defaultTtl: options?.defaultTtl,
    lastTtl: undefined,
    lastClass: options?.defaultClass ?? RRClass.IN,
    blockOwner: undefined,
    blockTtls: new Map(),
  };
}

/**
 * Turns master-file entries (RFC 1035 §5) into records: directives, omitted
 * owner, TTL and class, relative names. Reading the text and opening included
 * files is left to the driver, so the same parser serves strings and streams.
 */
export class ZoneParser {
  readonly file: string;
  readonly state: ParserState;
  /** The token being parsed, for error positions. */
  #at: Token = { text: '', quoted: false, line: 1, column: 1 };

  constructor(file: string, state: ParserState) {
    this.file = file;
    this.state = state;
  }

  /** Parses one entry; any library error is rethrown as a ZoneFileError at the offending token. */
  entry(line: LogicalLine): EntryResult {
    const first = line.tokens[0];
    this.#at = first;
    try {
      if (!line.ownerOmitted && !first.quoted && first.text.startsWith('$'))
        return this.#directive(line.tokens);
      return this.#record(line.tokens, line.ownerOmitted);
    } catch (e) {
      if (e instanceof ZoneFileError || !(e instanceof DnsWireError)) throw e;
      throw new ZoneFileError(e.message, this.file, this.#at.line, this.#at.column);
    }
  }

  #directive(tokens: Token[]): EntryResult {
    const s = this.state;
    const directive = tokens[0].text.toUpperCase();
    const arg = (i: number, what: string): Token => {
      const token = tokens[i];
      if (token === undefined) throw this.#error(`${directive} needs ${what}`, tokens[0]);
      this.#at = token;
      return token;
    };
    switch (directive) {
      case '$ORIGIN':
        s.origin = Name.parse(arg(1, 'a domain name').text, s.origin);
        this.#noMore(tokens, 2);
        return undefined;
      case '$TTL':
        s.defaultTtl = ttlFromText(arg(1, 'a TTL').text);
        this.#noMore(tokens, 2);
        return undefined;
      case '$INCLUDE': {
        const path = arg(1, 'a file name');
        const origin = tokens[2] === undefined ? s.origin : Name.parse(arg(2, 'an origin').text, s.origin);
        this.#noMore(tokens, 3);
        return { kind: 'include', path: path.text, origin, token: path };
      }
      case '$GENERATE':
        return this.#generate(tokens);
      default:
        throw this.#error(`unknown directive ${tokens[0].text}`, tokens[0]);
    }
  }

  #record(tokens: Token[], ownerOmitted: boolean): ResourceRecord {
    const s = this.state;
    let i = 0;
    let owner: Name;
    if (ownerOmitted) {
      if (s.owner === undefined) throw this.#error('no previous owner name', tokens[0]);
      owner = s.owner;
    } else {
      const text = tokens[0].text;
      this.#at = tokens[0];
      // Consecutive records usually share an owner; skip re-parsing it.
      owner = text === s.ownerText && s.owner !== undefined ? s.owner : Name.parse(text, s.origin);
      s.owner = owner;
      s.ownerText = text;
      i = 1;
    }
    const rr = this.#rest(owner, tokens, i);
    this.#sameRRsetTtl(rr);
    return rr;
  }

  /**
   * All records of an RRset share one TTL (RFC 2181 §5.2). Like BIND, a
   * record whose TTL differs from an earlier record of the same RRset in the
   * same block of entries for that owner takes the earlier TTL.
   */
  #sameRRsetTtl(rr: ResourceRecord): void {
    const s = this.state;
    if (s.blockOwner !== rr.name && !s.blockOwner?.equals(rr.name)) {
      s.blockOwner = rr.name;
      s.blockTtls.clear();
    }
    // RRSIGs form one set per covered type (RFC 4034 §3.1.8): key on both.
    let key = rr.type * 0x10000 + rr.class;
    if (rr.type === RRType.RRSIG && rr.rdata.length >= 2)
      key += (rr.rdata[0] * 256 + rr.rdata[1]) * 0x100000000;
    const prior = s.blockTtls.get(key);
    if (prior === undefined) {
      s.blockTtls.set(key, rr.ttl);
    } else if (prior !== rr.ttl) {
      rr.ttl = prior;
      s.lastTtl = prior;
    }
  }

  /** `[ttl] [class] type rdata` in either order of TTL and class (RFC 1035 §5.1). */
  #rest(owner: Name, tokens: Token[], i: number): ResourceRecord {
    const s = this.state;
    let ttl: number | undefined;
    let klass: number | undefined;
    for (let k = 0; k < 2 && i < tokens.length; k++) {
      const text = tokens[i].text;
      if (ttl === undefined && isTtlText(text)) {
        this.#at = tokens[i];
        ttl = ttlFromText(text);
      } else if (klass === undefined && isRRClassText(text)) {
        this.#at = tokens[i];
        klass = rrClassFromString(text);
      } else {
        break;
      }
      i++;
    }
    const typeToken = tokens[i];
    if (typeToken === undefined) throw this.#error('missing type', tokens[tokens.length - 1]);
    this.#at = typeToken;
    const type = rrTypeFromString(typeToken.text);
    if (tokens[i + 1] !== undefined) this.#at = tokens[i + 1];
    const rdata = rdataFromTokens(type, tokens, i + 1, s.origin);
    if (klass === undefined) klass = s.lastClass;
    else s.lastClass = klass;
    if (ttl !== undefined) {
      s.lastTtl = ttl;
    } else if (s.defaultTtl !== undefined) {
      ttl = s.defaultTtl;
    } else if (s.lastTtl !== undefined) {
      ttl = s.lastTtl;
    } else if (type === RRType.SOA) {
      // No TTL anywhere yet: BIND takes the SOA MINIMUM, as RFC 1035 zones did.
      ttl = soaMinimum(rdata);
      s.lastTtl = ttl;
    } else {
      throw this.#error('no TTL given and no $TTL in effect', typeToken);
    }
    return { name: owner, type, class: klass, ttl, rdata };
  }

  /** BIND's `$GENERATE range lhs [ttl] [class] type rhs`, expanded lazily. */
  #generate(tokens: Token[]): Iterable<ResourceRecord> {
    if (tokens.length < 5)
      throw this.#error('$GENERATE needs a range, an owner, a type and RDATA', tokens[0]);
    this.#at = tokens[1];
    const range = parseRange(tokens[1].text);
    const lhs = new Template(tokens[2].text);
    const rhsTokens = tokens.slice(3);
    // Everything but the last token is [ttl] [class] type; BIND takes the RDATA template as one field.
    const rhs = new Template(rhsTokens[rhsTokens.length - 1].text);
    const head = rhsTokens.slice(0, -1);
    const origin = this.state.origin;
    const at = tokens[0];
    const file = this.file;
    const rest = (owner: Name, all: Token[]): ResourceRecord => this.#rest(owner, all, 0);
    return {
      *[Symbol.iterator]() {
        for (let v = range.start; v <= range.stop; v += range.step) {
          try {
            const owner = Name.parse(lhs.expand(v), origin);
            const all = [...head, ...tokenize(rhs.expand(v), file)];
            yield rest(owner, all);
          } catch (e) {
            if (!(e instanceof DnsWireError)) throw e;
            const reason = e instanceof ZoneFileError ? e.reason : e.message;
            throw new ZoneFileError(`$GENERATE at value ${v}: ${reason}`, file, at.line, at.column);
          }
        }
      },
    };
  }

  #noMore(tokens: Token[], from: number): void {
    if (tokens.length > from) throw this.#error(`unexpected '${tokens[from].text}'`, tokens[from]);
  }

  #error(reason: string, token: Token): ZoneFileError {
    return new ZoneFileError(reason, this.file, token.line, token.column);
  }
}
