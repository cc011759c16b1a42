import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import {
  type DnssecServiceServer,
  DnssecServiceService,
  type FleetServiceServer,
  FleetServiceService,
  type TsigKeyServiceServer,
  TsigKeyServiceService,
  type ZoneAdminServiceServer,
  ZoneAdminServiceService,
} from '@shoal/admin-api';

export interface GrpcListenOptions {
  listen: string;
  tls?: { certFile: string; keyFile: string; clientCaFile?: string; requireClientCert: boolean };
}

/** Binds the admin's gRPC services, with TLS (and optionally client certificates) when configured. */
export async function startGrpcServer(
  services: {
    zoneAdmin: ZoneAdminServiceServer;
    fleet: FleetServiceServer;
    tsig: TsigKeyServiceServer;
    dnssec?: DnssecServiceServer;
  },
  options: GrpcListenOptions,
): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  server.addService(ZoneAdminServiceService, services.zoneAdmin);
  server.addService(FleetServiceService, services.fleet);
  server.addService(TsigKeyServiceService, services.tsig);
  if (services.dnssec) server.addService(DnssecServiceService, services.dnssec);
  const credentials = options.tls
    ? grpc.ServerCredentials.createSsl(
        options.tls.clientCaFile ? readFileSync(options.tls.clientCaFile) : null,
        [{ cert_chain: readFileSync(options.tls.certFile), private_key: readFileSync(options.tls.keyFile) }],
        options.tls.requireClientCert,
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.listen, credentials, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { server, port };
}
