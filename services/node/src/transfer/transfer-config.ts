/** Transfer settings of a node, from the environment (SHOAL_XFR_*). */
export interface TransferConfig {
  /** Send IXFR as one condensed difference (RFC 1995 §5); SHOAL_XFR_CONDENSE=false sends each ChangeSet. */
  condense: boolean;
  /** Largest transfer message; SHOAL_XFR_MESSAGE_SIZE, 512..65535. */
  maxMessageSize: number;
  /** Forward accepted NOTIFYs for secondary zones to the bridges; SHOAL_XFR_FORWARD_NOTIFY=false keeps them. */
  forwardNotify: boolean;
}

export function loadTransferConfig(env: Record<string, string | undefined>): TransferConfig {
  const size = Number(env.SHOAL_XFR_MESSAGE_SIZE ?? 16_384);
  return {
    condense: env.SHOAL_XFR_CONDENSE !== 'false',
    maxMessageSize: Number.isInteger(size) && size >= 512 && size <= 65535 ? size : 16_384,
    forwardNotify: env.SHOAL_XFR_FORWARD_NOTIFY !== 'false',
  };
}
