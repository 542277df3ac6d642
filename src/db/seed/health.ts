import type { EntityManager } from "typeorm";

/**
 * Health declarations for about 60% of living individual customers (a fifth of them with an older
 * declaration too), derived from the customer id by hashing: the same customers give the same rows.
 */
export async function seedHealthDeclarations(manager: EntityManager, now: Date): Promise<number> {
  const rows: unknown[] = await manager.query(
    `WITH draws AS (
       SELECT c.id, c.created_at, c.date_of_birth, d.n,
              ('x' || substr(md5(c.id::text || ':health:' || d.n), 1, 8))::bit(32)::bigint / 4294967296.0 AS u1,
              ('x' || substr(md5(c.id::text || ':health:' || d.n), 9, 8))::bit(32)::bigint / 4294967296.0 AS u2,
              ('x' || substr(md5(c.id::text || ':health:' || d.n), 17, 8))::bit(32)::bigint / 4294967296.0 AS u3,
              ('x' || substr(md5(c.id::text || ':health'), 25, 8))::bit(32)::bigint / 4294967296.0 AS pick
       FROM customer c CROSS JOIN (VALUES (1), (2)) d(n)
       WHERE c.kind = 'INDIVIDUAL' AND c.erased_at IS NULL AND c.date_of_birth IS NOT NULL
     )
     INSERT INTO health_declaration (id, customer_id, smoker, chronic_conditions, bmi, declared_at)
     SELECT md5(id::text || ':health:' || n)::uuid, id, u1 < 0.18,
            CASE WHEN u2 < 0.70 THEN '{}'::text[]
                 WHEN u2 < 0.80 THEN '{HYPERTENSION}' WHEN u2 < 0.88 THEN '{DIABETES}'
                 WHEN u2 < 0.94 THEN '{ASTHMA}' ELSE '{HYPERTENSION,HEART_DISEASE}' END,
            round((17 + u3 * 19)::numeric, 1),
            created_at + (CAST($1 AS timestamptz) - created_at) * (CASE n WHEN 1 THEN 0.1 ELSE 0.6 END + u3 * 0.3)
     FROM draws
     WHERE pick < 0.6 AND (n = 1 OR pick < 0.12)
     RETURNING 1`,
    [now.toISOString()],
  );
  return rows.length;
}
