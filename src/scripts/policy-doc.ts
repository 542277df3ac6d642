import { renderDataPolicy } from "../auth/data-policy-doc";
import { renderTimelinePolicy } from "../modules/timeline/timeline.doc";

/** docs/data-policy.md: the policy table, then what modules derive from it (the timeline's kinds per role). */
export function dataPolicyDocument(): string {
  return renderDataPolicy(renderTimelinePolicy());
}
