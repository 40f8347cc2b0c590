import { expect, test } from "@playwright/test";

import { navigate, shot, signUp } from "./helpers";

const CSV = [
  "First Name,Last Name,Email,Mobile Phone,Notes",
  "Grace,Hopper,grace@navy.example,+1 555 0100,compilers",
  "Alan,Turing,alan@bletchley.example,,codebreaking",
  "Bad,Row,not-an-email,,x",
].join("\n");

test("import contacts from a CSV through the mapping screen, then undo it", async ({ page }) => {
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  await navigate(page, "Contacts");
  await page.getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import contacts" })).toBeVisible();

  await page.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });

  const mapping = page.getByRole("table", { name: "Column mapping" });
  await expect(mapping).toBeVisible();
  await expect(page.getByLabel("Field for First Name")).toHaveValue("firstName");
  await expect(page.getByLabel("Field for Last Name")).toHaveValue("lastName");
  await expect(page.getByLabel("Field for Email")).toHaveValue("email");
  await expect(page.getByLabel("Field for Mobile Phone")).toHaveValue("phone");
  await expect(page.getByLabel("Field for Notes")).toHaveValue("");
  await page.getByLabel("Field for Mobile Phone").selectOption("");
  await shot(page, "import-01-mapping");

  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Import finished: 2 created, 0 updated, 1 refused.", {
    timeout: 30_000,
  });
  await expect(page.getByRole("link", { name: /Download the refused rows/ })).toHaveAttribute("href", /^\/api\/v1\/files\//);
  await shot(page, "import-02-finished");

  await expect(page.getByRole("link", { name: "View contacts" })).toHaveAttribute("href", "/contacts");
  const list = await page.context().newPage();
  await list.goto("/contacts");
  await expect(list.getByRole("cell", { name: "Grace Hopper", exact: true })).toBeVisible();
  await expect(list.getByRole("cell", { name: "Alan Turing", exact: true })).toBeVisible();
  await expect(list.getByText("+1 555 0100")).toHaveCount(0);
  await list.close();

  await page.getByRole("button", { name: "Undo import" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("The import was undone.");
  await navigate(page, "Contacts");
  await expect(page.getByText("No contacts yet")).toBeVisible();
});

const DEALS_CSV = [
  "Deal - Title,Deal - Value,Deal - Currency,Deal - Stage,Deal - Expected close date",
  "Difference Engine,\"12,000\",GBP,Proposal,2027-03-01",
  "Jacquard looms,800 EUR,,Qualified,",
  "Nowhere deal,5,EUR,Daydream,",
].join("\n");

test("import deals from a CSV through the mapping screen and see them on the board", async ({ page }) => {
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  await navigate(page, "Deals");
  await page.getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import deals" })).toBeVisible();

  await page.getByLabel("CSV file").setInputFiles({ name: "deals.csv", mimeType: "text/csv", buffer: Buffer.from(DEALS_CSV) });

  await expect(page.getByRole("table", { name: "Column mapping" })).toBeVisible();
  await expect(page.getByLabel("Field for Deal - Title")).toHaveValue("name");
  await expect(page.getByLabel("Field for Deal - Value")).toHaveValue("amount");
  await expect(page.getByLabel("Field for Deal - Currency")).toHaveValue("currency");
  await expect(page.getByLabel("Field for Deal - Stage")).toHaveValue("stage");
  await expect(page.getByLabel("Field for Deal - Expected close date")).toHaveValue("expectedCloseDate");
  await shot(page, "import-deals-01-mapping");

  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Import finished: 2 created, 0 updated, 1 refused.", {
    timeout: 30_000,
  });
  await expect(page.getByRole("link", { name: "View deals" })).toHaveAttribute("href", "/deals");
  await page.getByRole("link", { name: "View deals" }).click();
  await expect(page.getByRole("link", { name: "Difference Engine" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Jacquard looms" })).toBeVisible();
  await expect(page.getByText("Nowhere deal")).toHaveCount(0);
  await shot(page, "import-deals-02-board");
});

test("drop a file on a contact page, see it listed and download it", async ({ page }) => {
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  await navigate(page, "Contacts");
  await page.getByRole("button", { name: "New contact" }).first().click();
  const panel = page.getByRole("dialog", { name: "New contact" });
  await panel.getByLabel("First name").fill("Charles");
  await panel.getByLabel("Last name").fill("Babbage");
  await panel.getByRole("button", { name: "Create contact" }).click();
  await page.getByRole("link", { name: "Charles Babbage" }).first().click();

  const files = page.getByRole("region", { name: "Files" });
  await expect(files.getByText("No files yet")).toBeVisible();
  await files.getByLabel("Upload files").setInputFiles({
    name: "engine-notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("The Analytical Engine weaves algebraic patterns."),
  });
  const link = files.getByRole("link", { name: "engine-notes.txt", exact: true });
  await expect(link).toBeVisible();
  await shot(page, "files-01-listed");

  const download = await page.request.get((await link.getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toContain('attachment; filename="engine-notes.txt"');
  expect(await download.text()).toBe("The Analytical Engine weaves algebraic patterns.");
});
