import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

/** A child process whose output is kept (bounded) for failure messages, and which is killed at exit. */
export class ManagedProcess {
  readonly child: ChildProcess;
  private output = '';
  private exited: Promise<number | null>;
  exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: SpawnOptions = {},
  ) {
    this.child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const keep = (b: Buffer) => {
      this.output += b.toString();
      if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      // 'exit' can come before the last output has been read from the pipes; 'close' comes
      // after, unless a grandchild that inherited them still holds them open, hence the bound.
      this.child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        const drained = setTimeout(() => resolve(code), 1000);
        this.child.once('close', () => {
          clearTimeout(drained);
          resolve(code);
        });
      });
      this.child.once('error', (err) => {
        this.output += String(err);
        this.exitCode = -1;
        resolve(-1);
      });
    });
    live.add(this);
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  waitExit(): Promise<number | null> {
    return this.exited;
  }

  /** SIGTERM, then SIGKILL after graceMs. */
  async stop(graceMs = 5000): Promise<void> {
    live.delete(this);
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    live.delete(this);
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const m = this.output.match(pattern);
      if (m) return m;
      if (!this.running)
        throw new Error(`${this.name} exited (${this.exitCode}) before printing ${pattern}:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms:\n${this.output}`);
  }
}

const live = new Set<ManagedProcess>();
process.once('exit', () => {
  for (const p of live) p.child.kill('SIGKILL');
});
