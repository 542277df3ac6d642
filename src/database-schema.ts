import { MIGRATIONS } from "../migrations";
import type { DatabaseSchema } from "./db/data-source";
import { ENTITIES } from "./modules";

/**
 * What every database is opened with: each module's entities (modules/index.ts) and the migrations
 * that lay out their tables (migrations/index.ts). Handed to db/ from above, so db/ imports neither
 * the modules nor the migrations (which import db/ themselves).
 */
export const DATABASE_SCHEMA: DatabaseSchema = { entities: ENTITIES, migrations: MIGRATIONS };
