import { initials } from "@/lib/format";
import { cn } from "@/lib/cn";

const HUES = ["bg-indigo-100 text-indigo-700", "bg-emerald-100 text-emerald-700", "bg-amber-100 text-amber-800", "bg-rose-100 text-rose-700", "bg-sky-100 text-sky-700", "bg-violet-100 text-violet-700"];

/** Initials in a coloured square; the colour is stable per name. */
export function Avatar({ name, className }: { name: string; className?: string }) {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return (
    <span
      aria-hidden
      className={cn(
        "inline-flex size-6 shrink-0 items-center justify-center rounded-md text-[11px] font-semibold",
        HUES[Math.abs(hash) % HUES.length],
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}
