import { createElement, type ComponentProps } from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";

type Fetcher = ComponentProps<typeof GraphiQL>["fetcher"];

/** POSTs JSON to this server's /graphql with the headers from GraphiQL's header editor. */
const fetcher: Fetcher = async (params, options) => {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { ...(options?.headers as Record<string, string> | undefined), "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return response.json();
};

const token = sessionStorage.getItem("c360.token");
const defaultQuery = `# Customer360 API explorer. Your token goes in the Headers tab below:
#   { "authorization": "Bearer <token>" }
# (npm run --silent token -- --role AGENT, or sign in at /console first and reload).
{
  me { role staff { displayName } }
  customers(first: 5) { totalCount edges { node { customerNumber fullName serviceTier } } }
}
`;

createRoot(document.getElementById("explorer")!).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery,
    defaultHeaders: JSON.stringify({ authorization: `Bearer ${token ?? "<token>"}` }, null, 2),
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);
