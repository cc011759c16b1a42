import type { TsigKeyServiceServer } from '@shoal/admin-api';
import type { GrpcEdge } from './grpc-call.js';
import type { TsigKeyStore } from './tsig-keys.js';

/**
 * dns.admin.v1.TsigKeyService over the TSIG_KEYS bucket. Secrets are shared with whoever may
 * transfer zones, so creating, reading and deleting keys is for admins; listing (without the
 * secrets) is for every role.
 */
export function tsigKeyService(edge: GrpcEdge, keys: () => TsigKeyStore): TsigKeyServiceServer {
  return {
    createTsigKey: edge.unary(
      'CreateTsigKey',
      () => ({ kind: 'admin' }),
      async (req) =>
        keys().create(
          { name: req.name, algorithm: req.algorithm || 'hmac-sha256', secret: req.secret },
          req.replace,
        ),
    ),
    getTsigKey: edge.unary(
      'GetTsigKey',
      () => ({ kind: 'admin' }),
      async (req) => keys().get(req.name),
    ),
    listTsigKeys: edge.unary(
      'ListTsigKeys',
      () => ({ kind: 'read' }),
      async () => ({
        keys: (await keys().list()).map((k) => ({ ...k, secret: '' })),
      }),
    ),
    deleteTsigKey: edge.unary(
      'DeleteTsigKey',
      () => ({ kind: 'admin' }),
      async (req) => {
        await keys().delete(req.name);
        return {};
      },
    ),
  };
}
