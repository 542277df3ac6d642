import type { EntityManager } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import { roleOf } from "../../auth/viewer";
import { ConflictError, ForbiddenError, NotFoundError } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { pageRequest, toConnection, type Page, type PageArgs } from "../../shared/pagination";
import { CustomerConnection } from "../customer/customer.types";
import { requireCustomer } from "../customer/customer.service";
import { Segment } from "./segment.entity";
import { conditionsOf, parseRule, type RuleNode } from "./segment-rule";
import { explainTree } from "./segment-explain";
import { authorizeRule } from "./segment-use";
import { evaluateConditions, memberPage } from "./segment.query";
import type { CreateSegmentInput, SegmentRuleInput, UpdateSegmentInput } from "./segment.inputs";
import { SegmentConnection, SegmentPreview, type SegmentExplanation } from "./segment.types";
import { segmentLoaders } from "./segment.loaders";
import type { MemberCount } from "./segment-counts";
import { countRows } from "../../db/bounded-count";

const PREVIEW_SAMPLE = 10;

/** The stored rule of a segment, re-checked (stored JSON is trusted no more than input). */
export function ruleOf(segment: Segment): RuleNode {
  return parseRule(segment.rule);
}

export async function segmentById(ctx: RequestContext, id: string): Promise<Segment | null> {
  return isUuid(id) ? ctx.reader.getRepository(Segment).findOne({ where: { id } }) : null;
}

async function requireSegment(ctx: RequestContext, id: string): Promise<Segment> {
  const segment = await segmentById(ctx, id);
  if (!segment) throw new NotFoundError("Segment", id);
  return segment;
}

/** Segments by name (keyset pagination). */
export async function listSegments(ctx: RequestContext, args: PageArgs) {
  const page = pageRequest(args, ctx.cursors.list("segments:name:ASC"));
  const query = ctx.reader.getRepository(Segment).createQueryBuilder("s");
  if (page.after) query.where("(s.name, s.id) > (:afterName, CAST(:afterId AS uuid))", { afterName: page.after.value, afterId: page.after.id });
  const rows = await query.orderBy("s.name", "ASC").addOrderBy("s.id", "ASC").limit(page.first + 1).getMany();
  const result: Page<Segment> = {
    nodes: rows.slice(0, page.first),
    hasNextPage: rows.length > page.first,
    hasPreviousPage: page.after !== null,
    cursorOf: (segment) => page.cursors.encode({ value: segment.name, id: segment.id }),
    count: (limit) => countRows(ctx.reader.getRepository(Segment).createQueryBuilder("s"), limit),
  };
  return toConnection(result, SegmentConnection);
}

async function assertNameFree(manager: EntityManager, name: string, exceptId?: string) {
  const clash = await manager.getRepository(Segment).findOne({ where: { name } });
  if (clash && clash.id !== exceptId) throw new ConflictError(`A segment named "${name}" already exists`, { field: "name" });
}

export async function createSegment(ctx: RequestContext, input: CreateSegmentInput): Promise<Segment> {
  const rule = parseRule(input.rule, "input.rule");
  authorizeRule(rule, roleOf(ctx.viewer), "input.rule"); // nobody stores a rule they could not evaluate themselves
  return ctx.db.transaction(async (manager) => {
    await assertNameFree(manager, input.name);
    const segment = manager.getRepository(Segment).create({
      name: input.name,
      description: input.description ?? "",
      rule: rule as unknown as Record<string, unknown>,
      createdBy: ctx.viewer.kind === "staff" ? ctx.viewer.id : null,
    });
    return manager.getRepository(Segment).save(segment);
  });
}

export async function updateSegment(ctx: RequestContext, id: string, input: UpdateSegmentInput): Promise<Segment> {
  const rule = input.rule ? parseRule(input.rule, "input.rule") : null;
  if (rule) authorizeRule(rule, roleOf(ctx.viewer), "input.rule");
  const segment = await requireSegment(ctx, id);
  return ctx.db.transaction(async (manager) => {
    if (input.name && input.name !== segment.name) await assertNameFree(manager, input.name, id);
    if (input.name) segment.name = input.name;
    if (input.description !== undefined && input.description !== null) segment.description = input.description;
    if (rule) segment.rule = rule as unknown as Record<string, unknown>;
    return manager.getRepository(Segment).save(segment);
  });
}

export async function deleteSegment(ctx: RequestContext, id: string): Promise<boolean> {
  await requireSegment(ctx, id);
  const result = await ctx.db.getRepository(Segment).delete({ id });
  return (result.affected ?? 0) > 0;
}

/** The segment's member count in the viewer's scope, and when it was counted: kept ahead when SEGMENT_COUNT_REFRESH is on, else now. */
export function memberCountOf(ctx: RequestContext, segment: Segment): Promise<MemberCount> {
  const loaders = ctx.loaders.get(segmentLoaders);
  return (ctx.config.segmentCountRefreshMs === null ? loaders.liveMemberCount : loaders.storedMemberCount).load(segment);
}

export async function membersOf(ctx: RequestContext, segment: Segment, args: PageArgs) {
  return toConnection(await memberPage(ctx.reader, ctx.viewer, ruleOf(segment), pageRequest(args, ctx.cursors.list(`segment.members:${segment.id}`))), CustomerConnection);
}

export async function previewSegment(ctx: RequestContext, input: SegmentRuleInput): Promise<SegmentPreview> {
  const rule = parseRule(input, "rule");
  const page = await memberPage(ctx.reader, ctx.viewer, rule, { first: PREVIEW_SAMPLE, after: null, cursors: ctx.cursors.list("previewSegment") });
  return Object.assign(new SegmentPreview(), { count: await page.count(), sample: page.nodes });
}

export function segmentsOfCustomer(ctx: RequestContext, customerId: string): Promise<Segment[]> {
  return ctx.loaders.get(segmentLoaders).segmentsByCustomerId.load(customerId);
}

export async function explainSegment(ctx: RequestContext, segmentId: string, customerId: string): Promise<SegmentExplanation> {
  const segment = await requireSegment(ctx, segmentId);
  await requireCustomer(ctx, customerId);
  const rule = authorizeRule(ruleOf(segment), roleOf(ctx.viewer));
  const outcomes = await evaluateConditions(ctx.reader, ctx.viewer, customerId, conditionsOf(rule).map((c) => c.condition));
  // in scope (checked above) but not evaluated for this viewer: the customer refused profiling
  if (!outcomes) throw new ForbiddenError("The customer refused profiling; segments are not evaluated for them", { reason: "PROFILING_REFUSED" });
  return explainTree(rule, outcomes, roleOf(ctx.viewer));
}
