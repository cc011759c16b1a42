export { queryHistograms } from './histograms.js';
export { COUNTER_SLOTS, counterLabels, QTYPE_LABELS, RCODE_LABELS } from './labels.js';
export { LatencyHistogram, quantile } from './latency-histogram.js';
export { type NodeMetricsSource, registerNodeInstruments } from './node-instruments.js';
export { ERROR_KINDS, type ErrorKind, type QueryLogEntry, QueryMeter } from './query-meter.js';
export { LagTracker, type ReplicationLag } from './replication.js';
export { TopNames } from './top-names.js';
