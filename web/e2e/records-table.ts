import type { Page } from "@playwright/test";

// Steps on a records table (contacts, companies, deals) that the specs take again and again.

/** Shows (or hides) columns through the column chooser, then closes it. */
export async function chooseColumns(page: Page, ...columns: string[]): Promise<void> {
  await page.getByRole("button", { name: "Choose columns" }).click();
  for (const name of columns) await page.getByRole("menuitemcheckbox", { name }).click();
  await page.keyboard.press("Escape");
}

/** Adds a filter on a field through the Filter menu; the caller fills its value ("<field> value"). */
export async function addFilter(page: Page, field: string): Promise<void> {
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await page.getByRole("menuitem", { name: field }).click();
}

/** Sets a field of the selected rows from the selection bar ("Change a field", then "New <field>"). */
export async function changeSelected(page: Page, field: string, value: string): Promise<void> {
  const bar = page.getByRole("region", { name: "Selection" });
  await bar.getByRole("combobox", { name: "Change a field" }).click();
  await page.getByRole("option", { name: field }).click();
  await bar.getByRole("combobox", { name: `New ${field.toLowerCase()}` }).click();
  await page.getByRole("option", { name: value }).click();
}
