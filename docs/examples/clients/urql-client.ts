import { Client, fetchExchange } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";

/**
 * An urql client for the Customer360 API: each document goes by its trusted id (queries by GET,
 * mutations by POST), never as text, and every request carries the caller's token.
 */
export function customer360Client(url: string, token: () => string, fetchImpl: typeof fetch = fetch): Client {
  return new Client({
    url,
    fetch: fetchImpl,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token()}` } }),
    preferGetMethod: false,
    exchanges: [
      persistedExchange({
        enforcePersistedQueries: true, // the text is never sent: PERSISTED_OPERATIONS=only refuses it
        enableForMutation: true,
        preferGetForPersistedQueries: true,
        // the client preset puts each document's id on it (persistedDocuments)
        generateHash: async (_query, document) => (document as { __meta__?: { hash?: string } }).__meta__?.hash ?? null,
      }),
      fetchExchange,
    ],
  });
}
