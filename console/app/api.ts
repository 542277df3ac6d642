export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  locations?: { line: number; column: number }[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  data: T | null;
  errors: GraphQLErrorItem[];
}

const TOKEN_KEY = "c360.token";

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  signIn(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token.trim().replace(/^Bearer\s+/i, ""));
  },
  signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** One POST to the public GraphQL endpoint with the viewer's token; errors come back, never thrown. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  try {
    const response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T | null; errors?: GraphQLErrorItem[] };
    return { data: body.data ?? null, errors: body.errors ?? [] };
  } catch (err) {
    return { data: null, errors: [{ message: `The server did not answer (${String(err)})`, extensions: { code: "NETWORK" } }] };
  }
}

export function hasCode(result: GraphQLResult<unknown>, code: string): boolean {
  return result.errors.some((error) => error.extensions?.code === code);
}

/** The error reported on exactly this response path, e.g. ["customer", "nationalId"]. */
export function errorAt(errors: GraphQLErrorItem[], path: (string | number)[]): GraphQLErrorItem | undefined {
  return errors.find((error) => error.path?.length === path.length && error.path.every((part, i) => part === path[i]));
}

/** BAD_USER_INPUT's `fields`: `[{ field, problems }]` as the API sends them, or a plain field → message map. */
function fieldProblems(fields: unknown): string {
  if (!fields || typeof fields !== "object") return "";
  const list = Array.isArray(fields)
    ? fields.map((f: { field?: string; problems?: string[] }) => `${f.field}: ${(f.problems ?? []).join("; ")}`)
    : Object.entries(fields).map(([field, message]) => `${field}: ${String(message)}`);
  return ` (${list.join("; ")})`;
}

export function firstMessage(result: GraphQLResult<unknown>): string {
  const error = result.errors[0];
  if (!error) return "";
  const detail = fieldProblems(error.extensions?.fields);
  return `${error.message}${detail}`;
}

/** "message (CODE)" or "message (CODE, REASON)" of a failed call (e.g. CONFLICT, STALE_VERSION): what the API said, never more (no stack). */
export function problem(result: GraphQLResult<unknown>): string {
  const extensions = result.errors[0]?.extensions;
  const reason = typeof extensions?.reason === "string" ? `, ${extensions.reason}` : "";
  return extensions?.code ? `${firstMessage(result)} (${extensions.code}${reason})` : firstMessage(result);
}
