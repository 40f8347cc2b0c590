import "server-only";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";

import { problemFromErrors } from "@/lib/api-errors";
import { ACCESS_COOKIE } from "@/lib/session-cookies";
import { callApi } from "@/lib/server/api";

/**
 * For server components: runs a query as the signed-in user (the access token from the httpOnly cookie)
 * and returns its data. Signed-out (or expired) sessions go to /sign-in; other errors throw to the
 * nearest error.tsx.
 */
export async function serverQuery<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<TData> {
  const token = (await cookies()).get(ACCESS_COOKIE)?.value;
  if (!token) redirect("/sign-in");
  const result = await callApi(document, variables, token);
  if (result.errors?.length) {
    const problem = problemFromErrors(result.errors);
    if (problem.code === "UNAUTHENTICATED") redirect("/api/session/ended");
    // The workspace requires two-factor sign-in and this member has not set it up yet.
    if (result.errors.some((error) => error.extensions?.reason === "MFA_ENROLLMENT_REQUIRED")) redirect("/mfa-setup");
    throw new Error(problem.message);
  }
  if (!result.data) throw new Error("The api answered without data.");
  return result.data;
}
