import type { EntityManager } from "typeorm";
import { HealthDeclaration } from "../modules/risk/health-declaration.entity";
import { insertRows } from "../db/bulk-insert";

const CONDITIONS: [number, string[]][] = [
  [0.7, []],
  [0.8, ["HYPERTENSION"]],
  [0.88, ["DIABETES"]],
  [0.94, ["ASTHMA"]],
  [1.01, ["HYPERTENSION", "HEART_DISEASE"]],
];

/**
 * Health declarations for about 60% of living individual customers (a fifth of them with an older
 * declaration too), derived from the customer id by hashing: the same customers give the same rows.
 * The draws come from SQL; the details are sealed (encrypted) here, as the application stores them.
 */
export async function seedHealthDeclarations(manager: EntityManager, now: Date): Promise<number> {
  const draws: { id: string; customer_id: string; u1: number; u2: number; u3: number; declared_at: Date }[] = await manager.query(
    `WITH draws AS (
       SELECT c.id, c.created_at, d.n,
              ('x' || substr(md5(c.id::text || ':health:' || d.n), 1, 8))::bit(32)::bigint / 4294967296.0 AS u1,
              ('x' || substr(md5(c.id::text || ':health:' || d.n), 9, 8))::bit(32)::bigint / 4294967296.0 AS u2,
              ('x' || substr(md5(c.id::text || ':health:' || d.n), 17, 8))::bit(32)::bigint / 4294967296.0 AS u3,
              ('x' || substr(md5(c.id::text || ':health'), 25, 8))::bit(32)::bigint / 4294967296.0 AS pick
       FROM customer c CROSS JOIN (VALUES (1), (2)) d(n)
       WHERE c.kind = 'INDIVIDUAL' AND c.erased_at IS NULL AND c.date_of_birth IS NOT NULL
     )
     SELECT md5(id::text || ':health:' || n)::uuid::text AS id, id::text AS customer_id, u1::float8 AS u1, u2::float8 AS u2,
            u3::float8 AS u3,
            created_at + (CAST($1 AS timestamptz) - created_at) * (CASE n WHEN 1 THEN 0.1 ELSE 0.6 END + u3 * 0.3) AS declared_at
     FROM draws WHERE pick < 0.6 AND (n = 1 OR pick < 0.12) ORDER BY 1`,
    [now.toISOString()],
  );
  const rows = draws.map((draw) => ({
    id: draw.id,
    customerId: draw.customer_id,
    declaredAt: new Date(draw.declared_at),
    details: {
      smoker: Number(draw.u1) < 0.18,
      chronicConditions: CONDITIONS.find(([limit]) => Number(draw.u2) < limit)![1],
      bmi: Math.round((17 + Number(draw.u3) * 19) * 10) / 10,
    },
  }));
  return insertRows(manager, HealthDeclaration, rows);
}
