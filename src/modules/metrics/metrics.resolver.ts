import { Args, Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { serviceMetrics } from "./metrics.service";
import { ServiceMetrics, ServiceMetricsArgs } from "./metrics.types";

@Resolver(() => ServiceMetrics)
export class MetricsResolver {
  @Query(() => ServiceMetrics, {
    description: "Service figures (satisfaction, 24-hour response, complaints, claims) for a period, grouped; over the customers in your scope.",
  })
  serviceMetrics(@Ctx() ctx: RequestContext, @Args(() => ServiceMetricsArgs) args: ServiceMetricsArgs) {
    return serviceMetrics(ctx, args);
  }
}
