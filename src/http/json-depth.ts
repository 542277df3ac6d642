/** Deepest nesting of arrays/objects a request body may have (real operations use < 10). */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * express.json `verify` hook: refuses a body nested deeper than MAX_JSON_DEPTH before it is parsed
 * (one pass over the bytes, strings skipped), because deeply nested variables would later exhaust
 * the stack in recursive input coercion (e.g. a 5,000-level `not { not { … } }` segment rule).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, body: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) {
        throw Object.assign(new Error(`Request body nested deeper than ${MAX_JSON_DEPTH} levels`), { status: 400, type: "entity.too.deep" });
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
}
