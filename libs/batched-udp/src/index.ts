export {
  type BatchedUdpOptions,
  type BatchedUdpSocket,
  type BatchedUdpStats,
  batchedUdpUnavailable,
  canBindBatched,
  type DatagramHandler,
  type DatagramSource,
  openBatchedUdp,
} from './batched-udp.js';
