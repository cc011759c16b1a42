import { randomUUID } from 'node:crypto';
import type { ServiceError } from '@grpc/grpc-js';
import type { WriteResult } from '@shoal/admin-api';
import type { Command } from 'commander';
import { AdminClients, ExitCode, exitCodeFor } from './client.js';

export interface WriteFlags {
  requestId?: string;
  reason?: string;
}

/** What every command shares: the connection, output mode, and error handling. */
export class Cli {
  constructor(private readonly program: Command) {}

  clients(): AdminClients {
    const o = this.program.opts();
    return new AdminClients({
      server: o.server,
      token: o.token,
      tokenFile: o.tokenFile,
      caFile: o.ca,
      certFile: o.cert,
      keyFile: o.key,
      timeoutMs: Number(o.timeout),
    });
  }

  get json(): boolean {
    return Boolean(this.program.opts().json);
  }

  /** JSON with --json (generated-code bookkeeping left out), else the human form. */
  print(value: unknown, human: () => string): void {
    const text = this.json
      ? JSON.stringify(value, (k, v) => (k === '_unknownFields' ? undefined : v), 2)
      : human();
    if (text !== '') console.log(text);
  }

  writeOptions(o: WriteFlags) {
    return { requestId: o.requestId ?? randomUUID(), reason: o.reason ?? '' };
  }

  printWrite(r: WriteResult): void {
    this.print(
      r,
      () => `ok: serial ${r.serial}, sequence ${r.sequence}${r.duplicate ? ' (already applied)' : ''}`,
    );
  }

  /** Runs a command body; gRPC errors become a message (with each violation) and an exit code. */
  run<A extends unknown[]>(body: (c: AdminClients, ...args: A) => Promise<number | undefined>) {
    return async (...args: A) => {
      const c = this.clients();
      try {
        process.exitCode = (await body(c, ...args)) ?? ExitCode.OK;
      } catch (err) {
        process.exitCode = this.report(err);
      } finally {
        c.close();
      }
    };
  }

  report(err: unknown): number {
    const e = err as ServiceError;
    const raw = e.metadata?.get?.('x-violations')?.[0];
    const violations = raw
      ? (JSON.parse(String(raw)) as { field: string; rule: string; message: string }[])
      : undefined;
    if (this.json) console.log(JSON.stringify({ error: e.details ?? e.message, code: e.code, violations }));
    else {
      console.error(`dnsctl: ${e.details ?? e.message}`);
      for (const v of violations ?? []) console.error(`  ${v.field}: ${v.message} [${v.rule}]`);
    }
    return e.code === undefined ? ExitCode.ERROR : exitCodeFor(err);
  }
}

export const withWrite = (cmd: Command) =>
  cmd
    .option('--request-id <id>', 'idempotency key (a retry with the same key is applied once)')
    .option('--reason <text>', 'why: kept in the zone history');
