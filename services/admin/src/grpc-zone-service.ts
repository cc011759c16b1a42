import type * as grpc from '@grpc/grpc-js';
import {
  ChangeType,
  ImportMode,
  type ImportZoneHeader,
  type ImportZoneRequest,
  type ImportZoneResponse,
  type WriteResult,
  type ZoneAdminServiceServer,
} from '@shoal/admin-api';
import { ValidationError } from './errors.js';
import type { CallContext, GrpcEdge } from './grpc-call.js';
import type { AdminStatistics } from './statistics.js';
import type { RRsetEdit, ZoneAdmin } from './zone-admin.js';
import { zoneFileChunks } from './zone-export.js';
import { diffSerials, listChanges, recordText } from './zone-history.js';
import type { ZoneImporter } from './zone-import.js';
import type { WriteOutcome } from './zone-writer.js';

const result = (o: WriteOutcome): WriteResult => ({
  sequence: o.sequence,
  serial: o.serial,
  duplicate: o.duplicate,
});

/** dns.admin.v1.ZoneAdminService over ZoneAdmin. */
export function zoneAdminService(
  edge: GrpcEdge,
  admin: ZoneAdmin,
  importer: ZoneImporter,
  stats: AdminStatistics,
): ZoneAdminServiceServer {
  return {
    createZone: edge.unary(
      'CreateZone',
      (r) => ({ kind: 'write-zone', zone: r.name }),
      async (req, ctx) =>
        result(
          await admin.createZone(
            { name: req.name, settings: req.settings, rrsets: req.rrsets, nameservers: req.nameservers },
            ctx.caller(req.options),
          ),
        ),
    ),
    deleteZone: edge.unary(
      'DeleteZone',
      (r) => ({ kind: 'write-zone', zone: r.name }),
      async (req, ctx) => result(await admin.deleteZone(req.name, ctx.caller(req.options))),
    ),
    replaceRRset: edge.unary(
      'ReplaceRRset',
      (r) => ({ kind: 'write-zone', zone: r.zone }),
      async (req, ctx) => {
        if (!req.rrset)
          throw new ValidationError([{ field: 'rrset', rule: 'required', message: 'rrset is required' }]);
        return result(
          await admin.editRRsets(req.zone, [{ op: 'replace', rrset: req.rrset }], ctx.caller(req.options)),
        );
      },
    ),
    deleteRRset: edge.unary(
      'DeleteRRset',
      (r) => ({ kind: 'write-zone', zone: r.zone }),
      async (req, ctx) =>
        result(
          await admin.editRRsets(
            req.zone,
            [{ op: 'delete', rrset: { name: req.name, type: req.type, ttl: 0, records: [] } }],
            ctx.caller(req.options),
          ),
        ),
    ),
    patchRRsets: edge.unary(
      'PatchRRsets',
      (r) => ({ kind: 'write-zone', zone: r.zone }),
      async (req, ctx) => {
        const edits = req.changes.map((c, i): RRsetEdit => {
          if (!c.rrset)
            throw new ValidationError([
              { field: `changes[${i}].rrset`, rule: 'required', message: 'rrset is required' },
            ]);
          if (
            c.changeType !== ChangeType.CHANGE_TYPE_REPLACE &&
            c.changeType !== ChangeType.CHANGE_TYPE_DELETE
          ) {
            throw new ValidationError([
              {
                field: `changes[${i}].change_type`,
                rule: 'bad-change-type',
                message: 'change_type must be REPLACE or DELETE',
              },
            ]);
          }
          return {
            op: c.changeType === ChangeType.CHANGE_TYPE_DELETE ? 'delete' : 'replace',
            rrset: c.rrset,
            comments: c.replaceComments ? c.comments : undefined,
            keepRecords: c.keepRecords,
          };
        });
        return result(await admin.editRRsets(req.zone, edits, ctx.caller(req.options)));
      },
    ),
    updateZoneSettings: edge.unary(
      'UpdateZoneSettings',
      (r) => ({ kind: 'write-zone', zone: r.name }),
      async (req, ctx) =>
        result(
          await admin.updateSettings(req.name, req.settings ?? {}, req.updateMask, ctx.caller(req.options)),
        ),
    ),
    getZone: edge.unary(
      'GetZone',
      () => ({ kind: 'read' }),
      async (req) => admin.getZone(req.name, !req.omitRecords),
    ),
    listZones: edge.unary(
      'ListZones',
      () => ({ kind: 'read' }),
      async (req) => {
        const page = admin.listZones(req.pageSize, req.pageToken, req.nameSuffix);
        return { zones: page.zones, nextPageToken: page.nextPageToken };
      },
    ),
    importZone: edge.clientStream('ImportZone', async (call, ctx) => {
      const { header, chunks } = await readImportStream(call, ctx);
      ctx.authorize(header.dryRun ? { kind: 'read' } : { kind: 'write-zone', zone: header.zone });
      const r = await importer.import(
        chunks,
        {
          zone: header.zone,
          mode: header.mode === ImportMode.IMPORT_MODE_CHUNKED ? 'chunked' : 'one-change',
          create: header.create,
          settings: header.settings,
          expectedSequence: header.expectedSequence,
          dryRun: header.dryRun,
          maxRecordsPerChange: header.maxRecordsPerChange,
        },
        ctx.caller(header.options),
      );
      if (!header.dryRun) stats.count('imports');
      return {
        results: r.results.map(result),
        serial: r.serial,
        recordsParsed: r.recordsParsed,
        recordsAdded: r.recordsAdded,
        recordsRemoved: r.recordsRemoved,
        rrsetsChanged: r.rrsetsChanged,
        created: r.created,
        removed: r.removed,
        added: r.added,
      } satisfies ImportZoneResponse;
    }),
    exportZone: edge.serverStream(
      'ExportZone',
      () => ({ kind: 'read' }),
      async (req, ctx, write) => {
        const meta = admin.zoneMeta(req.name);
        for await (const chunk of zoneFileChunks(admin.store, meta)) {
          if (ctx.signal.aborted) return;
          await write({
            text: chunk.text,
            serial: chunk.serial ?? 0,
            sequence: chunk.serial !== undefined ? meta.lastSequence : 0,
          });
        }
      },
    ),
    listChanges: edge.unary(
      'ListChanges',
      () => ({ kind: 'read' }),
      async (req) =>
        listChanges(admin.store, admin.zoneMeta(req.name), {
          pageSize: req.pageSize,
          pageToken: req.pageToken,
          includeRecords: req.includeRecords,
        }),
    ),
    diffZone: edge.unary(
      'DiffZone',
      () => ({ kind: 'read' }),
      async (req) => {
        const d = await diffSerials(admin.store, admin.zoneMeta(req.name), req.fromSerial, req.toSerial);
        return {
          fromSerial: d.fromSerial,
          toSerial: d.toSerial,
          removed: d.removed.map(recordText),
          added: d.added.map(recordText),
          changeCount: d.changeCount,
        };
      },
    ),
  };
}

/**
 * Splits an import stream into its header and the zone file's chunks. The chunk iterator
 * stops with the client: a cancelled upload must not leave the parser waiting forever.
 */
/** How long after the end of an upload a cancel may still show up (see readImportStream). */
const CANCEL_GRACE_MS = 25;

async function readImportStream(
  call: grpc.ServerReadableStream<ImportZoneRequest, ImportZoneResponse>,
  ctx: CallContext,
): Promise<{ header: ImportZoneHeader; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = call[Symbol.asyncIterator]() as AsyncIterator<ImportZoneRequest>;
  const cancelled = new Promise<never>((_, reject) => {
    const stop = () => reject(new Error('import cancelled by the client'));
    if (ctx.signal.aborted) stop();
    else ctx.signal.addEventListener('abort', stop, { once: true });
  });
  cancelled.catch(() => {});
  const next = () => Promise.race([iterator.next(), cancelled]);
  const first = await next();
  if (first.done || first.value.part?.$case !== 'header') {
    throw new ValidationError([
      { field: 'header', rule: 'required', message: 'the first message of an import is its header' },
    ]);
  }
  const header = first.value.part.header;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let n = await next(); !n.done; n = await next()) {
      if (n.value.part?.$case !== 'chunk') {
        throw new ValidationError([
          { field: 'chunk', rule: 'one-header', message: 'only the first message may be a header' },
        ]);
      }
      yield n.value.part.chunk;
    }
    // A client's cancel (RST_STREAM) first ends the request stream like a half-close and is
    // signalled as 'cancelled' a few ticks later: wait that long, so that an upload cut short
    // is never imported as if it were the whole file.
    if (!call.cancelled) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          call.off('cancelled', done);
          resolve();
        };
        const timer = setTimeout(done, CANCEL_GRACE_MS);
        call.once('cancelled', done);
      });
    }
    if (call.cancelled || ctx.signal.aborted) throw new Error('import cancelled by the client');
  }
  return { header, chunks: chunks() };
}
