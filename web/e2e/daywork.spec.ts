import { expect, test, type Page } from "@playwright/test";

import { api } from "./graphql-api";
import { shot, signUp, teammates } from "./helpers";

// A rep's day: calls and meetings on the timeline (and a company's roll-up), notes in Markdown with
// @mentions that reach a teammate, edited and deleted, and the tasks page with the agenda.
test.setTimeout(300_000);


/** A `datetime-local` value `days` from now at 10:00, in the page's time zone. */
function localAt(days: number, hour = 10): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(hour)}:00`;
}

async function companyWithContacts(page: Page) {
  const company = await api<{ createCompany: { id: string } }>(page, `mutation { createCompany(input: { name: "Initech" }) { id } }`);
  const companyId = company.createCompany.id;
  const ids: string[] = [];
  for (const name of ["Peter", "Milton"]) {
    const created = await api<{ createContact: { id: string } }>(
      page,
      `mutation ($c: UUID!, $n: String!) { createContact(input: { firstName: $n, lastName: "Gibbons", companyId: $c }) { id } }`,
      { c: companyId, n: name },
    );
    ids.push(created.createContact.id);
  }
  return { companyId, peter: ids[0]!, milton: ids[1]! };
}

test("a call and a meeting are logged on a contact, show on the attendee's and the company's timelines and in the agenda", async ({
  page,
}) => {
  await signUp(page, { name: "Rita Rep", workspace: "Rita's Day" });
  const { companyId, peter, milton } = await companyWithContacts(page);
  await page.goto(`/contacts/${peter}`);
  const timeline = page.getByRole("tabpanel", { name: "Timeline" });
  await expect(timeline.getByText("Created contact Peter Gibbons")).toBeVisible();

  await timeline.getByRole("tab", { name: "Call" }).click();
  await timeline.getByRole("textbox", { name: "Duration (minutes)" }).fill("12");
  await timeline.getByRole("textbox", { name: "Call notes" }).fill("Asked for **pricing** by Friday");
  await timeline.getByRole("button", { name: "Log call" }).click();
  const call = timeline.getByRole("article", { name: "Call" });
  await expect(call).toContainText("Call · Connected · 12 min");
  await expect(call.locator("strong")).toHaveText("pricing");
  await shot(page, "daywork-01-call-logged");

  // A refused meeting says why, next to the field.
  await timeline.getByRole("tab", { name: "Meeting" }).click();
  await timeline.getByRole("textbox", { name: "Meeting", exact: true }).fill("Contract review");
  await timeline.getByLabel("Starts").fill(localAt(2));
  await timeline.getByLabel("Ends").fill(localAt(1));
  await timeline.getByRole("button", { name: "Log meeting" }).click();
  await expect(timeline.getByText("Choose a time after the start")).toBeVisible();
  await timeline.getByLabel("Ends").fill(localAt(2, 11));
  await timeline.getByRole("textbox", { name: "Contacts attending" }).fill("Milton");
  await timeline.getByRole("button", { name: "Add Milton Gibbons" }).click();
  await expect(timeline.getByRole("list", { name: "Contacts attending" })).toContainText("Milton Gibbons");
  await timeline.getByRole("checkbox", { name: /Rita Rep/ }).check();
  await timeline.getByRole("button", { name: "Log meeting" }).click();
  const meeting = timeline.getByRole("article", { name: "Meeting: Contract review" });
  await expect(meeting).toContainText("Upcoming meeting: Contract review");
  await expect(meeting).toContainText("With Rita Rep, Milton Gibbons");
  await shot(page, "daywork-02-meeting-logged");

  // The attendee's timeline has the meeting, said to be on Peter's record.
  await page.goto(`/contacts/${milton}`);
  const miltons = page.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Meeting: Contract review" });
  await expect(miltons).toBeVisible();
  await expect(page.getByRole("tabpanel", { name: "Timeline" }).getByText("On Peter Gibbons")).toBeVisible();

  // The company rolls up its contacts' calls, meetings and notes, each marked with the contact's name.
  await api(page, `mutation ($id: UUID!) { addNote(targetId: $id, body: "Milton wants his stapler") { id } }`, { id: milton });
  await page.goto(`/companies/${companyId}`);
  const companyTimeline = page.getByRole("tabpanel", { name: "Timeline" });
  await expect(companyTimeline.getByRole("article", { name: "Call" })).toContainText("Call · Connected · 12 min");
  await expect(companyTimeline.getByRole("article", { name: "Meeting: Contract review" })).toHaveCount(1);
  await expect(companyTimeline.getByRole("article", { name: "Note" })).toContainText("Milton wants his stapler");
  await expect(companyTimeline.getByText("On Milton Gibbons")).toBeVisible();
  await expect(companyTimeline.getByText("On Peter Gibbons")).toHaveCount(2);
  await shot(page, "daywork-03-company-roll-up");

  // The meeting to come is in the agenda of the tasks page.
  await page.getByRole("link", { name: "Tasks" }).first().click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByRole("list", { name: "Agenda" })).toContainText("Contract review");
  await shot(page, "daywork-04-agenda");

  // Its author edits the call (on every timeline that has it) and deletes it.
  await page.goto(`/contacts/${peter}`);
  const logged = page.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Call" });
  await logged.getByRole("button", { name: "Edit call" }).click();
  await logged.getByRole("textbox", { name: "Duration (minutes)" }).fill("20");
  await logged.getByRole("textbox", { name: "Edit the call notes" }).fill("Pricing sent on Friday");
  await logged.getByRole("button", { name: "Save call" }).click();
  await expect(logged).toContainText("Call · Connected · 20 min");
  await expect(logged).toContainText("(edited)");
  await expect(logged).toContainText("Pricing sent on Friday");
  await shot(page, "daywork-04b-call-edited");
  await page.goto(`/companies/${companyId}`);
  const rolledUp = page.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Call" });
  await expect(rolledUp).toContainText("Call · Connected · 20 min");
  await rolledUp.getByRole("button", { name: "Delete call" }).click();
  await page.getByRole("dialog", { name: "Delete this call?" }).getByRole("button", { name: "Delete call" }).click();
  await expect(page.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Call" })).toHaveCount(0);
  await page.goto(`/contacts/${peter}`);
  await expect(page.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Call" })).toHaveCount(0);

  // The meeting moved to yesterday has happened: it leaves the agenda.
  const planned = page.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Meeting: Contract review" });
  await planned.getByRole("button", { name: "Edit meeting" }).click();
  await planned.getByLabel("Starts").fill(localAt(-1));
  await planned.getByLabel("Ends").fill(localAt(-1, 11));
  await planned.getByRole("button", { name: "Save meeting" }).click();
  await expect(planned).toContainText("Meeting: Contract review");
  await expect(planned).not.toContainText("Upcoming meeting");
  await page.getByRole("link", { name: "Tasks" }).first().click();
  await expect(page.getByText("No meetings planned.")).toBeVisible();
});

test("a meeting's attendees are changed in its edit form: contacts and teammates, on every timeline", async ({ page }) => {
  await signUp(page, { name: "Rita Rep", workspace: "Rita's Attendees" });
  const { peter, milton } = await companyWithContacts(page);
  const samir = await api<{ createContact: { id: string } }>(page, `mutation { createContact(input: { firstName: "Samir", lastName: "Nagheenanajar" }) { id } }`);
  const samirId = samir.createContact.id;
  const starts = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const logged = await api<{ logMeeting: { id: string } }>(
    page,
    `mutation ($input: LogMeetingInput!) { logMeeting(input: $input) { id } }`,
    { input: { targetId: peter, startsAt: starts, title: "Budget review", attendeeContactIds: [milton] } },
  );
  const meetingId = logged.logMeeting.id;

  await page.goto(`/contacts/${peter}`);
  const meeting = page.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Meeting: Budget review" });
  await expect(meeting).toContainText("With Milton Gibbons");
  await meeting.getByRole("button", { name: "Edit meeting" }).click();
  // The form starts from the attendees the meeting has.
  await expect(meeting.getByRole("list", { name: "Contacts attending" })).toHaveText(/^Milton Gibbons×$/);
  await expect(meeting.getByRole("checkbox", { name: /Rita Rep/ })).not.toBeChecked();
  await meeting.getByRole("button", { name: "Remove Milton Gibbons" }).click();
  await meeting.getByRole("textbox", { name: "Contacts attending" }).fill("Samir");
  await meeting.getByRole("button", { name: "Add Samir Nagheenanajar" }).click();
  await meeting.getByRole("checkbox", { name: /Rita Rep/ }).check();
  await shot(page, "daywork-08-meeting-attendees-edit");
  await meeting.getByRole("button", { name: "Save meeting" }).click();
  await expect(meeting).toContainText("With Rita Rep, Samir Nagheenanajar");
  await expect(meeting).not.toContainText("Milton");
  await expect(meeting).toContainText("(edited)");

  // Another edit that leaves them alone keeps them.
  await meeting.getByRole("button", { name: "Edit meeting" }).click();
  await meeting.getByRole("textbox", { name: "Meeting title" }).fill("Budget review, final");
  await meeting.getByRole("button", { name: "Save meeting" }).click();
  const renamed = page.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Meeting: Budget review, final" });
  await expect(renamed).toContainText("With Rita Rep, Samir Nagheenanajar");

  const { me } = await api<{ me: { id: string } }>(page, `{ me { id } }`);
  const stored = await api<{ contact: { timeline: { edges: { node: { id: string; attendeeContacts: { id: string }[]; attendeeMembers: { user: { id: string } }[] } }[] } } }>(
    page,
    `query ($id: UUID!) { contact(id: $id) { timeline(first: 50) { edges { node { id attendeeContacts { id } attendeeMembers { user { id } } } } } } }`,
    { id: peter },
  );
  const entry = stored.contact.timeline.edges.map((edge) => edge.node).find((node) => node.id === meetingId);
  expect(entry?.attendeeContacts).toEqual([{ id: samirId }]);
  expect(entry?.attendeeMembers).toEqual([{ user: { id: me.id } }]);

  // Samir's timeline has it now, Milton's no longer.
  await page.goto(`/contacts/${samirId}`);
  await expect(page.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Meeting: Budget review, final" })).toBeVisible();
  await page.goto(`/contacts/${milton}`);
  await expect(page.getByRole("tabpanel", { name: "Timeline" }).getByText("Created contact Milton Gibbons")).toBeVisible();
  await expect(page.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: /^Meeting:/ })).toHaveCount(0);
});

test("a note in Markdown mentions a teammate, who is told; its author edits and deletes it", async ({ browser }) => {
  const { owner, mate, close } = await teammates(browser, "Olive Notes Day");
  const created = await api<{ createContact: { id: string } }>(owner, `mutation { createContact(input: { firstName: "Ada" }) { id } }`);
  const id = created.createContact.id;
  await owner.goto(`/contacts/${id}`);
  await mate.goto("/tasks");
  const timeline = owner.getByRole("tabpanel", { name: "Timeline" });
  const box = timeline.getByRole("textbox", { name: "Note" });
  await box.fill("Ask @Ve");
  await timeline.getByRole("group", { name: "Mention a member" }).getByRole("button", { name: "@Vera Viewer" }).click();
  await box.press("End");
  await box.pressSequentially("about the *renewal* <img src=x onerror=alert(1)> [site](javascript:alert(1))");
  await box.press("Control+Enter");
  const note = timeline.getByRole("article", { name: "Note" });
  await expect(note).toContainText("Ask @Vera Viewer about the renewal");
  await expect(note.locator("em")).toHaveText("renewal");
  // Raw HTML and script links never reach the page.
  await expect(note.locator("img")).toHaveCount(0);
  await expect(note.locator('a[href^="javascript"]')).toHaveCount(0);
  await shot(owner, "daywork-05-note-with-mention");

  // The teammate is told (a live toast, then the bell's list), and the item leads to the contact.
  const bell = mate.getByRole("button", { name: "Notifications: 1 unread" }).first();
  await expect(bell).toBeVisible({ timeout: 15_000 });
  await bell.click();
  const item = mate.getByRole("menuitem", { name: /You were mentioned: Ask @Vera Viewer about the/ });
  await expect(item).toBeVisible();
  await shot(mate, "daywork-06-mention-notification");
  await item.click();
  await expect(mate).toHaveURL(new RegExp(`/contacts/${id}$`));
  // The teammate may read the note, not change it.
  await expect(mate.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Note" })).toBeVisible();
  await expect(mate.getByRole("button", { name: "Edit note" })).toHaveCount(0);

  await note.getByRole("button", { name: "Edit note" }).click();
  await note.getByRole("textbox", { name: "Edit the note" }).fill("Renewal signed.");
  await note.getByRole("button", { name: "Save note" }).click();
  await expect(note).toContainText("Renewal signed.");
  await expect(note).toContainText("(edited)");
  await note.getByRole("button", { name: "Delete note" }).click();
  await owner.getByRole("dialog", { name: "Delete this note?" }).getByRole("button", { name: "Delete note" }).click();
  await expect(timeline.getByRole("article", { name: "Note" })).toHaveCount(0);
  await shot(owner, "daywork-07-note-deleted");
  await close();
});

test("the tasks page lists mine overdue first, filters, completes from the list; the dashboard links to it", async ({ page }) => {
  await signUp(page, { name: "Tom Tasks", workspace: "Tom's Tasks" });
  const created = await api<{ createContact: { id: string } }>(page, `mutation { createContact(input: { firstName: "Grace" }) { id } }`);
  const day = 86_400_000;
  const tasks: [string, number | null][] = [
    ["Send the invoice", -2 * day],
    ["Book the venue", 3 * day],
    ...Array.from({ length: 11 }, (_, index): [string, number | null] => [`Follow-up ${index + 1}`, null]),
  ];
  const invoiceDue = Date.now() - 2 * day;
  for (const [body, offset] of tasks) {
    await api(page, `mutation ($id: UUID!, $b: String!, $d: DateTime) { addTask(targetId: $id, body: $b, dueAt: $d) { id } }`, {
      id: created.createContact.id,
      b: body,
      d: offset === null ? null : new Date(offset === -2 * day ? invoiceDue : Date.now() + offset).toISOString(),
    });
  }
  await page.goto("/");
  const more = page.getByRole("link", { name: "And 3 more tasks on your records." });
  await expect(more).toBeVisible();
  await more.click();
  await expect(page).toHaveURL(/\/tasks$/);
  const list = page.getByRole("list", { name: "Task list" });
  await expect(list.getByRole("listitem").first()).toContainText("Send the invoice");
  // In calendar days, as the page counts them: 3 once midnight has passed since the task was made.
  const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  const overdue = Math.round((startOfDay(new Date()) - startOfDay(new Date(invoiceDue))) / day);
  await expect(list.getByRole("listitem").first()).toContainText(`${overdue} days overdue`);
  await expect(list.getByRole("listitem")).toHaveCount(13);
  await shot(page, "daywork-08-tasks-page");

  await page.getByRole("button", { name: "Overdue" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await page.getByRole("checkbox", { name: "Mark “Send the invoice” as done" }).click();
  await page.getByRole("button", { name: "Done", exact: true }).click();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list).toContainText("Send the invoice");
  await page.getByRole("button", { name: "Upcoming" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list).toContainText("Book the venue");
  await page.getByRole("button", { name: "Everyone's" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await shot(page, "daywork-09-tasks-filtered");
});
