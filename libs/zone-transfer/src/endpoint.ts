import { isIP } from 'node:net';

/** A server to talk to: host (an address or a name) and port. */
export interface Endpoint {
  host: string;
  port: number;
}

export class EndpointError extends Error {
  constructor(text: string) {
    super(`${JSON.stringify(text)} is not host, host:port or [v6]:port`);
    this.name = 'EndpointError';
  }
}

/** Parses `192.0.2.1`, `192.0.2.1:5300`, `[2001:db8::1]:53`, `2001:db8::1`, `ns.example:53`. */
export function parseEndpoint(text: string, defaultPort = 53): Endpoint {
  const t = text.trim();
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(t);
  if (bracket) return check(text, bracket[1], bracket[2] ? Number(bracket[2]) : defaultPort);
  if (isIP(t) === 6) return { host: t, port: defaultPort };
  const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(t);
  if (!m) throw new EndpointError(text);
  return check(text, m[1], m[2] ? Number(m[2]) : defaultPort);
}

function check(text: string, host: string, port: number): Endpoint {
  if (port < 1 || port > 65535 || host === '') throw new EndpointError(text);
  return { host, port };
}

export function formatEndpoint(e: Endpoint): string {
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}
