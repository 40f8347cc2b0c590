"use client";

import { Slot } from "radix-ui";
import { useSyncExternalStore, type ComponentProps } from "react";

import { cn } from "@/lib/cn";

const VARIANTS = {
  primary: "bg-accent text-white shadow-sm hover:bg-accent-hover disabled:bg-accent/60",
  secondary: "border border-line bg-canvas text-ink shadow-xs hover:bg-subtle",
  ghost: "text-ink-muted hover:bg-subtle hover:text-ink",
  danger: "bg-danger text-white shadow-sm hover:bg-danger/90",
} as const;

const SIZES = {
  sm: "h-7 gap-1.5 px-2.5 text-[13px]",
  md: "h-8 gap-2 px-3",
  icon: "size-8 justify-center",
} as const;

export interface ButtonProps extends ComponentProps<"button"> {
  variant?: keyof typeof VARIANTS;
  size?: keyof typeof SIZES;
  /** Render the child (e.g. a Next <Link>) with the button's look. */
  asChild?: boolean;
  loading?: boolean;
}

export function Button({
  variant = "secondary",
  size = "md",
  asChild = false,
  loading = false,
  className,
  disabled,
  children,
  ...props
}: ButtonProps) {
  const Component = asChild ? Slot.Root : "button";
  // Before React takes over the page, a click on a submit button would make the browser send the form
  // itself (a GET that puts what was typed, a password too, in the address). Until then it waits.
  const hydrated = useSyncExternalStore(subscribeToNothing, isClient, isServer);
  const early = props.type === "submit" && !hydrated;
  return (
    <Component
      className={cn(
        "inline-flex shrink-0 cursor-pointer items-center justify-center rounded-md font-medium whitespace-nowrap transition-colors disabled:cursor-not-allowed disabled:opacity-60 [&_svg]:size-4 [&_svg]:shrink-0",
        VARIANTS[variant],
        SIZES[size],
        className,
      )}
      disabled={disabled || loading || early}
      aria-busy={loading || undefined}
      {...props}
    >
      {/* Slot takes exactly one child: the spinner only goes into a real button. */}
      {asChild ? (
        children
      ) : (
        <>
          {loading ? <Spinner /> : null}
          {children}
        </>
      )}
    </Component>
  );
}

function subscribeToNothing(): () => void {
  return () => {};
}

function isClient(): boolean {
  return true;
}

function isServer(): boolean {
  return false;
}

export function Spinner({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn("inline-block size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent", className)}
    />
  );
}
