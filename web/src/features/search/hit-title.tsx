import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/cn";
import { hitLink, SEARCH_TYPES, type Hit } from "@/features/search/hits";

/** A search hit's kind, then its name, linked to where it opens when it has such a place. */
export function HitTitle({ hit, className, query }: { hit: Hit; className: string; query?: string }) {
  const { label, href } = hitLink(hit, query);
  const kind = SEARCH_TYPES.find((item) => item.type === hit.type)?.label ?? hit.type;
  return (
    <>
      <Badge>{kind}</Badge>
      {href ? (
        <Link href={href} className={cn(className, "hover:underline")}>
          {label}
        </Link>
      ) : (
        <span className={className}>{label}</span>
      )}
    </>
  );
}
