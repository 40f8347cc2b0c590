import { Skeleton } from "@/components/ui/skeleton";

/** The list of email threads while it loads (or while its code does, on a record page's Emails tab). */
export function ThreadsSkeleton() {
  return (
    <div role="status" className="mx-auto grid w-full max-w-3xl gap-3 px-5 py-5 md:px-6" aria-busy="true" aria-label="Loading emails">
      {Array.from({ length: 3 }, (_, index) => (
        <div key={index} className="space-y-2 rounded-lg border border-line p-4">
          <Skeleton className="h-3 w-1/3" />
          <Skeleton className="h-3.5 w-2/3" />
          <Skeleton className="h-3 w-1/2" />
        </div>
      ))}
    </div>
  );
}
