import { Button } from "@/components/ui/button";
import type { SignInProvider } from "@/features/auth/sign-in-providers";

/** "Continue with Google / Microsoft": plain links to an api route (not a page, so not <Link>): a full page
 * load that the api sends on to the provider. */
export function ProviderButtons({ providers, next }: { providers: SignInProvider[]; next: string }) {
  if (providers.length === 0) return null;
  const query = next === "/" ? "" : `?${new URLSearchParams({ next }).toString()}`;
  return (
    <div className="grid gap-2">
      <div className="flex items-center gap-3 text-[13px] text-ink-muted" aria-hidden>
        <span className="h-px flex-1 bg-line" />
        or
        <span className="h-px flex-1 bg-line" />
      </div>
      {providers.map((provider) => (
        <Button key={provider.id} asChild variant="secondary" className="w-full">
          <a href={`${provider.startUrl}${query}`}>Continue with {provider.label}</a>
        </Button>
      ))}
    </div>
  );
}
