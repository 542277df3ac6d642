import type { SelectQueryBuilder } from "typeorm";
import type { RequestContext } from "../../graphql/context";
import { customerScope } from "../../auth/row-scope";
import { BadUserInputError, ForbiddenError, NotFoundError } from "../../shared/errors";
import { accessFor, DataClass } from "../../auth/field-policy";
import { roleOf } from "../../auth/viewer";
import { piiCipher } from "./customer-identity.service";
import { isUuid } from "../../shared/ids";
import { hydrate } from "../../db/hydrate";
import { pageRequest, type Page, type PageArgs, type PageRequest } from "../../shared/pagination";
import { OPEN_CLAIM_STATUSES } from "../claim/claim.entity";
import { OPEN_COMPLAINT_STATUSES } from "../interaction/complaint.entity";
import { Customer } from "./customer.entity";
import { CustomerOrderField, SortDirection, type CustomerFilter, type CustomerOrder } from "./customer.inputs";

/** Same expression as the trigram index IDX_customer_search_trgm, so that the index applies. */
const SEARCH_EXPRESSION = "(c.full_name || ' ' || c.customer_number || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, ''))";

const SORT_COLUMNS: Record<CustomerOrderField, { column: string; cast: string; value: (c: Customer) => string }> = {
  NAME: { column: "c.full_name", cast: "varchar", value: (c) => c.fullName },
  CREATED_AT: { column: "c.created_at", cast: "timestamptz", value: (c) => c.createdAt.toISOString() },
  CUSTOMER_NUMBER: { column: "c.customer_number", cast: "varchar", value: (c) => c.customerNumber },
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function existsClause(qb: SelectQueryBuilder<Customer>, wanted: boolean | null | undefined, subquery: string, params: object) {
  if (wanted === null || wanted === undefined) return;
  qb.andWhere(`${wanted ? "" : "NOT "}EXISTS (${subquery})`, params);
}

/**
 * Searching contact data is reading it: a role that does not see contact data in full searches
 * customer numbers only, and looking up a national id needs identity access (no search oracle).
 */
/** Longer patterns find nothing more (names, numbers, e-mails) and cost the trigram search per character. */
const MAX_SEARCH_LENGTH = 100;

function applyPersonalFilters(ctx: RequestContext, qb: SelectQueryBuilder<Customer>, filter: CustomerFilter): void {
  const role = roleOf(ctx.viewer);
  if (filter.search !== null && filter.search !== undefined) {
    const text = filter.search.trim();
    if (text.length < 2) throw new BadUserInputError("search needs at least 2 characters", { field: "filter.search" });
    if (text.length > MAX_SEARCH_LENGTH) {
      throw new BadUserInputError(`search takes at most ${MAX_SEARCH_LENGTH} characters`, { field: "filter.search" });
    }
    const contactInFull = role !== null && accessFor(role, DataClass.CONTACT) === "full";
    qb.andWhere(
      `(${contactInFull ? SEARCH_EXPRESSION : "c.customer_number"} ILIKE :search
        OR EXISTS (SELECT 1 FROM policy sp WHERE sp.customer_id = c.id AND sp.policy_number ILIKE :search))`,
      { search: `%${escapeLike(text)}%` },
    );
    qb.andWhere("c.erased_at IS NULL"); // erased customers are not found by search
  }
  if (filter.nationalId !== null && filter.nationalId !== undefined) {
    if (role === null || accessFor(role, DataClass.IDENTITY) === "deny") {
      throw new ForbiddenError("Your role may not look customers up by national id", { reason: "FIELD_POLICY" });
    }
    qb.andWhere("c.national_id_hash = :nationalIdHash", { nationalIdHash: piiCipher(ctx).blindIndex(filter.nationalId) });
  }
}

function applyFilter(ctx: RequestContext, qb: SelectQueryBuilder<Customer>, filter: CustomerFilter | null | undefined): void {
  if (!filter) return;
  applyPersonalFilters(ctx, qb, filter);
  if (filter.kind) qb.andWhere("c.kind = :kind", { kind: filter.kind });
  if (filter.serviceTier) qb.andWhere("c.service_tier = :serviceTier", { serviceTier: filter.serviceTier });
  if (filter.region) qb.andWhere("c.region = :region", { region: filter.region });
  if (filter.assignedAgentId) {
    if (!isUuid(filter.assignedAgentId)) throw new BadUserInputError("assignedAgentId is not a valid id", { field: "filter.assignedAgentId" });
    qb.andWhere("c.assigned_agent_id = :assignedAgentId", { assignedAgentId: filter.assignedAgentId });
  }
  if (filter.riskTier) {
    qb.andWhere(
      `(SELECT r.tier FROM risk_assessment r WHERE r.customer_id = c.id ORDER BY r.assessed_at DESC, r.id DESC LIMIT 1) = :riskTier`,
      { riskTier: filter.riskTier },
    );
  }
  existsClause(qb, filter.hasOpenClaim, "SELECT 1 FROM claim cl WHERE cl.customer_id = c.id AND cl.status IN (:...openClaim)", {
    openClaim: OPEN_CLAIM_STATUSES,
  });
  existsClause(qb, filter.hasOpenComplaint, "SELECT 1 FROM complaint co WHERE co.customer_id = c.id AND co.status IN (:...openComplaint)", {
    openComplaint: OPEN_COMPLAINT_STATUSES,
  });
  existsClause(
    qb,
    filter.hasOverdueComplaint,
    "SELECT 1 FROM complaint od WHERE od.customer_id = c.id AND od.status IN (:...overdueStatus) AND od.due_at < now()",
    { overdueStatus: OPEN_COMPLAINT_STATUSES },
  );
}

export async function customerById(ctx: RequestContext, id: string): Promise<Customer | null> {
  return isUuid(id) ? ctx.loaders.customerById.load(id) : null;
}

export async function requireCustomer(ctx: RequestContext, id: string): Promise<Customer> {
  const customer = await customerById(ctx, id);
  if (!customer) throw new NotFoundError("Customer", id);
  return customer;
}

/** The query of one page of customers (scope, filters, keyset cursor, order, first + 1 rows) and how to count the list. */
export interface CustomerPageQuery {
  /** The page, every column selected; replace the selection to read fewer. */
  query: SelectQueryBuilder<Customer>;
  /** Counts the whole filtered list (for totalCount). */
  count: () => Promise<number>;
  /** The page asked for (size and the opened cursor). */
  page: PageRequest;
  /** The cursor of a customer of this page (its sort value and id, sealed). */
  cursorOf: (customer: Customer) => string;
}

export function customerPageQuery(
  ctx: RequestContext,
  filter: CustomerFilter | null | undefined,
  order: CustomerOrder | null | undefined,
  args: PageArgs,
): CustomerPageQuery {
  const field = order?.field ?? CustomerOrderField.CUSTOMER_NUMBER;
  const sort = SORT_COLUMNS[field];
  const direction = order?.direction ?? SortDirection.ASC;
  const page = pageRequest(args, ctx.cursors.list(`customers:${field}:${direction}`));
  const scope = customerScope(ctx.viewer, "c");
  const base = ctx.db.getRepository(Customer).createQueryBuilder("c").where(scope.sql, scope.params);
  applyFilter(ctx, base, filter);

  const query = base.clone();
  if (page.after) {
    query.andWhere(`(${sort.column}, c.id) ${direction === SortDirection.ASC ? ">" : "<"} (CAST(:afterValue AS ${sort.cast}), CAST(:afterId AS uuid))`, {
      afterValue: page.after.value,
      afterId: page.after.id,
    });
  }
  query.orderBy(sort.column, direction).addOrderBy("c.id", direction).limit(page.first + 1);
  return {
    query,
    count: () => base.getCount(),
    page,
    cursorOf: (customer) => page.cursors.encode({ value: sort.value(customer), id: customer.id }),
  };
}

/** Customers in the viewer's scope, filtered and keyset-paginated; totalCount is counted on demand. */
export async function listCustomers(
  ctx: RequestContext,
  filter: CustomerFilter | null | undefined,
  order: CustomerOrder | null | undefined,
  args: PageArgs,
): Promise<Page<Customer>> {
  const { query, count, cursorOf, page } = customerPageQuery(ctx, filter, order, args);
  const rows = hydrate(ctx.db, Customer, await query.getRawMany(), "c");
  return {
    nodes: rows.slice(0, page.first),
    hasNextPage: rows.length > page.first,
    hasPreviousPage: page.after !== null,
    cursorOf,
    count,
  };
}
