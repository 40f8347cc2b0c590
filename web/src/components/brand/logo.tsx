import { cn } from "@/lib/cn";

export function Logo({ className, withName = true }: { className?: string; withName?: boolean }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <svg viewBox="0 0 32 32" className="size-6" aria-hidden>
        <rect width="32" height="32" rx="8" fill="var(--color-accent)" />
        <path
          d="M11 23V9h6.2c3 0 4.8 1.7 4.8 4.2 0 1.9-1 3.3-2.7 3.9L22.4 23h-3.3l-2.8-5.6H14V23zm3-8.3h3c1.2 0 2-.6 2-1.6s-.8-1.6-2-1.6h-3z"
          fill="#fff"
        />
      </svg>
      {withName ? <span>Rapport</span> : null}
    </span>
  );
}
