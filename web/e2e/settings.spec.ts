import { expect, test, type Page } from "@playwright/test";

import { api } from "./graphql-api";
import { expectNoPageScrollSideways, inviteAndAccept, navigate, ownerAndViewerToBe, shot, signIn, signUp } from "./helpers";

async function openSettings(page: Page, section: "Profile" | "Members" | "Pipelines" | "Custom fields" | "Email") {
  await navigate(page, "Settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: section }).click();
  await expect(page.getByRole("heading", { name: section, exact: true })).toBeVisible();
}

function stageNamesIn(page: Page, pipeline: string) {
  return page
    .getByRole("list", { name: `Stages of ${pipeline}` })
    .getByRole("textbox", { name: /^Name of / })
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
}

test("settings: an admin adds a pipeline, adds, renames and reorders its stages", async ({ page }) => {
  // Four axe-checked screens of a page that now also holds the lost reasons: slow on a loaded machine.
  test.setTimeout(240_000);
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  await openSettings(page, "Pipelines");
  await expect(page.getByRole("region", { name: "Sales" })).toContainText("Default");
  await shot(page, "settings-01-pipelines");

  await page.getByRole("button", { name: "New pipeline" }).click();
  const dialog = page.getByRole("dialog", { name: "New pipeline" });
  await dialog.getByRole("button", { name: "Create pipeline" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(["Enter a name", "Add at least one stage"]);
  await dialog.getByLabel("Name").fill("Renewals");
  await dialog.getByLabel("Stages").fill("Due\nTalking");
  await shot(page, "settings-02-new-pipeline");
  await dialog.getByRole("button", { name: "Create pipeline" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => stageNamesIn(page, "Renewals")).toEqual(["Due", "Talking", "Won", "Lost"]);

  // Add a stage; it lands at the end, then goes up twice with the buttons (keyboard: Enter).
  const renewals = page.getByRole("region", { name: "Renewals" });
  await renewals.getByLabel("New stage name").fill("Signed");
  await renewals.getByRole("button", { name: "Add stage" }).click();
  await expect.poll(() => stageNamesIn(page, "Renewals")).toEqual(["Due", "Talking", "Won", "Lost", "Signed"]);
  await renewals.getByRole("button", { name: "Move Signed up" }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => stageNamesIn(page, "Renewals")).toEqual(["Due", "Talking", "Won", "Signed", "Lost"]);
  await renewals.getByRole("button", { name: "Move Signed up" }).click();
  await expect.poll(() => stageNamesIn(page, "Renewals")).toEqual(["Due", "Talking", "Signed", "Won", "Lost"]);

  // Drag with the keyboard: Space on the handle, arrow down, Space.
  // Each key waits for dnd-kit to take the one before (pick-up, then the move it announces).
  // The list must not load again mid-drag (the moves above refetch it): dnd-kit would measure afresh and
  // drop the stage where it started.
  await page.waitForLoadState("networkidle");
  const handle = renewals.getByRole("button", { name: "Drag Due" });
  await handle.focus();
  await page.keyboard.press("Space");
  await expect(handle).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("ArrowDown");
  await expect(page.locator('[id^="DndLiveRegion"]', { hasText: /was moved over .*Talking/ })).toBeAttached();
  await page.keyboard.press("Space");
  await expect.poll(() => stageNamesIn(page, "Renewals")).toEqual(["Talking", "Due", "Signed", "Won", "Lost"]);

  // Rename in place and set a probability; both survive a reload.
  await renewals.getByRole("textbox", { name: "Name of Talking" }).fill("In talks");
  await page.keyboard.press("Enter");
  await expect(renewals.getByRole("textbox", { name: "Name of In talks" })).toBeVisible();
  await renewals.getByRole("textbox", { name: "Win probability of Due (%)" }).fill("120");
  await page.keyboard.press("Enter");
  await expect(renewals.getByText("Enter a percentage from 0 to 100")).toBeVisible();
  await renewals.getByRole("textbox", { name: "Win probability of Due (%)" }).fill("40");
  await page.keyboard.press("Enter");
  await expect(renewals.getByText("Enter a percentage from 0 to 100")).toBeHidden();
  await shot(page, "settings-03-stages-edited");
  await page.reload();
  await expect.poll(() => stageNamesIn(page, "Renewals")).toEqual(["In talks", "Due", "Signed", "Won", "Lost"]);
  await expect(page.getByRole("textbox", { name: "Win probability of Due (%)" })).toHaveValue("40");

  // The api refuses to delete a stage that holds deals, and says why; an empty one goes.
  const { pipelines } = await api<{ pipelines: { name: string; stages: { id: string; name: string }[] }[] }>(
    page,
    `{ pipelines { name stages { id name } } }`,
  );
  const due = pipelines.find((pipeline) => pipeline.name === "Renewals")!.stages.find((stage) => stage.name === "Due")!;
  await api(page, `mutation ($stageId: UUID!) { createDeal(input: { name: "Renewal 2027", stageId: $stageId }) { id } }`, {
    stageId: due.id,
  });
  await page.reload();
  await page.getByRole("button", { name: "Delete Due" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete the stage Due?" });
  await confirm.getByRole("button", { name: "Delete stage" }).click();
  await expect(confirm.getByRole("alert")).toContainText("still has deals");
  await shot(page, "settings-04-stage-delete-refused");
  await confirm.getByRole("button", { name: "Close" }).click();
  await page.getByRole("button", { name: "Delete Signed" }).click();
  await page.getByRole("dialog", { name: "Delete the stage Signed?" }).getByRole("button", { name: "Delete stage" }).click();
  await expect.poll(() => stageNamesIn(page, "Renewals")).toEqual(["In talks", "Due", "Won", "Lost"]);

  // Rename the pipeline from its menu.
  await page.getByRole("button", { name: "Actions for Renewals" }).click();
  await page.getByRole("menuitem", { name: "Rename" }).click();
  await page.getByRole("dialog", { name: "Rename pipeline" }).getByLabel("Name").fill("Renewals 2027");
  await page.getByRole("dialog", { name: "Rename pipeline" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("region", { name: "Renewals 2027" })).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoPageScrollSideways(page);
  await shot(page, "settings-05-pipelines-phone");
});

test("settings: custom fields with options, edited and deleted; the profile name", async ({ page }) => {
  await signUp(page, { name: "Grace Hopper", workspace: "Compilers" });
  await openSettings(page, "Custom fields");
  await expect(page.getByText("No custom fields on contacts")).toBeVisible();
  await shot(page, "settings-06-fields-empty");

  await page.getByRole("button", { name: "Add field" }).first().click();
  const sheet = page.getByRole("dialog", { name: "New custom field" });
  await sheet.getByLabel("Label").fill("Contract tier");
  await expect(sheet.getByLabel("Key")).toHaveValue("contract_tier");
  await sheet.getByRole("combobox", { name: "Type" }).click();
  await page.getByRole("option", { name: "Select (one option)" }).click();
  await sheet.getByLabel("Options").fill("Gold\nSilver\nBronze");
  await shot(page, "settings-07-new-select-field");
  await sheet.getByRole("button", { name: "Add field" }).click();
  await expect(sheet).toBeHidden();
  const row = page.getByTestId("field-row").filter({ hasText: "Contract tier" });
  await expect(row).toContainText("contract_tier");
  await expect(row).toContainText("Select");
  for (const option of ["Gold", "Silver", "Bronze"]) await expect(row).toContainText(option);

  // A key the api refuses shows under the field.
  await page.getByRole("button", { name: "Add field" }).first().click();
  await sheet.getByLabel("Label").fill("Nickname");
  await sheet.getByLabel("Key").fill("Nick Name!");
  await sheet.getByRole("button", { name: "Add field" }).click();
  await expect(sheet.getByLabel("Key")).toHaveAttribute("aria-invalid", "true");
  await shot(page, "settings-08-field-key-error");
  await sheet.getByLabel("Key").fill("nickname");
  await sheet.getByRole("button", { name: "Add field" }).click();
  await expect(sheet).toBeHidden();

  // Edit the label and options; the key and type stay.
  await page.getByRole("button", { name: "Edit Contract tier" }).click();
  const edit = page.getByRole("dialog", { name: "Edit Contract tier" });
  await expect(edit.getByLabel("Key")).toBeDisabled();
  await edit.getByLabel("Label").fill("Customer tier");
  await edit.getByLabel("Options").fill("Platinum\nGold\nSilver\nBronze");
  await edit.getByLabel("Required").check();
  await edit.getByRole("button", { name: "Save field" }).click();
  await expect(edit).toBeHidden();
  const edited = page.getByTestId("field-row").filter({ hasText: "Customer tier" });
  await expect(edited).toContainText("Platinum");
  await expect(edited).toContainText("Required");

  // Delete, after a confirmation.
  await page.getByRole("button", { name: "Delete Nickname" }).click();
  await page.getByRole("dialog", { name: "Delete Nickname?" }).getByRole("button", { name: "Delete field" }).click();
  await expect(page.getByTestId("field-row")).toHaveCount(1);
  await shot(page, "settings-09-fields");

  // Fields belong to one record type.
  await page.getByRole("tab", { name: "Deals" }).click();
  await expect(page.getByText("No custom fields on deals")).toBeVisible();

  // The profile: an empty name is refused by the api, a new one shows in the sidebar.
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Profile" }).click();
  await expect(page.getByLabel("Email")).toHaveValue(/@example\.com$/);
  await page.getByLabel("Name").fill("  ");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await shot(page, "settings-10-profile-error");
  await page.getByLabel("Name").fill("Rear Admiral Hopper");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Your name is saved", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Account: Rear Admiral Hopper/ })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Name")).toHaveValue("Rear Admiral Hopper");
  await shot(page, "settings-11-profile");
});

test("settings: email shows the forward-in address, the policy changes, a failing mailbox says why", async ({ page }) => {
  await signUp(page, { name: "Ada Lovelace", workspace: "Mail Room" });
  await openSettings(page, "Email");
  await expect(page.getByTestId("inbound-address")).toHaveText(/@/);
  await expect(page.getByTestId("inbound-token")).toHaveText(/^•+$/);
  await page.getByRole("button", { name: "Show webhook token" }).click();
  await expect(page.getByTestId("inbound-token")).not.toHaveText(/•/);
  const address = (await page.getByTestId("inbound-address").textContent()) ?? "";
  await expect(page.getByText("Nothing in quarantine")).toBeVisible();
  await shot(page, "settings-12-email");

  // Rotating asks first, then gives a new address.
  await page.getByRole("button", { name: "Rotate" }).click();
  await page.getByRole("dialog", { name: "Rotate the address and token?" }).getByRole("button", { name: "Rotate now" }).click();
  await expect(page.getByTestId("inbound-address")).not.toHaveText(address);

  // The auto-create policy (a new workspace starts with "Never").
  const policy = page.getByRole("radiogroup", { name: "Create contacts from email" });
  await expect(policy.getByRole("radio", { name: "Never" })).toBeChecked();
  await policy.getByRole("radio", { name: "Only from mail we sent" }).click();
  await expect(page.getByText("Contact creation updated", { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("radio", { name: "Only from mail we sent" })).toBeChecked();

  // A mailbox whose server cannot be reached is refused with the reason next to the field.
  await page.getByRole("button", { name: "Connect mailbox" }).first().click();
  const sheet = page.getByRole("dialog", { name: "Connect a mailbox" });
  await sheet.getByLabel("Email address").fill("ada@example.com");
  await sheet.getByLabel("IMAP server").fill("127.0.0.1");
  await sheet.getByLabel("Port").fill("1");
  await sheet.getByLabel("Password").fill("not a real password");
  await sheet.getByRole("button", { name: "Connect mailbox" }).click();
  await expect(sheet.locator("[aria-invalid=true]").first()).toBeVisible({ timeout: 30_000 });
  await expect(sheet.getByRole("alert").first()).toContainText("Could not connect");
  await shot(page, "settings-13-mailbox-refused");
  await sheet.getByRole("button", { name: "Cancel" }).click();

  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoPageScrollSideways(page);
  await shot(page, "settings-14-email-phone");
});

test("settings: a viewer reads pipelines, fields and email settings without any control to change them", async ({ browser }) => {
  const { viewer, viewerContext, viewerPage, ownerContext, owner } = await ownerAndViewerToBe(browser, "Olive Settings");
  await inviteAndAccept(owner, viewer.email, "VIEWER");
  await api(owner, `mutation { createFieldDefinition(input: { objectType: CONTACT, key: "tier", label: "Tier", type: SELECT, options: ["A", "B"] }) { id } }`);

  await signIn(viewerPage, viewer.email);
  await viewerPage.getByRole("button", { name: /^Workspace: / }).click();
  await viewerPage.getByRole("menuitem", { name: "Olive Settings" }).click();
  await expect(viewerPage.getByRole("button", { name: /Workspace: Olive Settings/ })).toBeVisible();

  await openSettings(viewerPage, "Pipelines");
  await expect(viewerPage.getByRole("region", { name: "Sales" })).toContainText("Negotiation");
  await expect(viewerPage.getByRole("button", { name: "New pipeline" })).toHaveCount(0);
  await expect(viewerPage.getByRole("textbox")).toHaveCount(0);
  await expect(viewerPage.getByRole("button", { name: /^(Move|Delete|Drag|Actions for) / })).toHaveCount(0);
  await shot(viewerPage, "settings-15-viewer-pipelines");

  await viewerPage.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Custom fields" }).click();
  await expect(viewerPage.getByTestId("field-row")).toContainText("Tier");
  await expect(viewerPage.getByRole("button", { name: /^(Add field|Edit |Delete )/ })).toHaveCount(0);

  await viewerPage.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Email" }).click();
  await expect(viewerPage.getByRole("radio", { name: "From mail sent and received" })).toBeDisabled();
  await expect(viewerPage.getByRole("button", { name: /^(Rotate|Connect mailbox)/ })).toHaveCount(0);
  await expect(viewerPage.getByText("Quarantined messages")).toHaveCount(0);
  await shot(viewerPage, "settings-16-viewer-email");

  await viewerContext.close();
  await ownerContext.close();
});
