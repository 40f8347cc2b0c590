import type { SearchResultsQuery, SearchType } from "@/gql/graphql";

// What a search hit is called and where it opens: the search page's and the record pages' "Similar" (which
// import this, not the search page's module).
export const SEARCH_TYPES: { type: SearchType; label: string }[] = [
  { type: "CONTACT", label: "Contacts" },
  { type: "COMPANY", label: "Companies" },
  { type: "DEAL", label: "Deals" },
  { type: "EMAIL", label: "Emails" },
  { type: "NOTE", label: "Notes" },
];
const RECORD_PATHS: Record<string, string> = { contact: "contacts", company: "companies", deal: "deals" };

export type Hit = SearchResultsQuery["search"]["edges"][number]["node"];

/** Where an email thread opens: over the search page (`?thread=`), with the search it was found by. */
export function threadHref(threadId: string, query?: string): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  params.set("thread", threadId);
  return `/search?${params.toString()}`;
}

/** Where a hit opens, and what it is called. `query`: the search it was found by, kept when it opens there. */
export function hitLink(hit: Hit, query?: string): { label: string; href?: string } {
  const node = hit.node;
  switch (node.__typename) {
    case "Contact":
      return { label: node.name, href: `/contacts/${node.id}` };
    case "Company":
      return { label: node.name, href: `/companies/${node.id}` };
    case "Deal":
      return { label: node.name, href: `/deals/${node.id}` };
    case "EmailThread":
      // The thread itself, not a contact's page where it is one of many (and a sender nobody knows has none).
      return { label: node.subject || "(no subject)", href: threadHref(node.id, query) };
    case "Activity": {
      const path = RECORD_PATHS[node.subjectType];
      return { label: `Note on ${node.subjectName ?? node.subjectType}`, href: path ? `/${path}/${node.subjectId}` : undefined };
    }
    default:
      return { label: "" };
  }
}
