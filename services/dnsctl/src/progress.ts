/**
 * A progress bar on stderr, drawn only when stderr is a terminal (never in pipes or logs), at
 * most ten times a second.
 */
export class ProgressBar {
  private last = 0;
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = Boolean(stream.isTTY);
    this.stream = stream;
  }

  private readonly stream: NodeJS.WriteStream;

  update(done: number, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const width = 30;
    if (this.total) {
      const share = Math.min(1, done / this.total);
      const filled = Math.round(share * width);
      this.stream.write(
        `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${mb(done)}/${mb(this.total)}`,
      );
    } else this.stream.write(`\r${this.label} ${mb(done)}`);
  }

  done(message = ''): void {
    if (!this.enabled) return;
    this.update(this.total ?? 0, true);
    this.stream.write(`\n${message}`);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
