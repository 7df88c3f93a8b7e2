/**
 * A fake CRM standing in for the real one (Salesforce, HubSpot, an internal service): an
 * asynchronous look-up by customer id that can be slow or down, like the real thing.
 */
export interface CrmRecord {
  lifetimeValue: number;
}

export class FakeCrm {
  /** Look-ups made, by customer id, to see how often the desk asks. */
  readonly lookups: string[] = [];
  #down = false;
  #hanging = false;

  constructor(private readonly records: ReadonlyMap<string, CrmRecord>) {}

  /** Every later look-up fails, as when the CRM's API answers 503. */
  goDown(): void {
    this.#down = true;
  }

  /** Every later look-up never answers, as with a stuck connection. */
  hang(): void {
    this.#hanging = true;
  }

  async lifetimeValue(customerId: string): Promise<number> {
    this.lookups.push(customerId);
    if (this.#down) throw new Error('CRM unavailable (503)');
    if (this.#hanging) return new Promise<number>(() => {});
    await Promise.resolve(); // an answer from elsewhere, never synchronous
    return this.records.get(customerId)?.lifetimeValue ?? 0;
  }
}
