import "server-only";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { headers as requestHeaders } from "next/headers";

import type { GraphQLErrorLike } from "@/lib/api-errors";

/** The api's GraphQL endpoint, as the web server reaches it (never the browser). */
export const API_URL = process.env.RAPPORT_API_URL ?? "http://127.0.0.1:4000/graphql";

export interface ApiResult<TData> {
  data?: TData | null;
  errors?: GraphQLErrorLike[];
}

const printed = new WeakMap<object, string>();

function source(document: TypedDocumentNode<unknown, never> | string): string {
  if (typeof document === "string") return document;
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/**
 * The person's address, for the api's rate limits and audit log: the X-Forwarded-For this server received
 * (Next.js sets it to the connection's address when the request has none). The api believes it only from
 * the addresses in RAPPORT_TRUSTED_PROXIES. Outside a request (no headers to read): none.
 */
export async function forwardedFor(): Promise<string | null> {
  try {
    return (await requestHeaders()).get("x-forwarded-for");
  } catch {
    return null;
  }
}

async function userAgent(): Promise<string | null> {
  try {
    return (await requestHeaders()).get("user-agent");
  } catch {
    return null;
  }
}

/** One GraphQL request from the web server to the api, with the access token as a Bearer header. */
export async function callApi<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  accessToken?: string,
  clientAddress?: string | null,
): Promise<ApiResult<TData>> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const address = clientAddress ?? (await forwardedFor());
  if (address) headers["x-forwarded-for"] = address;
  const agent = await userAgent();
  if (agent) headers["user-agent"] = agent;
  let response: Response;
  try {
    response = await fetch(API_URL, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: source(document as TypedDocumentNode<unknown, never>), variables }),
      cache: "no-store",
    });
  } catch {
    return { errors: [{ message: "The api cannot be reached.", extensions: { code: "NETWORK" } }] };
  }
  try {
    return (await response.json()) as ApiResult<TData>;
  } catch {
    return { errors: [{ message: `The api answered ${response.status}.`, extensions: { code: "INTERNAL_SERVER_ERROR" } }] };
  }
}
