"use client";

import { Dialog as DialogPrimitive } from "radix-ui";
import { useRouter } from "next/navigation";
import {
  Building2,
  Handshake,
  LayoutDashboard,
  Mail,
  Search,
  Settings,
  StickyNote,
  User,
  UserPlus,
  Users,
  type LucideIcon,
} from "lucide-react";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useQuery } from "urql";

import type { PaletteSearchQuery, PaletteSearchQueryVariables } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { recordHref } from "@/lib/record-href";
import { useDebounced } from "@/lib/use-debounced";
import { useCanWrite } from "@/lib/viewer";
import { ContactSheet } from "@/features/contacts/contact-sheet";
import { useFieldDefinitions } from "@/features/records/use-record-data";
import { PaletteSearchDocument } from "@/features/command-palette/documents";
import { usePaletteOpening } from "@/features/command-palette/launcher";
import { PaletteView, type PaletteGroup, type PaletteItem } from "@/features/command-palette/palette-view";
import { threadHref } from "@/features/search/hits";

const CREATE_CONTACT = "action:create-contact";

interface Action {
  id: string;
  label: string;
  icon: LucideIcon;
  keywords: string;
  href?: string;
  /** Hidden from viewers. */
  writes?: boolean;
}

const ACTIONS: Action[] = [
  { id: CREATE_CONTACT, label: "Create contact", icon: UserPlus, keywords: "new add person", writes: true },
  { id: "nav:/", label: "Go to Dashboard", icon: LayoutDashboard, keywords: "home overview", href: "/" },
  { id: "nav:/contacts", label: "Go to Contacts", icon: Users, keywords: "people", href: "/contacts" },
  { id: "nav:/companies", label: "Go to Companies", icon: Building2, keywords: "accounts organisations", href: "/companies" },
  { id: "nav:/deals", label: "Go to Deals", icon: Handshake, keywords: "pipeline kanban opportunities", href: "/deals" },
  { id: "nav:/settings", label: "Settings", icon: Settings, keywords: "preferences pipelines fields members profile", href: "/settings" },
];

/** Every word typed appears in the action's label or keywords. */
export function matchesAction(action: Pick<Action, "label" | "keywords">, query: string): boolean {
  const haystack = `${action.label} ${action.keywords}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

const RESULTS = 12;

export function searchVariables(term: string): PaletteSearchQueryVariables {
  return { query: term, first: RESULTS };
}

/** The snippet's text: the api marks matched words with <mark>; the palette shows plain text. */
export function snippetText(snippet: string | null | undefined): string | undefined {
  if (!snippet) return undefined;
  const text = snippet.replace(/<\/?mark>/g, "");
  return new DOMParser().parseFromString(text, "text/html").documentElement.textContent ?? undefined;
}

type Hit = PaletteSearchQuery["search"]["edges"][number]["node"];

function hitItem(hit: Hit, term: string): PaletteItem | null {
  const node = hit.node;
  const snippet = snippetText(hit.snippet);
  // A deal's snippet is often its name: said once, not twice.
  const detail = snippet && "name" in node && snippet === node.name ? undefined : snippet;
  switch (node.__typename) {
    case "Contact":
      return { id: `contact:${node.id}`, label: node.name || node.emails[0] || "Unnamed contact", detail, kind: "Contact", icon: User, href: `/contacts/${node.id}` };
    case "Company":
      return { id: `company:${node.id}`, label: node.name, detail: detail ?? node.domain ?? undefined, kind: "Company", icon: Building2, href: `/companies/${node.id}` };
    case "Deal":
      return { id: `deal:${node.id}`, label: node.name, detail, kind: "Deal", icon: Handshake, href: `/deals/${node.id}` };
    case "EmailThread":
      return { id: `thread:${node.id}`, label: node.subject || "(no subject)", detail, kind: "Email thread", icon: Mail, href: threadHref(node.id, term) };
    case "Activity":
      return {
        id: `note:${node.id}`,
        label: `Note on ${node.subjectName ?? node.subjectType}`,
        detail: detail ?? node.body ?? undefined,
        icon: StickyNote,
        href: recordHref(node.subjectType, node.subjectId) ?? undefined,
      };
    default:
      return null;
  }
}

/** The hits, best first, as one palette group (the api ranks across kinds). */
export function recordGroups(data: PaletteSearchQuery, term: string): PaletteGroup[] {
  const items = data.search.edges.map(({ node }) => hitItem(node, term)).filter((item): item is PaletteItem => item !== null);
  if (items.length > 0) {
    items.push({ id: "search:all", label: `All results for “${term}”`, icon: Search, href: `/search?q=${encodeURIComponent(term)}` });
  }
  const name =
    data.search.degradedReason === "AI_UNAVAILABLE"
      ? "Results (keyword matches)"
      : data.search.degradedReason === "INDEX_BEHIND"
        ? "Results (index catching up)"
        : "Results";
  return [{ name, items }];
}

/**
 * Searches as the person types (debounced), keeping the last results on screen while the next load.
 * `problem`: why the search for what is typed failed (too long, the api unavailable), not "nothing found".
 */
function usePaletteSearch(query: string): { data: PaletteSearchQuery | null; term: string; loading: boolean; problem: string | null } {
  const term = useDebounced(query.trim(), 150);
  const variables = useMemo(() => searchVariables(term), [term]);
  const [result] = useQuery({ query: PaletteSearchDocument, variables, pause: term === "" });
  const [shown, setShown] = useState<{ term: string; data: PaletteSearchQuery | null }>({ term: "", data: null });
  const current = result.operation?.variables === variables;
  if (result.data && shown.data !== result.data && current) {
    setShown({ term, data: result.data });
  }
  const settled = query.trim() === term && !result.fetching;
  const failed = settled && current && result.error && !result.data ? problemFromCombined(result.error).message : null;
  return {
    data: query.trim() === "" || failed ? null : shown.data,
    term: shown.term,
    loading: query.trim() !== "" && !settled,
    problem: failed,
  };
}

/**
 * Whether what is typed names the action: every word starts a word of its label, one of them three letters
 * or more ("deals", "create contact", "go to set"; not "g", the start of a name being typed). Those come
 * before the records found; actions matched otherwise ("people") after them.
 */
export function namesAction(action: Pick<Action, "label">, query: string): boolean {
  const label = action.label.toLowerCase().split(/\s+/);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return words.some((word) => word.length >= 3) && words.every((word) => label.some((part) => part.startsWith(word)));
}

function PaletteBody({ onSelect }: { onSelect: (item: PaletteItem) => void }) {
  const writable = useCanWrite();
  const [query, setQuery] = useState("");
  const search = usePaletteSearch(query);
  // Enter while the search for what is typed is still on its way waits for it, then opens its first
  // option: the results on screen are for the text before, and opening one of them surprised people.
  const waiting = useRef(false);
  const matched = ACTIONS.filter((action) => (writable || !action.writes) && matchesAction(action, query));
  const item = ({ id, label, icon, href }: Action): PaletteItem => ({ id, label, icon, href });
  const named = matched.filter((action) => namesAction(action, query)).map(item);
  const others = matched.filter((action) => !namesAction(action, query)).map(item);
  const records = search.data ? recordGroups(search.data, search.term) : [];
  const groups: PaletteGroup[] =
    named.length > 0 ? [{ name: "Actions", items: [...named, ...others] }, ...records] : [...records, { name: "Actions", items: others }];
  const first = groups.flatMap((group) => group.items)[0];
  useEffect(() => {
    if (!waiting.current || search.loading) return;
    waiting.current = false;
    if (first) onSelect(first);
  }, [search.loading, first, onSelect]);
  const trimmed = query.trim();
  function onKeyDownCapture(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "Enter" || !search.loading) return;
    // An action does not depend on the search: it runs at once.
    const active = event.currentTarget.querySelector('[cmdk-item][data-selected="true"]')?.getAttribute("data-value");
    if (active && matched.some((action) => action.id === active)) return;
    event.preventDefault();
    event.stopPropagation();
    waiting.current = true;
  }
  return (
    // Capturing Enter before the list sees it; a click on a result shown is a choice, and goes through.
    <div onKeyDownCapture={onKeyDownCapture} className="contents">
      <PaletteView
        query={query}
        onQueryChange={(next) => {
          waiting.current = false;
          setQuery(next);
        }}
        groups={groups}
        loading={search.loading}
        empty={
          search.loading
            ? "Searching…"
            : search.problem
              ? `The search did not run: ${search.problem}`
              : `Nothing matches “${trimmed}”. Try part of a name, an email or a domain.`
        }
        onSelect={onSelect}
      />
    </div>
  );
}

/** The contact panel, mounted only while open: its custom fields load then. */
function CreateContact({ onClose }: { onClose: () => void }) {
  const { definitions } = useFieldDefinitions("CONTACT");
  return <ContactSheet open onOpenChange={(next) => (next ? undefined : onClose())} definitions={definitions} />;
}

export { CommandPaletteButton, openCommandPalette } from "@/features/command-palette/launcher";

/**
 * The command palette. Ctrl-K / Cmd-K anywhere (or a search button) opens it; type to search everything
 * through the api's `search` (contacts, companies, deals, email threads, notes), and Enter jumps to the
 * hit's page. A few actions too: create a contact, go to a screen. The shell renders it through
 * `LazyCommandPalette` (launcher.tsx), which loads this module when the palette first opens.
 */
export function CommandPaletteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const writable = useCanWrite();
  const [creatingContact, setCreatingContact] = useState(false);
  // Where focus was when the palette opened (it has no trigger of its own for Radix to return to): closed
  // without going anywhere, focus goes back there, not to the page's body. Followed as it moves outside the
  // palette (its input takes focus as it mounts, before any effect of the opening could look).
  const before = useRef<HTMLElement | null>(null);
  const content = useRef<HTMLDivElement | null>(null);
  const navigated = useRef(false);
  useEffect(() => {
    function follow(event: FocusEvent) {
      const target = event.target;
      // Not the palette's own (its input may take focus before `content` is set).
      if (target instanceof HTMLElement && !content.current?.contains(target) && !target.closest("[cmdk-root]")) {
        before.current = target;
      }
    }
    if (document.activeElement instanceof HTMLElement && document.activeElement !== document.body) {
      before.current = document.activeElement;
    }
    document.addEventListener("focusin", follow, true);
    return () => document.removeEventListener("focusin", follow, true);
  }, []);

  function select(item: PaletteItem) {
    navigated.current = Boolean(item.href);
    onOpenChange(false);
    if (item.href) router.push(item.href);
    else if (item.id === CREATE_CONTACT) setCreatingContact(true);
    else item.run?.();
  }

  function restoreFocus(event: Event) {
    const target = before.current;
    if (navigated.current) {
      navigated.current = false;
      return; // the new page puts focus where it begins
    }
    if (target && target.isConnected) {
      event.preventDefault();
      target.focus();
    }
  }

  return (
    <>
      <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
        <DialogPrimitive.Portal>
          <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-black/25 data-[state=open]:animate-fade-in" />
          <DialogPrimitive.Content
            aria-describedby={undefined}
            ref={content}
            onCloseAutoFocus={restoreFocus}
            className="fixed top-[10dvh] left-1/2 z-50 flex w-[calc(100%-1.5rem)] max-w-xl -translate-x-1/2 flex-col overflow-hidden rounded-lg border border-line bg-canvas shadow-panel data-[state=open]:animate-pop-in sm:top-[14dvh]"
          >
            <DialogPrimitive.Title className="sr-only">Search Rapport</DialogPrimitive.Title>
            <PaletteBody onSelect={select} />
          </DialogPrimitive.Content>
        </DialogPrimitive.Portal>
      </DialogPrimitive.Root>
      {writable && creatingContact ? <CreateContact onClose={() => setCreatingContact(false)} /> : null}
    </>
  );
}

/** The palette with its own opening (Ctrl-K / Cmd-K, the search buttons), loaded with the screen. */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  usePaletteOpening(setOpen);
  return <CommandPaletteDialog open={open} onOpenChange={setOpen} />;
}
