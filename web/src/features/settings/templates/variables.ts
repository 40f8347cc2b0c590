import type { ObjectType } from "@/gql/graphql";

/** One `{{object.field}}` a template may use, with what it stands for. */
export interface TemplateVariable {
  token: string;
  label: string;
}

export interface VariableGroup {
  title: string;
  variables: TemplateVariable[];
}

// The api's own list (EmailTemplate in schema.graphql): anything else is refused when the template renders.
const BUILT_IN: Record<"contact" | "company" | "deal" | "member", TemplateVariable[]> = {
  contact: [
    { token: "{{contact.firstName}}", label: "First name" },
    { token: "{{contact.lastName}}", label: "Last name" },
    { token: "{{contact.name}}", label: "Full name" },
    { token: "{{contact.email}}", label: "Email" },
    { token: "{{contact.jobTitle}}", label: "Job title" },
  ],
  company: [
    { token: "{{company.name}}", label: "Name" },
    { token: "{{company.domain}}", label: "Domain" },
  ],
  deal: [{ token: "{{deal.name}}", label: "Name" }],
  member: [{ token: "{{member.email}}", label: "Your email" }],
};

const OBJECTS: { type: ObjectType; key: "contact" | "company" | "deal"; title: string }[] = [
  { type: "CONTACT", key: "contact", title: "Contact" },
  { type: "COMPANY", key: "company", title: "Company" },
  { type: "DEAL", key: "deal", title: "Deal" },
];

/** The variables by record: the built-in ones, then the workspace's custom fields by key ({{contact.tier}}). */
export function variableGroups(fields: readonly { objectType: ObjectType; key: string; label: string }[]): VariableGroup[] {
  const groups = OBJECTS.map(({ type, key, title }) => {
    const builtIn = BUILT_IN[key];
    const taken = new Set(builtIn.map((variable) => variable.token));
    const custom = fields
      .filter((field) => field.objectType === type)
      .map((field) => ({ token: `{{${key}.${field.key}}}`, label: field.label }))
      .filter((variable) => !taken.has(variable.token))
      .sort((a, b) => a.label.localeCompare(b.label));
    return { title, variables: [...builtIn, ...custom] };
  });
  return [...groups, { title: "You", variables: BUILT_IN.member }];
}

/** `text` with `insert` in place of the selection [start, end), and where the caret goes after it. */
export function insertAt(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}

/** The variables a text uses, in order, once each (shown on a template's card). */
export function usedVariables(text: string): string[] {
  const found = text.match(/\{\{\s*[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}/g) ?? [];
  return [...new Set(found.map((token) => token.replace(/\s+/g, "")))];
}
