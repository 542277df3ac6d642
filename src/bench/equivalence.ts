/**
 * Before measuring, each scenario's answers from the API and from the floor are compared after
 * normalising key order. Only paths are reported, never values (they hold personal data).
 */
export interface Equivalence {
  requests: number;
  matching: number;
  /** Up to a few differing paths (array indexes folded to []), e.g. customer.summary.openClaims. */
  differingPaths: string[];
  /** extensions.code of errors the API returned, if any. */
  apiErrors: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The API seals its cursors (AES-256-GCM, bound to the viewer): their text is not compared, only that both give one. */
const SEALED = new Set(["cursor", "startCursor", "endCursor"]);

function diffPaths(ours: Json, floor: Json, path: string, out: Set<string>): void {
  if (ours === floor) return;
  if (SEALED.has(path.slice(path.lastIndexOf(".") + 1)) && typeof ours === "string" && typeof floor === "string") return;
  if (Array.isArray(ours) && Array.isArray(floor)) {
    if (ours.length !== floor.length) out.add(`${path}.length`);
    for (let i = 0; i < Math.min(ours.length, floor.length); i++) diffPaths(ours[i], floor[i], `${path}[]`, out);
    return;
  }
  if (ours && floor && typeof ours === "object" && typeof floor === "object" && !Array.isArray(ours) && !Array.isArray(floor)) {
    for (const key of new Set([...Object.keys(ours), ...Object.keys(floor)])) {
      if (!(key in ours) || !(key in floor)) out.add(`${path}.${key} (missing on ${key in ours ? "floor" : "ours"})`);
      else diffPaths(ours[key], floor[key], `${path}.${key}`, out);
    }
    return;
  }
  out.add(path);
}

async function post(url: string, token: string, body: string): Promise<{ data?: Json; errors?: { extensions?: { code?: string } }[] }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  return (await res.json()) as { data?: Json; errors?: { extensions?: { code?: string } }[] };
}

export async function compareAnswers(apiUrl: string, floorUrl: string, token: string, bodies: readonly string[]): Promise<Equivalence> {
  const result: Equivalence = { requests: bodies.length, matching: 0, differingPaths: [], apiErrors: [] };
  const paths = new Set<string>();
  const codes = new Set<string>();
  for (const body of bodies) {
    const [ours, floor] = await Promise.all([post(apiUrl, token, body), post(floorUrl, token, body)]);
    for (const error of ours.errors ?? []) codes.add(error.extensions?.code ?? "UNKNOWN");
    const differing = new Set<string>();
    diffPaths(ours.data ?? null, floor.data ?? null, "data", differing);
    if (differing.size === 0 && !ours.errors) result.matching += 1;
    for (const path of differing) paths.add(path);
  }
  result.differingPaths = [...paths].slice(0, 12);
  result.apiErrors = [...codes];
  return result;
}

export function describeEquivalence(e: Equivalence): string {
  if (e.matching === e.requests) return `MATCH (${e.requests}/${e.requests})`;
  const errors = e.apiErrors.length > 0 ? `; API errors: ${e.apiErrors.join(", ")}` : "";
  return `DIFFER (${e.matching}/${e.requests} identical)${errors}; paths: ${e.differingPaths.join(", ") || "-"}`;
}
