import { once } from "node:events";
import type { ObjectLiteral } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import { AccessAuditCollector } from "../../auth/access-audit";
import type { AuditRecord } from "../../auth/audit-record";
import { Role } from "../../auth/role";
import { customerScope } from "../../auth/row-scope";
import { BadUserInputError, ForbiddenError, UnauthenticatedError } from "../../shared/errors";
import { loadConsentsInForce } from "../consent/consent-in-force";
import { ConsentPurpose } from "../consent/consent.entity";
import { piiCipher } from "../customer/customer-identity.service";
import { columnRelease, releaseTable, type WithheldColumn } from "./export-policy";

/** What a bulk export can extract, by name, and the table each reads (customer-keyed tables under the export policy). */
export const BULK_EXPORTS: Readonly<Record<string, string>> = {
  customers: "customer",
  policies: "policy",
  claims: "claim",
  interactions: "interaction",
  complaints: "complaint",
  consents: "consent",
};

/**
 * Who may extract in bulk (BI, migrations): administrators and compliance, each receiving exactly
 * what its role may read (row scope, masks, bands, denials). Other roles read through the API, where
 * each read is one customer's or one page's; a bulk extract of their view is an exfiltration path.
 */
export const BULK_EXPORT_ROLES: ReadonlySet<Role> = new Set([Role.ADMIN, Role.COMPLIANCE]);

const DEFAULT_BATCH = 500;

export interface BulkExport {
  entity: string;
  /** Columns left out of every row (FIELD_POLICY, UNCLASSIFIED) or of rows whose customer has not consented (CONSENT_REQUIRED). */
  withheld: WithheldColumn[];
  /** The rows in id order, a batch at a time; each batch's access audit is written before the batch is handed out. */
  batches(): AsyncGenerator<Record<string, unknown>[]>;
}

/**
 * A streaming extract of one table for BI or a migration: the viewer's row scope, then every column
 * through the same policy as a read of its field (export-policy.ts), value by value. Keyset pages by
 * id (constant memory, however large the table); every personal value released is recorded in the
 * access audit per customer, and a batch whose audit cannot be written is never handed out.
 */
export function bulkExport(
  ctx: RequestContext,
  entity: string,
  writeAudit: (rows: Partial<AuditRecord>[]) => Promise<void>,
  batchSize = DEFAULT_BATCH,
): BulkExport {
  const viewer = ctx.viewer;
  if (viewer.kind === "anonymous") throw new UnauthenticatedError();
  if (viewer.kind !== "staff" || !BULK_EXPORT_ROLES.has(viewer.role)) {
    throw new ForbiddenError(`Bulk exports are for ${[...BULK_EXPORT_ROLES].join(" and ")}`, { reason: "ROLE" });
  }
  const table = BULK_EXPORTS[entity];
  if (!table) throw new BadUserInputError(`Unknown export "${entity}"; one of: ${Object.keys(BULK_EXPORTS).join(", ")}`, { field: "entity" });
  const meta = ctx.reader.entityMetadatas.find((candidate) => candidate.tableName === table)!;
  const columns = meta.columns.map((column) => column.propertyName);
  const releases = columns.map((column) => columnRelease(viewer.role, table, column));
  const withheld = releases.flatMap((release): WithheldColumn[] => {
    if (release.kind === "withhold") return [{ table, field: release.name, reason: release.reason }];
    if (release.kind === "consent") return [{ table, field: release.name, reason: "CONSENT_REQUIRED" }];
    return [];
  });
  const consentBound = releases.some((release) => release.kind === "consent");
  const customerOf = (row: ObjectLiteral): string => String(table === "customer" ? row.id : row.customerId);
  const operation = `export:${entity}`;

  async function page(after: string | null): Promise<ObjectLiteral[]> {
    const alias = table === "customer" ? "c" : "t";
    const scope = customerScope(viewer, "c");
    // through the repository, so that columns come out as the entity holds them (sealed ones as ciphertext, revealed below)
    const query = ctx.reader.getRepository(meta.target).createQueryBuilder(alias);
    if (alias === "t") query.innerJoin("customer", "c", "c.id = t.customer_id");
    query.where(scope.sql, scope.params).orderBy(`${alias}.id`, "ASC").limit(batchSize);
    if (after) query.andWhere(`${alias}.id > :after`, { after });
    return query.getMany();
  }

  async function consentsOf(rows: ObjectLiteral[]): Promise<Map<string, boolean>> {
    if (!consentBound || rows.length === 0) return new Map();
    // read for this batch only: nothing accumulates over the export
    const ids = [...new Set(rows.map(customerOf))];
    const inForce = await loadConsentsInForce(ctx.reader, ids);
    return new Map(ids.map((id, i) => [id, inForce[i].some((c) => c.purpose === ConsentPurpose.SENSITIVE_DATA && c.granted)]));
  }

  return {
    entity,
    withheld,
    async *batches() {
      const cipher = piiCipher(ctx);
      const reveal = { nationalId: (ciphertext: string) => cipher.decrypt(ciphertext), assessment: () => { throw new Error("risk assessments are not bulk-exported"); } };
      let after: string | null = null;
      for (;;) {
        const rows = await page(after);
        if (rows.length === 0) return;
        after = String(rows[rows.length - 1].id);
        const consented = await consentsOf(rows);
        const audit = new AccessAuditCollector();
        const released = rows.map((row) => {
          const customerId = customerOf(row);
          const one = releaseTable(viewer.role, table, columns, [row], consented.get(customerId) ?? false, reveal);
          for (const { path, outcome } of one.audited) audit.record(customerId, path, outcome);
          return one.rows[0];
        });
        await writeAudit(audit.entries(viewer, operation, ctx.requestId));
        yield released;
        if (rows.length < batchSize) return;
      }
    },
  };
}

/** The line that ends a complete export (a stream cut short lacks it). */
export interface ExportSummary {
  _export: { entity: string; rows: number; complete: true; withheld: WithheldColumn[] };
}

/**
 * An export as NDJSON text, one row per line, then the summary line. A batch is produced (read,
 * released and audited) only when the consumer asks for more: constant memory.
 */
export async function* ndjsonLines(exp: BulkExport): AsyncGenerator<string> {
  let rows = 0;
  for await (const batch of exp.batches()) {
    rows += batch.length;
    yield batch.map((row) => JSON.stringify(row)).join("\n") + "\n";
  }
  const summary: ExportSummary = { _export: { entity: exp.entity, rows, complete: true, withheld: exp.withheld } };
  yield JSON.stringify(summary) + "\n";
}

/** Writes text chunks to a stream, waiting whenever the consumer is slower. */
export async function writeChunks(chunks: AsyncIterable<string>, out: NodeJS.WritableStream): Promise<void> {
  for await (const chunk of chunks) if (!out.write(chunk)) await once(out as NodeJS.EventEmitter, "drain");
}
