import type { Locator, Page } from "@playwright/test";

// The kanban as the browser tests handle it: a column, a card, and a mouse drag between them.

/** A stage column of the board, found by its stage name. */
export function column(page: Page, stage: string): Locator {
  return page.getByTestId("stage-column").and(page.locator(`[data-stage="${stage}"]`));
}

export function card(page: Page, name: string): Locator {
  return page.getByTestId("deal-card").filter({ hasText: name });
}

/** Drags with the mouse the way a person does: press on the card, move in steps, release over the column. */
export async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = (await from.boundingBox())!;
  const end = (await to.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height - 12);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 12, start.y + start.height - 4, { steps: 4 });
  await page.mouse.move(end.x + end.width / 2, end.y + Math.min(end.height - 20, 140), { steps: 16 });
  await page.mouse.up();
}

/** Resolves when the api has answered the next moveDeal: a reload after it shows what was saved (a reload
 * while the drag's mutation is still on its way would cancel it in the browser). */
export function moveSaved(page: Page): Promise<unknown> {
  return page.waitForResponse(
    (response) => response.url().includes("/graphql") && (response.request().postData() ?? "").includes("moveDeal"),
  );
}
