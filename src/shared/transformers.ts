import type { ValueTransformer } from "typeorm";

/**
 * bigint columns hold money in minor units. Both backends return them as decimal text (PGlite is
 * given node-postgres's int8 parsing in db/data-source.ts); it becomes a JS number (safe up to 9e15 minor units).
 */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | bigint | number | null) => (value === null || value === undefined ? value : Number(value)),
};
