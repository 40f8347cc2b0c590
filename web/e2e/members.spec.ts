import { expect, test } from "@playwright/test";

import { api } from "./graphql-api";
import { PASSWORD, navigate, ownerAndViewerToBe, shot, signUp, uniqueEmail } from "./helpers";

// Two browsers and sign-ups per test: more than the default minute on a loaded machine.
test.setTimeout(300_000);

test("an owner invites a viewer by email, who accepts the copied link and then sees no way to write", async ({ browser }) => {
  const { viewer, viewerContext, viewerPage, ownerContext, owner } = await ownerAndViewerToBe(browser, "Olive Corp");
  await navigate(owner, "Settings");
  await owner.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members" }).click();
  await expect(owner.getByRole("heading", { name: "Members", exact: true })).toBeVisible();

  await owner.getByLabel("Email").fill("not-an-email");
  await owner.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(owner.getByText("Enter an email address like name@company.com").first()).toBeVisible();
  await shot(owner, "members-01-bad-email");

  await owner.getByLabel("Email").fill(viewer.email);
  await owner.getByRole("combobox", { name: "Role" }).click();
  await owner.getByRole("option", { name: "Viewer" }).click();
  await owner.getByRole("button", { name: "Invite", exact: true }).click();
  const invitation = owner.getByTestId("invitation-row").filter({ hasText: viewer.email });
  await expect(invitation).toContainText("Viewer");
  const linkField = owner.getByRole("textbox", { name: `Invitation link for ${viewer.email}` });
  const link = await linkField.inputValue();
  expect(link).toContain("/invitation#token=rpi_");
  await expect(owner.getByTestId("member-row")).toHaveCount(1);
  await shot(owner, "members-02-invitation-pending");

  // The invitee opens the link signed out and accepts by signing in.
  await viewerPage.goto(link);
  await expect(viewerPage.getByRole("heading", { name: "Join Olive Corp" })).toBeVisible();
  await expect(viewerPage.getByText(`You are invited as viewer, with ${viewer.email}.`)).toBeVisible();
  await shot(viewerPage, "members-03-accept-page");
  await viewerPage.getByLabel("Password").fill("not the password");
  await viewerPage.getByRole("button", { name: "Sign in and join" }).click();
  await expect(viewerPage.getByText("The email or the password is wrong.")).toBeVisible();
  await viewerPage.getByLabel("Password").fill(PASSWORD);
  await viewerPage.getByRole("button", { name: "Sign in and join" }).click();
  await expect(viewerPage.getByRole("button", { name: /Workspace: Olive Corp/ })).toBeVisible({ timeout: 30_000 });

  // The link works once.
  await viewerPage.goto(link);
  await expect(viewerPage.getByText("This invitation was already accepted.")).toBeVisible();
  await shot(viewerPage, "members-04-link-used");

  await owner.reload();
  const row = owner.getByTestId("member-row").filter({ hasText: "Vera Viewer" });
  await expect(row).toContainText("Viewer");
  await expect(owner.getByTestId("invitation-row")).toHaveCount(0);

  // Change the role and back, through the row's select.
  await row.getByRole("combobox", { name: "Role of Vera Viewer" }).click();
  await owner.getByRole("option", { name: "Member" }).click();
  await expect(owner.getByText("Role changed to member", { exact: true })).toBeVisible();
  await row.getByRole("combobox", { name: "Role of Vera Viewer" }).click();
  await owner.getByRole("option", { name: "Viewer" }).click();
  await expect(owner.getByText("Role changed to viewer", { exact: true })).toBeVisible();

  // The viewer, in Olive Corp since accepting, finds nothing to click that writes.
  await viewerPage.goto("/");
  await expect(viewerPage.getByRole("button", { name: /Workspace: Olive Corp/ })).toBeVisible();

  await navigate(viewerPage, "Contacts");
  await expect(viewerPage.getByText("No contacts yet")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "New contact" })).toHaveCount(0);
  await shot(viewerPage, "members-05-viewer-contacts");
  await navigate(viewerPage, "Companies");
  await expect(viewerPage.getByText("No companies yet")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "New company" })).toHaveCount(0);
  await navigate(viewerPage, "Settings");
  await viewerPage.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members" }).click();
  await expect(viewerPage.getByTestId("member-row")).toHaveCount(2);
  await expect(viewerPage.getByRole("button", { name: "Invite", exact: true })).toHaveCount(0);
  await expect(viewerPage.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await expect(viewerPage.getByRole("combobox")).toHaveCount(0);
  await shot(viewerPage, "members-06-viewer-members");

  // The owner removes the viewer.
  await row.getByRole("button", { name: "Remove Vera Viewer" }).click();
  await owner.getByRole("button", { name: "Remove member" }).click();
  await expect(owner.getByTestId("member-row")).toHaveCount(1);

  await viewerContext.close();
  await ownerContext.close();
});

test("a newcomer accepts an invitation by creating an account; a revoked link says so", async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signUp(owner, { name: "Olive Owner", workspace: "Olive Newcomers" });
  const newcomer = uniqueEmail("nina");
  const revoked = uniqueEmail("rex");
  const first = await api<{ inviteMember: { link: string } }>(owner, `mutation ($e: String!) { inviteMember(email: $e, role: MEMBER) { link } }`, { e: newcomer });
  const second = await api<{ inviteMember: { id: string; link: string } }>(owner, `mutation ($e: String!) { inviteMember(email: $e, role: MEMBER) { id link } }`, { e: revoked });
  await api(owner, `mutation ($id: UUID!) { revokeInvitation(id: $id) }`, { id: second.inviteMember.id });

  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await guest.goto(second.inviteMember.link);
  await expect(guest.getByText("This invitation was withdrawn; ask for a new one.")).toBeVisible();
  await shot(guest, "members-07-link-revoked");

  await guest.goto(first.inviteMember.link);
  await guest.getByRole("button", { name: "I am new here" }).click();
  await guest.getByLabel("Your name").fill("Nina Newcomer");
  await guest.getByLabel("Choose a password").fill("12345678");
  await guest.getByRole("button", { name: "Create account and join" }).click();
  await expect(guest.getByText(/most common/)).toBeVisible();
  await shot(guest, "members-08-weak-password");
  await guest.getByLabel("Choose a password").fill(PASSWORD);
  await guest.getByRole("button", { name: "Create account and join" }).click();
  await expect(guest.getByRole("heading", { name: "Welcome, Nina" })).toBeVisible({ timeout: 30_000 });
  await expect(guest.getByRole("button", { name: /Workspace: Olive Newcomers/ })).toBeVisible();

  await guestContext.close();
  await ownerContext.close();
});
