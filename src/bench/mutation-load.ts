import http from "node:http";

/** One mutation the load sent: when it was due, when its successful answer came, and what it recorded. */
export interface SentMutation {
  /** When the open loop was due to send it (performance.now()): latency counts from here, queueing in the client included. */
  dueAt: number;
  /** When the client had the whole successful answer (after the commit): the event's commit mark. Null: failed. */
  answeredAt: number | null;
  interactionId: string | null;
  error: string | null;
}

export interface OpenLoopOptions {
  url: string;
  token: string;
  agent: http.Agent;
  /** Mutations per second, sent on schedule whether or not earlier ones were answered (open loop). */
  rate: number;
  seconds: number;
  body: (n: number) => string;
  /** Beyond this many unanswered, a due mutation is not sent (counted as skipped): the run stays bounded. */
  maxInFlight: number;
}

const TIMEOUT_MS = 30_000;

function post(options: OpenLoopOptions, body: string): Promise<{ status: number; text: string }> {
  const url = new URL(options.url);
  const payload = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent: options.agent,
        headers: { "content-type": "application/json", "content-length": String(payload.length), authorization: `Bearer ${options.token}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    request.setTimeout(TIMEOUT_MS, () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on("error", reject);
    request.end(payload);
  });
}

/** Sends one mutation and records its answer; `pick` reads the recorded id from the answer's data. */
async function send(options: OpenLoopOptions, n: number, dueAt: number, pick: (data: any) => unknown): Promise<SentMutation> {
  try {
    const { status, text } = await post(options, options.body(n));
    const answeredAt = performance.now();
    const answer = JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
    const id = answer.data ? pick(answer.data) : null;
    if (status !== 200 || answer.errors?.length || typeof id !== "string") {
      return { dueAt, answeredAt: null, interactionId: null, error: `HTTP ${status} ${answer.errors?.[0]?.extensions?.code ?? answer.errors?.[0]?.message ?? "no id"}` };
    }
    return { dueAt, answeredAt, interactionId: id, error: null };
  } catch (err) {
    return { dueAt, answeredAt: null, interactionId: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * An open loop: mutation n is due at start + n / rate and sent then (checked every millisecond),
 * so a slow answer does not slow the offered rate. Answers every sent mutation and how many were
 * skipped at the in-flight bound.
 */
export async function openLoop(options: OpenLoopOptions, pick: (data: any) => unknown): Promise<{ sent: SentMutation[]; skipped: number }> {
  const total = Math.round(options.rate * options.seconds);
  const started = performance.now();
  const answers: Promise<SentMutation>[] = [];
  let inFlight = 0;
  let skipped = 0;
  let next = 0;
  while (next < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * options.rate) + 1);
    for (; next < due; next++) {
      if (inFlight >= options.maxInFlight) {
        skipped += 1;
        continue;
      }
      inFlight += 1;
      answers.push(send(options, next, started + (next * 1000) / options.rate, pick).finally(() => (inFlight -= 1)));
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return { sent: await Promise.all(answers), skipped };
}
