"use client";

import Markdown, { defaultUrlTransform, type Components } from "react-markdown";

import { cn } from "@/lib/cn";

export { MENTION, mentionOf } from "@/features/timeline/mentions";

// Only safe links: react-markdown's own rules (no javascript:, data:, …) plus our mentions. Raw HTML in a
// note is dropped (`skipHtml`, and no rehype-raw), so a note can never run script or change the page.
function urlTransform(url: string): string {
  return url.startsWith("mention:") ? url : defaultUrlTransform(url);
}

const COMPONENTS: Components = {
  a({ href, children }) {
    if (href?.startsWith("mention:")) {
      return <span className="font-medium text-accent">{children}</span>;
    }
    return (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-accent underline">
        {children}
      </a>
    );
  },
  img({ alt }) {
    return <span>{alt}</span>;
  },
};

/** A note's Markdown, rendered safely. */
export function NoteMarkdown({ text, className }: { text: string; className?: string }) {
  return (
    <div
      className={cn(
        "grid gap-2 break-words [&_code]:rounded [&_code]:bg-canvas [&_code]:px-1 [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5 [&_blockquote]:border-l-2 [&_blockquote]:border-line [&_blockquote]:pl-3",
        className,
      )}
    >
      <Markdown skipHtml urlTransform={urlTransform} components={COMPONENTS}>
        {text}
      </Markdown>
    </div>
  );
}
