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

/** Where a hit opens, and what it is called. */
export function hitLink(hit: Hit): { label: string; href?: string } {
  const node = hit.node;
  switch (node.__typename) {
    case "Contact":
      return { label: node.name, href: `/contacts/${node.id}` };
    case "Company":
      return { label: node.name, href: `/companies/${node.id}` };
    case "Deal":
      return { label: node.name, href: `/deals/${node.id}` };
    case "EmailThread":
      return { label: node.subject || "(no subject)", href: node.contacts[0] ? `/contacts/${node.contacts[0].id}` : undefined };
    case "Activity": {
      const path = RECORD_PATHS[node.subjectType];
      return { label: `Note on ${node.subjectName ?? node.subjectType}`, href: path ? `/${path}/${node.subjectId}` : undefined };
    }
    default:
      return { label: "" };
  }
}
