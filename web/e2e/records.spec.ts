import { expect, test } from "@playwright/test";

import { expectNoPageScrollSideways, navigate, shot, signUp } from "./helpers";

test("create a company and a contact in it, then find the contact by search", async ({ page }) => {
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });

  await navigate(page, "Companies");
  await expect(page.getByText("No companies yet")).toBeVisible();
  await shot(page, "records-01-companies-empty");
  await page.getByRole("button", { name: "New company" }).first().click();
  const companyPanel = page.getByRole("dialog", { name: "New company" });
  await companyPanel.getByRole("button", { name: "Create company" }).click();
  await expect(companyPanel.getByRole("alert")).toHaveText(["Enter a name"]);
  await expect(companyPanel.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await shot(page, "records-02-company-validation");
  await companyPanel.getByLabel("Name").fill("Babbage & Co");
  await companyPanel.getByLabel("Domain").fill("babbage.example");
  await companyPanel.getByLabel("Industry").fill("Computing");
  await companyPanel.getByRole("button", { name: "Create company" }).click();
  await expect(companyPanel).toBeHidden();
  await expect(page.getByRole("cell", { name: "Babbage & Co", exact: true })).toBeVisible();
  await shot(page, "records-03-companies-list");

  await navigate(page, "Contacts");
  await expect(page.getByText("No contacts yet")).toBeVisible();
  for (const [first, last, email, withCompany] of [
    ["Charles", "Babbage", "charles@babbage.example", true],
    ["Mary", "Somerville", "mary@somerville.example", false],
  ] as const) {
    await page.getByRole("button", { name: "New contact" }).first().click();
    const panel = page.getByRole("dialog", { name: "New contact" });
    await panel.getByLabel("First name").fill(first);
    await panel.getByLabel("Last name").fill(last);
    await panel.getByLabel("Email").fill(email);
    await panel.getByLabel("Job title").fill("Mathematician");
    if (withCompany) {
      await panel.getByLabel("Company").click();
      await page.getByRole("option", { name: "Babbage & Co" }).click();
      await shot(page, "records-04-create-contact-panel");
    }
    await panel.getByRole("button", { name: "Create contact" }).click();
    await expect(panel).toBeHidden();
    await expect(page.getByRole("cell", { name: `${first} ${last}`, exact: true })).toBeVisible();
  }
  await expect(page.getByText("2 contacts")).toBeVisible();
  await expect(page.getByRole("row", { name: /Charles Babbage/ })).toContainText("Babbage & Co");
  await shot(page, "records-05-contacts-list");

  // A bad email is refused by the api, and the message shows under the field.
  await page.getByRole("button", { name: "New contact" }).first().click();
  const panel = page.getByRole("dialog", { name: "New contact" });
  await panel.getByLabel("First name").fill("Typo");
  await panel.getByLabel("Email").fill("not-an-email");
  await panel.getByRole("button", { name: "Create contact" }).click();
  await expect(panel.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await shot(page, "records-06-contact-field-error");
  await panel.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("searchbox", { name: "Search contacts" }).fill("somer");
  await expect(page.getByRole("cell", { name: "Mary Somerville", exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Charles Babbage", exact: true })).toBeHidden();
  await shot(page, "records-07-contacts-search");

  await page.getByRole("searchbox", { name: "Search contacts" }).fill("nobody-like-this");
  await expect(page.getByText("No contacts match")).toBeVisible();
  await page.getByRole("button", { name: "Clear search" }).click();
  await expect(page.getByRole("cell", { name: "Charles Babbage", exact: true })).toBeVisible();

  // Sorting by name, descending: Mary first.
  await page.getByRole("button", { name: "Name", exact: true }).click();
  await expect(page.getByRole("row").nth(1)).toContainText("Mary Somerville");
});

test("the app works on a phone: the sidebar becomes a drawer", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page, { workspace: "Pocket" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expectNoPageScrollSideways(page);
  await shot(page, "records-08-phone-dashboard");
  await page.getByRole("button", { name: "Open navigation" }).click();
  await expect(page.getByRole("dialog").getByRole("navigation", { name: "Main" })).toBeVisible();
  await shot(page, "records-09-phone-drawer");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contacts" }).click();
  await expect(page.getByRole("heading", { name: "Contacts", exact: true })).toBeVisible();
  await expect(page.getByRole("dialog")).toBeHidden();
});
