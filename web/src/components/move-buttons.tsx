import { ArrowDown, ArrowUp } from "lucide-react";

import { Button } from "@/components/ui/button";

/** The up and down arrows of a row in a list people put in order ("Move {label} up"); each is off at its end of the list. */
export function MoveButtons({
  label,
  index,
  count,
  onMove,
  className,
  focusKey,
}: {
  label: string;
  index: number;
  count: number;
  onMove: (to: number, direction: "up" | "down") => void;
  className?: string;
  /** Marks the buttons `data-focus="{focusKey}-up"` and `-down`, for code that moves the focus to one. */
  focusKey?: string | number;
}) {
  return (["up", "down"] as const).map((direction) => {
    const to = direction === "up" ? index - 1 : index + 1;
    return (
      <Button
        key={direction}
        type="button"
        variant="ghost"
        size="icon"
        className={className}
        data-focus={focusKey === undefined ? undefined : `${focusKey}-${direction}`}
        aria-label={`Move ${label} ${direction}`}
        disabled={to < 0 || to >= count}
        onClick={() => onMove(to, direction)}
      >
        {direction === "up" ? <ArrowUp /> : <ArrowDown />}
      </Button>
    );
  });
}
