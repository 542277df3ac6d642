import { parse as parseUrl } from "node:url";
import type express from "express";
import { JsonText } from "../shared/json-text";
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction, type HTTPGraphQLRequest } from "@apollo/server";

/**
 * GraphQL answers written as UTF-8 in pieces.
 *
 * Apollo turns an answer into one string (`JSON.stringify(result) + "\n"`) and express encodes that
 * string. When the answer holds one character beyond Latin-1 (a name with Ł, a reason with an en
 * dash), the string is a ~135 KB two-byte string for a 100-offer page, built by V8 as a tree of
 * parts; its first read flattens it into a new string, ~1 ms on Node 20, against ~0.2 ms when the
 * same page is one-byte (docs/performance.md, session 48). Here each element of a list is
 * stringified alone and encoded in pieces of at most a few KB, so no large string is ever made.
 * The bytes are those `JSON.stringify` gives (`graphql-answer.spec` compares them).
 */

/** Characters gathered before they are encoded (small strings flatten cheaply). */
const PIECE_CHARACTERS = 8192;

class Utf8Pieces {
  private readonly buffers: Buffer[] = [];
  private pending = "";
  private size = 0;

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= PIECE_CHARACTERS) this.flush();
  }

  bytes(): Buffer {
    this.flush();
    return Buffer.concat(this.buffers, this.size);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const encoded = Buffer.from(this.pending, "utf8");
    this.buffers.push(encoded);
    this.size += encoded.length;
    this.pending = "";
  }
}

/** An object JSON.stringify writes key by key: a plain object without toJSON (answers are built of these). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/**
 * JSON.stringify's output, written piece by piece: objects key by key, each list element as one
 * piece; a JsonText (an answer's value the statement wrote) as its text, where JSON.stringify would
 * write the value its toJSON parses from it.
 */
function writeJson(value: unknown, out: Utf8Pieces): void {
  if (value instanceof JsonText) {
    out.add(value.text);
    return;
  }
  if (Array.isArray(value)) {
    out.add("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.add(",");
      const item = value[i];
      if (item instanceof JsonText) out.add(item.text);
      else out.add(JSON.stringify(item) ?? "null");
    }
    out.add("]");
    return;
  }
  if (!isPlainObject(value)) {
    out.add(JSON.stringify(value) ?? "null");
    return;
  }
  out.add("{");
  let first = true;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    out.add(first ? JSON.stringify(key) : `,${JSON.stringify(key)}`);
    out.add(":");
    first = false;
    writeJson(item, out);
  }
  out.add("}");
}

/** The bytes of `JSON.stringify(value) + "\n"` (Apollo's body), encoded in pieces. */
export function answerBytes(value: unknown): Buffer {
  const out = new Utf8Pieces();
  writeJson(value, out);
  out.add("\n");
  return out.bytes();
}

/**
 * Apollo's `stringifyResult` must return a string. It returns a token instead, and the handler
 * below, which sends every answer, takes the result back by it and writes its bytes. A token
 * starts with NUL, which no JSON text does.
 */
const answers = new Map<string, unknown>();
let issued = 0;

export function deferAnswer(result: unknown): string {
  issued = (issued + 1) % Number.MAX_SAFE_INTEGER;
  const token = `\u0000answer:${issued}`;
  answers.set(token, result);
  return token;
}

/** Answers stringified but not yet sent (each is taken by its own request), and all ever deferred: for tests. */
export const answersWaiting = (): number => answers.size;
export const answersIssued = (): number => issued;

function bodyOf(text: string): Buffer {
  const result = answers.get(text);
  if (result === undefined) return Buffer.from(text, "utf8");
  answers.delete(text);
  return answerBytes(result);
}

/**
 * `/graphql` as `@as-integrations/express5`'s `expressMiddleware` serves it (the same request,
 * headers and status), with the body written from the deferred answer. A request already answered
 * (the request timeout's 503) drops its late answer.
 */
export function graphqlHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options: { context: ContextFunction<[{ req: express.Request; res: express.Response }], TContext> },
): express.RequestHandler {
  server.assertStarted("graphqlHandler()");
  return async (req, res, next) => {
    try {
      if (!("body" in req)) throw new Error("req.body is not set: the json middleware must run before /graphql");
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
      }
      const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method.toUpperCase(), headers, search: parseUrl(req.url).search ?? "", body: req.body };
      const response = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => options.context({ req, res }) });
      if (response.body.kind === "complete") {
        const body = bodyOf(response.body.string); // taken even when dropped below, so nothing waits
        if (res.headersSent) return;
        for (const [key, value] of response.headers) res.setHeader(key, value);
        res.statusCode = response.status ?? 200;
        res.setHeader("content-length", body.length);
        res.end(req.method === "HEAD" ? undefined : body);
        return;
      }
      if (res.headersSent) return;
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      next(error);
    }
  };
}
