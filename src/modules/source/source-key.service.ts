import type { EntityManager } from "typeorm";
import { API_SOURCE_SYSTEM, type SourceEntityKind } from "./source-key.entity";

/** The key of a record created through the API, (customer360, its id), in the creating transaction. */
export async function recordApiSourceKey(manager: EntityManager, entityKind: SourceEntityKind, recordId: string): Promise<void> {
  await manager.query(
    `INSERT INTO source_key (entity_kind, record_id, source_system, source_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [entityKind, recordId, API_SOURCE_SYSTEM, recordId],
  );
}
