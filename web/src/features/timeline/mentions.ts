// Mentions in a note's Markdown, apart from the renderer (markdown.tsx, loaded with the first note shown)
// so the note editor does not load react-markdown.

/** `@[Ada Lovelace](mention:<member id>)`: how a note mentions a member (the api reads the same). */
export const MENTION = /@\[([^[\]\n]{1,200})\]\(mention:([0-9a-fA-F-]{36})\)/g;

/** The text of a mention for `member`, as the note's body holds it. */
export function mentionOf(member: { id: string; name: string }): string {
  return `@[${member.name.replace(/[[\]\n]/g, "")}](mention:${member.id})`;
}
