const RECORD_LISTS: Record<string, string> = { contact: "/contacts", company: "/companies", deal: "/deals" };

/**
 * The page of a contact, company or deal, from its type as activities, tasks and notifications name it
 * (`"contact"`, `"company"`, `"deal"`); null for any other type (an import, a record type to come).
 */
export function recordHref(type: string, id: string): string | null {
  const list = RECORD_LISTS[type];
  return list ? `${list}/${id}` : null;
}
