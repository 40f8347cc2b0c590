import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Building2, User } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Client, Provider, cacheExchange, fetchExchange } from "urql";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { PaletteSearchQuery } from "@/gql/graphql";
import { ToastProvider } from "@/components/ui/toast";
import { ViewerProvider, type Role } from "@/lib/viewer";
import { isPaletteShortcut } from "./keys";
import { PaletteView, type PaletteGroup, type PaletteItem } from "./palette-view";

const push = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ push }) }));

const found: PaletteSearchQuery = {
  search: {
    degraded: true,
    degradedReason: "AI_UNAVAILABLE",
    edges: [
      {
        cursor: "a",
        node: {
          type: "CONTACT",
          snippet: "<mark>Grace</mark> Hopper · grace@navy.mil",
          node: { __typename: "Contact", id: "c1", name: "Grace Hopper", emails: ["grace@navy.mil"] },
        },
      },
      {
        cursor: "b",
        node: {
          type: "COMPANY",
          snippet: null,
          node: { __typename: "Company", id: "k1", name: "Navy", domain: "navy.mil" },
        },
      },
    ],
  },
};
const nothing: PaletteSearchQuery = { search: { degraded: true, degradedReason: "AI_UNAVAILABLE", edges: [] } };

/**
 * The api, as far as these tests go, behind a real urql client: "gr…" finds Grace Hopper of the Navy,
 * anything else nothing; the workspace has no custom fields and one member. Records what was asked.
 */
function stubApi() {
  const asked: { operationName: string; variables: Record<string, unknown> }[] = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const request = JSON.parse(String(init?.body)) as { operationName: string; variables: Record<string, unknown> };
    asked.push(request);
    const answers: Record<string, () => unknown> = {
      PaletteSearch: () => {
        const term = request.variables.query as string;
        return term.startsWith("gr") ? found : nothing;
      },
      SettingsFields: () => ({ fieldDefinitions: [] }),
      Members: () => ({
        members: [{ id: "m1", role: "OWNER", joinedAt: "2026-01-05T09:00:00Z", user: { id: "u1", name: "Ada Owner", email: "ada@example.com" } }],
      }),
    };
    const answer = answers[request.operationName];
    if (!answer) throw new Error(`The stub api does not answer ${request.operationName}`);
    if (request.operationName === "PaletteSearch" && String(request.variables.query).startsWith("too long")) {
      const refused = { message: "A search is at most 500 characters.", extensions: { code: "BAD_USER_INPUT" } };
      return new Response(JSON.stringify({ data: null, errors: [refused] }), { headers: { "content-type": "application/json" } });
    }
    return new Response(JSON.stringify({ data: answer() }), { headers: { "content-type": "application/json" } });
  });
  const client = new Client({ url: "http://rapport.test/api/graphql", exchanges: [cacheExchange, fetchExchange], fetch, preferGetMethod: false });
  return { client, asked };
}

function withApp(children: ReactNode, { role = "MEMBER", client }: { role?: Role; client: Client }) {
  const viewer = {
    user: { id: "u1", name: "Ada Owner", email: "ada@example.com" },
    workspace: { id: "w1", name: "Acme" },
    workspaces: [{ id: "w1", name: "Acme" }],
    role,
    memberId: "m1",
  };
  return (
    <Provider value={client}>
      <ViewerProvider viewer={viewer}>
        <ToastProvider>{children}</ToastProvider>
      </ViewerProvider>
    </Provider>
  );
}

describe("palette keys", () => {
  const event = (key: string, mods: Partial<Record<"metaKey" | "ctrlKey" | "altKey" | "shiftKey", boolean>> = {}) => ({
    key,
    metaKey: false,
    ctrlKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it("opens on Ctrl-K and Cmd-K only", () => {
    expect(isPaletteShortcut(event("k", { ctrlKey: true }))).toBe(true);
    expect(isPaletteShortcut(event("K", { metaKey: true }))).toBe(true);
    expect(isPaletteShortcut(event("k"))).toBe(false);
    expect(isPaletteShortcut(event("k", { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isPaletteShortcut(event("j", { ctrlKey: true }))).toBe(false);
  });
});

function item(id: string, label: string, href: string): PaletteItem {
  return { id, label, href, icon: id.startsWith("contact") ? User : Building2 };
}

const GROUPS: PaletteGroup[] = [
  { name: "Contacts", items: [item("contact:1", "Ada Lovelace", "/contacts/1"), item("contact:2", "Alan Turing", "/contacts/2")] },
  { name: "Companies", items: [item("company:1", "Analytical Engines", "/companies/1")] },
];

function Harness({ onSelect, groups = GROUPS }: { onSelect: (item: PaletteItem) => void; groups?: PaletteGroup[] }) {
  const [query, setQuery] = useState("");
  // Typing "a" brings other results: the company first, then the contacts.
  const shown = query === "zzz" ? [] : query === "a" ? [groups[1]!, groups[0]!] : groups;
  return <PaletteView query={query} onQueryChange={setQuery} groups={shown} loading={false} empty="Nothing matches" onSelect={onSelect} />;
}

function selectedLabel(): string | null {
  return screen.getAllByRole("option").find((option) => option.getAttribute("aria-selected") === "true")?.textContent ?? null;
}

describe("PaletteView", () => {
  it("starts on the first option, moves with the arrows (wrapping) and opens with Enter", async () => {
    const onSelect = vi.fn();
    const user = userEvent.setup();
    render(<Harness onSelect={onSelect} />);
    const input = screen.getByRole("combobox", { name: "Search contacts, companies, deals, emails and notes" });

    expect(input).toHaveFocus();
    expect(selectedLabel()).toBe("Ada Lovelace");
    await user.keyboard("{ArrowDown}");
    expect(selectedLabel()).toBe("Alan Turing");
    expect(input).toHaveAttribute("aria-activedescendant", screen.getAllByRole("option")[1]!.id);
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(selectedLabel()).toBe("Ada Lovelace");
    await user.keyboard("{ArrowUp}");
    expect(selectedLabel()).toBe("Analytical Engines");
    await user.keyboard("{Enter}");

    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(onSelect.mock.calls[0]![0].href).toBe("/companies/1");
  });

  it("groups the options under their headings", () => {
    render(<Harness onSelect={vi.fn()} />);
    const contacts = screen.getByRole("group", { name: "Contacts" });
    expect(contacts).toContainElement(screen.getByRole("option", { name: /Alan Turing/ }));
    expect(screen.getByRole("group", { name: "Companies" })).toContainElement(
      screen.getByRole("option", { name: /Analytical Engines/ }),
    );
  });

  it("goes back to the first option when the results change, and hovering picks one", async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<Harness onSelect={onSelect} />);
    await user.keyboard("{ArrowDown}");
    expect(selectedLabel()).toBe("Alan Turing");

    await user.keyboard("a");
    expect(selectedLabel()).toBe("Analytical Engines");
    fireEvent.pointerMove(screen.getByRole("option", { name: /Alan Turing/ }));
    expect(selectedLabel()).toBe("Alan Turing");
    await user.click(screen.getByRole("option", { name: /Ada Lovelace/ }));
    expect(onSelect.mock.calls[0]![0].label).toBe("Ada Lovelace");
  });

  it("says so when nothing matches, and Enter then does nothing", async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<Harness onSelect={onSelect} />);
    await user.keyboard("zzz");
    expect(screen.getByRole("status")).toHaveTextContent("Nothing matches");
    expect(screen.getByRole("combobox")).not.toHaveAttribute("aria-activedescendant");
    await user.keyboard("{ArrowDown}{Enter}");
    expect(onSelect).not.toHaveBeenCalled();
  });

  it("leaves Home and End to the text once something is typed", async () => {
    const user = userEvent.setup();
    render(<Harness onSelect={vi.fn()} />);
    const input = screen.getByRole<HTMLInputElement>("combobox");
    await user.keyboard("{End}");
    expect(selectedLabel()).toBe("Analytical Engines");
    await user.keyboard("{Home}");
    expect(selectedLabel()).toBe("Ada Lovelace");

    await user.keyboard("xy{ArrowDown}");
    expect(input).toHaveValue("xy");
    expect(selectedLabel()).toBe("Alan Turing");
    await user.keyboard("{Home}");
    expect(selectedLabel()).toBe("Alan Turing");
    expect(input.selectionStart).toBe(0);
    await user.keyboard("{End}");
    expect(selectedLabel()).toBe("Alan Turing");
    expect(input.selectionStart).toBe(2);
  });
});

describe("CommandPalette", () => {
  beforeEach(() => push.mockReset());

  it("opens with Ctrl-K anywhere, finds records and jumps to one with Enter", async () => {
    const { CommandPalette } = await import("./command-palette");
    const { client, asked } = stubApi();
    const user = userEvent.setup();
    render(withApp(<CommandPalette />, { client }));
    expect(screen.queryByRole("dialog")).toBeNull();

    act(() => {
      fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    });
    const input = await screen.findByRole("combobox");
    expect(input).toHaveFocus();
    expect(screen.getByRole("group", { name: "Actions" })).toBeInTheDocument();

    await user.type(input, "grace");
    await screen.findByRole("option", { name: /Grace Hopper/ });
    // Each hit says what it is to a screen reader (its icon shows it).
    expect(screen.getByRole("option", { name: /^Grace Hopper.*, Contact$/ })).toBeInTheDocument();
    expect(screen.getByRole("option", { name: /^Navy.*, Company$/ })).toBeInTheDocument();
    await waitFor(() => expect(selectedLabel()).toContain("Grace Hopper"));
    await user.keyboard("{ArrowDown}{Enter}");

    expect(push).toHaveBeenCalledWith("/companies/k1");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    // Debounced: one search for what was typed, none for each letter on the way.
    expect(asked.filter((request) => request.operationName === "PaletteSearch").map((request) => request.variables)).toEqual([
      { query: "grace", first: 12 },
    ]);
  });

  it("runs an action, and Cmd-K or Escape closes it again", async () => {
    const { CommandPalette, openCommandPalette } = await import("./command-palette");
    const user = userEvent.setup();
    render(withApp(<CommandPalette />, { client: stubApi().client }));

    act(() => openCommandPalette());
    await user.type(await screen.findByRole("combobox"), "deals");
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toContain("Go to Deals");
    await waitFor(() => expect(selectedLabel()).toBe("Go to Deals"));
    await user.keyboard("{Enter}");
    expect(push).toHaveBeenCalledWith("/deals");

    act(() => {
      fireEvent.keyDown(window, { key: "k", metaKey: true });
    });
    await screen.findByRole("dialog");
    act(() => {
      fireEvent.keyDown(window, { key: "k", metaKey: true });
    });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    act(() => openCommandPalette());
    await screen.findByRole("dialog");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("offers a member to create a contact, and opens the contact panel with the workspace's fields", async () => {
    const { CommandPalette, openCommandPalette } = await import("./command-palette");
    const { client, asked } = stubApi();
    const user = userEvent.setup();
    render(withApp(<CommandPalette />, { client, role: "MEMBER" }));

    act(() => openCommandPalette());
    await user.type(await screen.findByRole("combobox"), "new person");
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual(["Create contact"]);
    await user.keyboard("{Enter}");

    expect(await screen.findByRole("dialog", { name: "New contact" })).toBeInTheDocument();
    expect(push).not.toHaveBeenCalled();
    await waitFor(() => expect(asked.map((request) => request.operationName)).toContain("SettingsFields"));
    expect(asked.find((request) => request.operationName === "SettingsFields")?.variables).toEqual({ objectType: "CONTACT" });
  });

  it("waits with Enter for the results of what is typed, never opening one of the text before", async () => {
    const { CommandPalette, openCommandPalette } = await import("./command-palette");
    const user = userEvent.setup();
    render(withApp(<CommandPalette />, { client: stubApi().client }));

    act(() => openCommandPalette());
    const input = await screen.findByRole("combobox");
    await user.type(input, "grace");
    await screen.findByRole("option", { name: /Grace Hopper/ });
    // Grace is still on screen while "zzz" is searched for: Enter must not open her.
    await user.clear(input);
    await user.type(input, "zzz{Enter}");
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("Nothing matches “zzz”."));
    expect(push).not.toHaveBeenCalled();

    // Enter before the results came: once they do, their first opens.
    await user.clear(input);
    await user.type(input, "grace{Enter}");
    await waitFor(() => expect(push).toHaveBeenCalledWith("/contacts/c1"));
    expect(push).toHaveBeenCalledTimes(1);
  });

  it("says why a search did not run instead of that nothing matches", async () => {
    const { CommandPalette, openCommandPalette } = await import("./command-palette");
    const user = userEvent.setup();
    render(withApp(<CommandPalette />, { client: stubApi().client }));

    act(() => openCommandPalette());
    await user.type(await screen.findByRole("combobox"), "too long a text");
    await waitFor(() =>
      expect(screen.getByRole("status")).toHaveTextContent("The search did not run: A search is at most 500 characters."),
    );
  });

  it("puts an action first when what is typed names it, and after the records otherwise", async () => {
    const { namesAction } = await import("./command-palette");
    expect(namesAction({ label: "Go to Deals" }, "deals")).toBe(true);
    expect(namesAction({ label: "Go to Deals" }, "go to dea")).toBe(true);
    expect(namesAction({ label: "Create contact" }, "create contact")).toBe(true);
    expect(namesAction({ label: "Go to Deals" }, "g")).toBe(false);
    expect(namesAction({ label: "Go to Contacts" }, "people")).toBe(false);
    expect(namesAction({ label: "Go to Deals" }, "grace")).toBe(false);
  });

  it("gives focus back to where it was when closed without going anywhere", async () => {
    const { CommandPalette } = await import("./command-palette");
    const user = userEvent.setup();
    render(
      withApp(
        <>
          <button type="button">Before</button>
          <CommandPalette />
        </>,
        { client: stubApi().client },
      ),
    );
    const before = screen.getByRole("button", { name: "Before" });
    before.focus();
    act(() => {
      fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    });
    await waitFor(() => expect(screen.getByRole("combobox")).toHaveFocus());
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(before).toHaveFocus();
  });

  it("offers a viewer no action that writes", async () => {
    const { CommandPalette, openCommandPalette } = await import("./command-palette");
    const user = userEvent.setup();
    render(withApp(<CommandPalette />, { client: stubApi().client, role: "VIEWER" }));

    act(() => openCommandPalette());
    await user.type(await screen.findByRole("combobox"), "new person");
    expect(screen.queryAllByRole("option")).toEqual([]);
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("Nothing matches “new person”."));
    await user.clear(screen.getByRole("combobox"));
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual([
      "Go to Dashboard",
      "Go to Contacts",
      "Go to Companies",
      "Go to Deals",
      "Settings",
    ]);
  });
});
