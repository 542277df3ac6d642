import type { DataSource } from "typeorm";
import { AuditEntry } from "../modules/audit/audit-entry.entity";
import type { Viewer } from "./viewer";

export type AuditOutcome = "ALLOWED" | "MASKED";

/**
 * Collects, during one request, which personal fields of which customers were returned to a staff
 * viewer; written as one INSERT before the response leaves (see the audit plugin).
 */
export class AccessAuditCollector {
  private readonly fields = new Map<string, Set<string>>();

  record(customerId: string, field: string, outcome: AuditOutcome): void {
    const key = `${customerId}|${outcome}`;
    let set = this.fields.get(key);
    if (!set) this.fields.set(key, (set = new Set()));
    set.add(field);
  }

  get isEmpty(): boolean {
    return this.fields.size === 0;
  }

  /** One row per customer and outcome, listing the fields returned. */
  entries(viewer: Viewer, operation: string, requestId: string): Partial<AuditEntry>[] {
    if (viewer.kind !== "staff") return [];
    return [...this.fields.entries()].map(([key, fields]) => {
      const [customerId, outcome] = key.split("|");
      return {
        actorId: viewer.id,
        role: viewer.role,
        purpose: viewer.purpose,
        operation,
        requestId,
        customerId,
        fields: [...fields].sort(),
        outcome,
      };
    });
  }
}

export async function writeAccessAudit(db: DataSource, rows: Partial<AuditEntry>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.createQueryBuilder().insert().into(AuditEntry).values(rows).updateEntity(false).execute();
}
