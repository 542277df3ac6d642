/**
 * The database's maker of time-ordered ids (migrations/…980-TimeOrderedIds): a UUID whose first
 * 48 bits are the Unix time in milliseconds of its making (RFC 9562 version 7), the rest random.
 * Ids made later sort after it (within a millisecond, in random order), so a B-tree over them
 * grows at its right edge. The default of the append-only logs' ids.
 */
export const TIME_ORDERED_UUID = "time_ordered_uuid()";

