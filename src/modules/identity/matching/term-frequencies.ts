import type { PreparedRecord } from "./prepared-record";

/**
 * How common a value is, as a share of all records: an exact match on a rare name or birth date
 * says more than one on "wang wei". Backed in memory here, by SQL counts in the service.
 */
export interface TermFrequencies {
  nameFrequency(normalizedName: string): number;
  dateOfBirthFrequency(dateOfBirth: string): number;
}

export class InMemoryTermFrequencies implements TermFrequencies {
  private readonly names = new Map<string, number>();
  private readonly birthDates = new Map<string, number>();
  private readonly total: number;

  /** `total`: the number of records a share is of (default: these records). */
  constructor(records: Iterable<PreparedRecord>, total?: number) {
    let counted = 0;
    for (const record of records) {
      counted += 1;
      if (record.name) this.names.set(record.name.sorted, (this.names.get(record.name.sorted) ?? 0) + 1);
      if (record.dateOfBirth) this.birthDates.set(record.dateOfBirth, (this.birthDates.get(record.dateOfBirth) ?? 0) + 1);
    }
    this.total = Math.max(total ?? counted, 1);
  }

  // a value seen nowhere is treated as seen once: the share is never zero
  nameFrequency(normalizedName: string): number {
    return Math.max(this.names.get(normalizedName) ?? 0, 1) / this.total;
  }

  dateOfBirthFrequency(dateOfBirth: string): number {
    return Math.max(this.birthDates.get(dateOfBirth) ?? 0, 1) / this.total;
  }
}
