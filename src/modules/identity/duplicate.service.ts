import type { RequestContext } from "../../auth/request-context";
import { pageRequest, toConnection, type Page } from "../../shared/pagination";
import { invalidFields } from "../../shared/errors";
import type { Customer } from "../customer/customer.entity";
import { keysetColumn, keysetValue } from "../../db/keyset";
import { DuplicateCandidate } from "./duplicate-candidate.entity";
import { DuplicateCandidateConnection, type DuplicateCandidateListArgs } from "./duplicate.types";
import { CUSTOMER_BY_ID } from "../customer/customer.relations";
import { countRows } from "../../db/bounded-count";

const DETECTED_AT = keysetColumn("d.detected_at", "timestamptz");

/**
 * Candidate pairs, newest first (keyset pagination), optionally only those scored at least
 * `minScore` or in one status; COMPLIANCE and ADMIN only, by the shield, who see every score.
 */
export async function listDuplicateCandidates(ctx: RequestContext, args: DuplicateCandidateListArgs) {
  const { minScore, status } = args;
  if (minScore !== undefined && minScore !== null && !(minScore >= 0 && minScore <= 1)) {
    throw invalidFields([{ field: "minScore", problems: ["minScore must be between 0 and 1"] }]);
  }
  const page = pageRequest(args, ctx.cursors.list("duplicateCandidates:detectedAt:DESC"));
  const repository = ctx.reader.getRepository(DuplicateCandidate);
  const filtered = () => {
    const query = repository.createQueryBuilder("d").where("TRUE");
    if (minScore !== undefined && minScore !== null) query.andWhere("d.score >= :minScore", { minScore });
    if (status) query.andWhere("d.status = :status", { status });
    return query;
  };
  const query = filtered();
  if (page.after) {
    query.andWhere(`(${DETECTED_AT}, d.id) < (${keysetValue(":afterAt", "timestamptz")}, CAST(:afterId AS uuid))`, { afterAt: page.after.value, afterId: page.after.id });
  }
  const rows = await query.orderBy(DETECTED_AT, "DESC").addOrderBy("d.id", "DESC").limit(page.first + 1).getMany();
  const result: Page<DuplicateCandidate> = {
    nodes: rows.slice(0, page.first),
    hasNextPage: rows.length > page.first,
    hasPreviousPage: page.after !== null,
    cursorOf: (pair) => page.cursors.encode({ value: pair.detectedAt.toISOString(), id: pair.id }),
    count: (limit) => countRows(filtered(), limit),
  };
  return toConnection(result, DuplicateCandidateConnection);
}

export function customerOfPair(ctx: RequestContext, customerId: string): Promise<Customer | null> {
  return ctx.loaders.byId(CUSTOMER_BY_ID).load(customerId);
}
