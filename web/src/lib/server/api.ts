import "server-only";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

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

/** One GraphQL request from the web server to the api, with the access token as a Bearer header. */
export async function callApi<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  accessToken?: string,
): Promise<ApiResult<TData>> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
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
