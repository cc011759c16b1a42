/** Counts open connections per client address and refuses those over the limit. */
export class ClientLimits {
  readonly #perClient: number;
  readonly #total: number;
  readonly #open = new Map<string, number>();
  #count = 0;

  constructor(perClient: number, total: number) {
    this.#perClient = perClient;
    this.#total = total;
  }

  /** Takes a slot for `address`; false when the client or the server is at its limit. */
  acquire(address: string): boolean {
    const open = this.#open.get(address) ?? 0;
    if (open >= this.#perClient || this.#count >= this.#total) return false;
    this.#open.set(address, open + 1);
    this.#count++;
    return true;
  }

  release(address: string): void {
    const open = this.#open.get(address);
    if (open === undefined) return;
    if (open <= 1) this.#open.delete(address);
    else this.#open.set(address, open - 1);
    this.#count--;
  }
}
