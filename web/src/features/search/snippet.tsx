/**
 * A search snippet as React text: the api sends escaped text with the matched words in <mark>…</mark>
 * and nothing else; it is split on those tags and unescaped, never set as HTML.
 */
export function Snippet({ html }: { html: string | null | undefined }) {
  if (!html) return null;
  const parts = html.split(/(<mark>.*?<\/mark>)/g).filter(Boolean);
  return (
    <span className="text-ink-muted">
      {parts.map((part, index) =>
        part.startsWith("<mark>") ? (
          <mark key={index} className="rounded-sm bg-amber-100 px-0.5 text-ink">
            {unescape(part.slice(6, -7))}
          </mark>
        ) : (
          <span key={index}>{unescape(part)}</span>
        ),
      )}
    </span>
  );
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };

export function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#x27);/g, (entity) => ENTITIES[entity] ?? entity);
}
