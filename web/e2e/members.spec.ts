import { expect, test } from "@playwright/test";

import { navigate, ownerAndViewerToBe, shot, signIn } from "./helpers";

test("an owner adds a viewer by email, who then sees no way to write", async ({ browser }) => {
  const { viewer, viewerContext, viewerPage, ownerContext, owner } = await ownerAndViewerToBe(browser, "Olive Corp");
  await navigate(owner, "Settings");
  await owner.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members" }).click();
  await expect(owner.getByRole("heading", { name: "Members", exact: true })).toBeVisible();

  await owner.getByLabel("Email").fill("nobody-" + viewer.email);
  await owner.getByRole("button", { name: "Add member" }).click();
  await expect(owner.getByText("No account uses this email")).toBeVisible();
  await shot(owner, "members-01-unknown-email");

  await owner.getByLabel("Email").fill(viewer.email);
  await owner.getByRole("combobox", { name: "Role" }).click();
  await owner.getByRole("option", { name: "Viewer" }).click();
  await owner.getByRole("button", { name: "Add member" }).click();
  const row = owner.getByTestId("member-row").filter({ hasText: "Vera Viewer" });
  await expect(row).toContainText("Viewer");
  await shot(owner, "members-02-viewer-added");

  // Change the role and back, through the row's select.
  await row.getByRole("combobox", { name: "Role of Vera Viewer" }).click();
  await owner.getByRole("option", { name: "Member" }).click();
  await expect(owner.getByText("Role changed to member", { exact: true })).toBeVisible();
  await row.getByRole("combobox", { name: "Role of Vera Viewer" }).click();
  await owner.getByRole("option", { name: "Viewer" }).click();
  await expect(owner.getByText("Role changed to viewer", { exact: true })).toBeVisible();

  // The viewer signs in, switches to Olive Corp and finds nothing to click that writes.
  await signIn(viewerPage, viewer.email);
  await viewerPage.getByRole("button", { name: /^Workspace: / }).click();
  await viewerPage.getByRole("menuitem", { name: "Olive Corp" }).click();
  await expect(viewerPage.getByRole("button", { name: /Workspace: Olive Corp/ })).toBeVisible();

  await navigate(viewerPage, "Contacts");
  await expect(viewerPage.getByText("No contacts yet")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "New contact" })).toHaveCount(0);
  await shot(viewerPage, "members-03-viewer-contacts");
  await navigate(viewerPage, "Companies");
  await expect(viewerPage.getByText("No companies yet")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "New company" })).toHaveCount(0);
  await navigate(viewerPage, "Settings");
  await viewerPage.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members" }).click();
  await expect(viewerPage.getByTestId("member-row")).toHaveCount(2);
  await expect(viewerPage.getByRole("button", { name: "Add member" })).toHaveCount(0);
  await expect(viewerPage.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await expect(viewerPage.getByRole("combobox")).toHaveCount(0);
  await shot(viewerPage, "members-04-viewer-members");

  // The owner removes the viewer.
  await row.getByRole("button", { name: "Remove Vera Viewer" }).click();
  await owner.getByRole("button", { name: "Remove member" }).click();
  await expect(owner.getByTestId("member-row")).toHaveCount(1);

  await viewerContext.close();
  await ownerContext.close();
});
