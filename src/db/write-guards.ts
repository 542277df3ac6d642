import type { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import { ConflictError } from "../shared/errors";

/**
 * Writes `changes` only while the row still has the version the caller read: one conditional
 * UPDATE (the @VersionColumn goes up by one). Two writers that read the same version race on the
 * row lock; on PostgreSQL the loser's WHERE is re-checked after the winner commits and matches
 * nothing, on the embedded database transactions run one after the other. Either way exactly
 * one wins and the other gets CONFLICT with nothing changed.
 */
export async function updateAtVersion<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
  version: number,
  changes: QueryDeepPartialEntity<T>,
): Promise<void> {
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set(changes)
    .where("id = :id AND version = :version", { id, version })
    .execute();
  if (!result.affected) {
    const entity = manager.connection.getMetadata(target).targetName;
    throw new ConflictError(`${entity} ${id} was changed by someone else (version ${version} is stale); read it again`, {
      reason: "STALE_VERSION",
      expectedVersion: version,
    });
  }
}

/** The version the client read, when it gave one, must still be the row's: else CONFLICT (STALE_VERSION) before anything is written. */
export function assertExpectedVersion(entity: string, found: { id: string; version: number }, expectedVersion: number | null | undefined): void {
  if (expectedVersion !== null && expectedVersion !== undefined && expectedVersion !== found.version) {
    throw new ConflictError(`${entity} ${found.id} is at version ${found.version}, not ${expectedVersion}`, {
      reason: "STALE_VERSION", expectedVersion, currentVersion: found.version,
    });
  }
}

/**
 * Serializes writers of one register (customer numbers and national ids, claim numbers) for the
 * rest of the transaction, so that "next number" and "not yet taken" checks cannot race.
 */
export async function lockRegister(manager: EntityManager, register: string): Promise<void> {
  await manager.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`customer360:${register}`]);
}
