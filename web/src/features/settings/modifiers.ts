import type { Modifier } from "@dnd-kit/core";

/** Keeps a dragged row on its list's axis (the one modifier needed; @dnd-kit/modifiers is not worth a package). */
export const restrictToVerticalAxis: Modifier = ({ transform }) => ({ ...transform, x: 0 });
