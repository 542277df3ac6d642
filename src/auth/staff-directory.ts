import type { Role } from "./role";

/** The fields of a staff user that sign-in checks a token against. */
export interface StaffPrincipal {
  id: string;
  username: string;
  role: Role;
  active: boolean;
}

/** A staff user by id (the staff module answers: it owns the table). */
export type StaffLookup = (id: string) => Promise<StaffPrincipal | null>;

/**
 * The staff record behind a token, kept for `ttlMs` so that a busy front-end does not pay one
 * statement per request for it. A user who is deactivated or changes role is refused at most
 * `ttlMs` later (STAFF_CACHE_MS, default 5 s; 0 = look up every time). Only found users are kept,
 * and only the fields authentication needs — no personal data.
 */
export class StaffDirectory {
  private readonly entries = new Map<string, { staff: StaffPrincipal; until: number }>();

  constructor(
    private readonly lookUp: StaffLookup,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async find(id: string): Promise<StaffPrincipal | null> {
    const now = Date.now();
    const cached = this.entries.get(id);
    if (cached && cached.until > now) return cached.staff;
    const staff = await this.lookUp(id);
    if (staff && this.ttlMs > 0) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(id, { staff, until: now + this.ttlMs });
    }
    return staff;
  }
}
