export type { HistogramSeries, HistogramSource } from './histogram-producer.js';
export { decideTracing, type Env, serviceName, type TracingDecision } from './otlp-env.js';
export { startTelemetry, type Telemetry, type TelemetryOptions } from './telemetry.js';
