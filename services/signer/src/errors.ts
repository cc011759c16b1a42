/** The configuration cannot be used; the signer does not start. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A key command that cannot be carried out as asked; `code` tells the admin which gRPC status fits. */
export class KeyCommandError extends Error {
  override name = 'KeyCommandError';
  constructor(
    message: string,
    readonly code: 'not-found' | 'invalid' | 'failed-precondition',
  ) {
    super(message);
  }
}

/** The signer's projection is behind the sequence a request was planned against. */
export class NotReadyError extends Error {
  override name = 'NotReadyError';
}
