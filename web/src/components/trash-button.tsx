import { Trash2 } from "lucide-react";

import { Button } from "@/components/ui/button";

/** A row's bin icon ("Delete {name}", "Revoke {name}": `label` is what a screen reader says); asking to confirm is the caller's. */
export function TrashButton({ label, onClick, className }: { label: string; onClick: () => void; className?: string }) {
  return (
    <Button variant="ghost" size="icon" className={className} aria-label={label} onClick={onClick}>
      <Trash2 />
    </Button>
  );
}
