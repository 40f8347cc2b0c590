import { expect, type Page } from "@playwright/test";

/**
 * Calls the real api as the signed-in user of `page` (its httpOnly cookie goes along through the web
 * app's /api/graphql), for setup steps whose screens belong to other specs. Fails on GraphQL errors.
 */
export async function api<T = Record<string, unknown>>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await page.request.post("/api/graphql", { data: { query, variables } });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}
