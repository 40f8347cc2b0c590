import Link from "next/link";
import { Upload } from "lucide-react";

import { Button } from "@/components/ui/button";

/** Opens a list's import wizard (`/contacts/import`, …): the list header's Import action. */
export function ImportButton({ href }: { href: string }) {
  return (
    <Button asChild variant="secondary">
      <Link href={href}>
        <Upload />
        Import
      </Link>
    </Button>
  );
}
