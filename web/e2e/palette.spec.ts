import { expect, test } from "@playwright/test";

import { api } from "./graphql-api";
import { openPalette, shot, signUp } from "./helpers";

const CREATE_COMPANY = "mutation($input: CompanyInput!) { createCompany(input: $input) { id } }";
const CREATE_CONTACT = "mutation($input: ContactInput!) { createContact(input: $input) { id } }";

test("Ctrl-K finds a contact by email and a company by name, and Enter opens them", async ({ page }) => {
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  const { createCompany } = await api<{ createCompany: { id: string } }>(page, CREATE_COMPANY, {
    input: { name: "Babbage & Co", domain: "babbage.example" },
  });
  const { createContact } = await api<{ createContact: { id: string } }>(page, CREATE_CONTACT, {
    input: { firstName: "Charles", lastName: "Babbage", emails: ["charles@babbage.example"], companyId: createCompany.id },
  });
  await api(page, CREATE_CONTACT, { input: { firstName: "Mary", lastName: "Somerville", emails: ["mary@somerville.example"] } });

  const palette = await openPalette(page);
  const search = palette.getByRole("combobox", { name: "Search contacts, companies, deals, emails and notes" });
  await expect(search).toBeFocused();
  await expect(palette.getByRole("group", { name: "Actions" }).getByRole("option", { name: /Go to Deals/ })).toBeVisible();
  await shot(page, "palette-01-open");

  await search.fill("charles@babbage");
  // "Results", or with why semantic matches are missing ("keyword matches", "index catching up").
  const contact = palette.getByRole("group", { name: /^Results/ }).getByRole("option", { name: /Charles Babbage/ });
  await expect(contact).toBeVisible();
  await expect(contact).toHaveAttribute("aria-selected", "true");
  await expect(palette.getByRole("option", { name: /Mary Somerville/ })).toHaveCount(0);
  await shot(page, "palette-02-contact-by-email");
  await search.press("Enter");
  await expect(palette).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/contacts/${createContact.id}$`));

  // The sidebar's search button opens it too; the company is found by name (its name and domain say
  // "babbage" twice, so it ranks above the contact that shares the word), and the arrows reach both.
  await page.getByRole("button", { name: "Search" }).click();
  await search.fill("babbage");
  const company = palette.getByRole("group", { name: /^Results/ }).getByRole("option", { name: /Babbage & Co/ });
  await expect(company).toBeVisible();
  await expect(company).toHaveAttribute("aria-selected", "true");
  await search.press("ArrowDown");
  await expect(palette.getByRole("option", { name: /Charles Babbage/ })).toHaveAttribute("aria-selected", "true");
  await search.press("ArrowUp");
  await expect(company).toHaveAttribute("aria-selected", "true");
  await shot(page, "palette-03-company-by-name");
  await search.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/companies/${createCompany.id}$`));

  // Nothing found says so; Escape closes; an action goes to its screen.
  await page.keyboard.press("Control+k");
  await search.fill("no-such-record-anywhere");
  await expect(palette.getByRole("status")).toContainText("Nothing matches");
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();
  await page.keyboard.press("Control+k");
  await search.fill("go to deals");
  await expect(palette.getByRole("option", { name: /Go to Deals/ })).toHaveAttribute("aria-selected", "true");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/deals$/);
});

test("on a phone the header's search button opens the palette", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page, { workspace: "Pocket" });
  await api(page, CREATE_COMPANY, { input: { name: "Northwind Analytics", domain: "northwind.example" } });
  await page.getByRole("banner").getByRole("button", { name: "Search" }).click();
  const palette = page.getByRole("dialog", { name: "Search Rapport" });
  await palette.getByRole("combobox").fill("northw");
  await expect(palette.getByRole("option", { name: /Northwind Analytics/ })).toBeVisible();
  await shot(page, "palette-04-phone");
});

test("Ctrl-K pressed before the page's code has run still opens the palette, once", async ({ page }) => {
  await signUp(page, { name: "Grace Hopper", workspace: "Compilers" });
  // The page's scripts arrive two seconds late: the HTML is painted and the key pressed before React runs.
  await page.route("**/_next/static/chunks/**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await route.continue();
  });
  await page.goto("/contacts", { waitUntil: "commit" });
  await expect(page.getByRole("heading", { name: "Contacts" })).toBeVisible();
  const hydrated = await page.evaluate(() => window.__rapportPalette === true);
  expect(hydrated).toBe(false);
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Search Rapport" });
  await expect(palette).toBeVisible({ timeout: 30_000 });
  await expect(palette.getByRole("combobox", { name: "Search contacts, companies, deals, emails and notes" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();
  // Chunks asked for last may still be held back: let their handlers finish before the route goes.
  await page.unrouteAll({ behavior: "wait" });
});
