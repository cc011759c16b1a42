import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { answerNotify, type NotifyServerOptions } from '@shoal/zone-transfer';

export interface NotifyListener {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A UDP socket that takes NOTIFY from legacy primaries (RFC 1996 §3.7: NOTIFY goes over UDP),
 * checks it (answerNotify: primaries, ACL, TSIG) and answers. Anything that is not a NOTIFY
 * request is dropped: this socket serves no queries.
 */
export async function startNotifyListener(
  address: string,
  port: number,
  options: NotifyServerOptions,
): Promise<NotifyListener> {
  const socket: Socket = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4', reuseAddr: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => {});
  socket.on('message', (msg, remote) => {
    let reply: Uint8Array | undefined;
    try {
      reply = answerNotify(
        new Uint8Array(msg),
        { transport: 'udp', remoteAddress: remote.address, remotePort: remote.port },
        options,
      );
    } catch {
      return;
    }
    if (reply) socket.send(reply, remote.port, remote.address);
  });
  return {
    port: socket.address().port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
