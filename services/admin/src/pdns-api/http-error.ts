import { STATUS_CODES } from 'node:http';

/**
 * A failure PowerDNS reports as a bare HTTP status (its HttpException): the body is the status
 * text, or `{"error": ...}` when the client accepts JSON.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? STATUS_CODES[status] ?? String(status));
    this.name = 'HttpError';
  }

  /** True when a message beyond the status text was given. */
  get detailed(): boolean {
    return this.message !== (STATUS_CODES[this.status] ?? String(this.status));
  }
}

/** A request PowerDNS refuses with 422 and `{"error": ...}` (its ApiException and JsonException). */
export class ApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiError';
  }
}
