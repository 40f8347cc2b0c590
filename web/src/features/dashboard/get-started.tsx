import Link from "next/link";
import { ArrowRight, Handshake, Inbox, Sparkles, Users, type LucideIcon } from "lucide-react";

import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/features/dashboard/panel";

interface Step {
  href: string;
  icon: LucideIcon;
  title: string;
  text: string;
  cta: string;
}

const STEPS: Step[] = [
  {
    href: "/deals",
    icon: Handshake,
    title: "Create your first deal",
    text: "Deals move through your pipeline's stages. This page charts their value and what you win.",
    cta: "Create a deal",
  },
  {
    href: "/contacts",
    icon: Users,
    title: "Add your contacts",
    text: "The people you sell to, and the companies they work for. Add a few by hand to begin.",
    cta: "Add contacts",
  },
  {
    href: "/settings/email",
    icon: Inbox,
    title: "Connect your email",
    text: "Forward mail or connect a mailbox: conversations land on the right contact's timeline.",
    cta: "Connect email",
  },
];

/** What a new, empty workspace shows instead of charts: the three first steps. */
export function GetStarted({ writable }: { writable: boolean }) {
  if (!writable) {
    return (
      <Panel title="Nothing here yet">
        <EmptyState
          icon={Sparkles}
          title="Your team has not added anything yet"
          description="Once contacts and deals are in, this page shows the pipeline by stage and the deals won each month."
        />
      </Panel>
    );
  }
  return (
    <Panel
      title="Get started"
      description="Three steps to a working pipeline. The charts appear as soon as there are deals."
    >
      <ol className="divide-y divide-line">
        {STEPS.map((step, index) => (
          <li key={step.href}>
            <Link
              href={step.href}
              className="group flex items-start gap-4 px-4 py-4 transition-colors hover:bg-surface focus-visible:-outline-offset-2"
            >
              <span className="flex size-9 shrink-0 items-center justify-center rounded-lg border border-line bg-surface text-ink-muted shadow-xs group-hover:text-accent">
                <step.icon className="size-4.5" />
              </span>
              <span className="min-w-0 flex-1">
                <span className="flex items-center gap-2 font-medium">
                  <span className="text-ink-faint tabular-nums">{index + 1}.</span>
                  {step.title}
                </span>
                <span className="mt-0.5 block text-[13px] text-ink-muted">{step.text}</span>
              </span>
              <span className="hidden shrink-0 items-center gap-1 self-center text-[13px] font-medium text-accent sm:flex">
                {step.cta}
                <ArrowRight className="size-3.5 transition-transform group-hover:translate-x-0.5" />
              </span>
            </Link>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
