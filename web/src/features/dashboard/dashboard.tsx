"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { Handshake, TrendingUp } from "lucide-react";
import { useState, type ReactNode } from "react";
import { useQuery } from "urql";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { problemFromCombined } from "@/lib/api-errors";
import { formatMoney, plural } from "@/lib/format";
import { useCanWrite, useViewer } from "@/lib/viewer";
import { PageHeader } from "@/features/shell/app-shell";
import { DashboardDocument } from "@/features/dashboard/documents";
import { GetStarted } from "@/features/dashboard/get-started";
import { MyTasks } from "@/features/dashboard/my-tasks";
import { Panel } from "@/features/dashboard/panel";
import {
  currenciesOf,
  headline,
  monthBars,
  percent,
  stageBars,
  type DealStats,
} from "@/features/dashboard/summary";

const MONTHS = 12;

function ChartSkeleton({ height }: { height: string }) {
  return (
    <div className="grid gap-3 p-4">
      <Skeleton className="h-4 w-48" />
      <Skeleton className={height} />
    </div>
  );
}

// recharts is loaded with the dashboard only, after the first paint.
const StageChart = dynamic(() => import("@/features/dashboard/charts").then((charts) => charts.StageChart), {
  ssr: false,
  loading: () => <Skeleton className="h-72" />,
});
const MonthChart = dynamic(() => import("@/features/dashboard/charts").then((charts) => charts.MonthChart), {
  ssr: false,
  loading: () => <Skeleton className="h-64" />,
});

function Stat({ label, value, detail }: { label: string; value: string; detail: ReactNode }) {
  return (
    <div className="min-w-0 rounded-lg border border-line bg-canvas px-4 py-3.5 shadow-xs">
      <dt className="truncate text-[13px] text-ink-muted">{label}</dt>
      <dd className="mt-1 truncate text-2xl font-semibold tracking-tight tabular-nums">{value}</dd>
      <dd className="mt-0.5 truncate text-[13px] text-ink-faint">{detail}</dd>
    </div>
  );
}

function money(micros: bigint, currency: string): string {
  return formatMoney(micros.toString(), currency);
}

function Headline({ stats, currency }: { stats: DealStats; currency: string }) {
  const numbers = headline(stats, currency);
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-label="Headline numbers">
      <Stat label="Open pipeline" value={money(numbers.openMicros, currency)} detail={plural(numbers.openDeals, "open deal")} />
      <Stat label="Weighted forecast" value={money(numbers.weightedMicros, currency)} detail="By stage probability" />
      <Stat
        label="Won this month"
        value={money(numbers.wonThisMonthMicros, currency)}
        detail={plural(numbers.wonThisMonth, "deal")}
      />
      <Stat
        label={`${MONTHS}-month win rate`}
        value={numbers.winRate === null ? "—" : percent(numbers.winRate)}
        detail={numbers.winRate === null ? "No deals closed yet" : `${numbers.won} won, ${numbers.lost} lost`}
      />
    </dl>
  );
}

function Charts({ stats, currency, writable }: { stats: DealStats; currency: string; writable: boolean }) {
  const stages = stageBars(stats, currency);
  const months = monthBars(stats, currency);
  const openDeals = stages.reduce((total, stage) => total + stage.count, 0);
  const closed = months.reduce((total, month) => total + month.won + month.lost, 0);
  const dealsLink = `/deals?pipeline=${stats.pipeline.id}`;
  return (
    <>
      <Panel
        title="Pipeline by stage"
        description={`Open deals in ${stats.pipeline.name}, in ${currency}`}
        action={
          <Button asChild variant="ghost" size="sm">
            <Link href={dealsLink}>Open board</Link>
          </Button>
        }
      >
        {openDeals === 0 ? (
          <EmptyState
            className="py-10"
            icon={Handshake}
            title="No open deals"
            description={`Deals you open in ${stats.pipeline.name} show here by stage, with their value weighted by each stage's chance of winning.`}
            action={
              writable ? (
                <Button asChild>
                  <Link href={dealsLink}>Go to deals</Link>
                </Button>
              ) : null
            }
          />
        ) : (
          <div className="p-4">
            <StageChart bars={stages} currency={currency} />
          </div>
        )}
      </Panel>
      <Panel
        title="Won and lost"
        description={`Deals closed per month, last ${MONTHS} months`}
      >
        {closed === 0 ? (
          <EmptyState
            className="py-10"
            icon={TrendingUp}
            title="No deals closed yet"
            description="Move a deal to a Won or Lost stage and it counts in the month it closed."
          />
        ) : (
          <div className="p-4">
            <MonthChart bars={months} currency={currency} />
          </div>
        )}
        {stats.lostReasons.length ? (
          <div className="border-t border-line px-4 py-3">
            <h3 className="mb-1.5 text-[13px] font-medium text-ink-muted">Why deals were lost</h3>
            <ul className="grid gap-1 text-[13px]" aria-label="Lost reasons">
              {stats.lostReasons.map((entry) => (
                <li key={entry.reason ?? ""} className="flex justify-between gap-3">
                  <span className={entry.reason ? "min-w-0 truncate" : "text-ink-muted"}>{entry.reason ?? "No reason given"}</span>
                  <span className="tabular-nums">{plural(entry.count, "deal")}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Panel>
    </>
  );
}

/** The home screen: headline numbers, pipeline by stage, won and lost per month, and my open tasks. */
export function Dashboard() {
  const viewer = useViewer();
  const writable = useCanWrite();
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [chosenCurrency, setCurrency] = useState<string | null>(null);
  const [result] = useQuery({ query: DashboardDocument, variables: { pipelineId, months: MONTHS } });
  const data = result.data;
  const stats = data?.dealStats;
  const currencies = stats ? currenciesOf(stats) : [];
  const currency = chosenCurrency && currencies.includes(chosenCurrency) ? chosenCurrency : (currencies[0] ?? "USD");
  const empty = data ? data.contacts.totalCount + data.companies.totalCount + data.deals.totalCount === 0 : false;
  const pipelines = data?.pipelines ?? [];

  const controls = data && !empty ? (
    <>
      {pipelines.length > 1 ? (
        <Select
          aria-label="Pipeline"
          className="w-44"
          value={stats?.pipeline.id ?? ""}
          onValueChange={setPipelineId}
          options={pipelines.map((pipeline) => ({ value: pipeline.id, label: pipeline.name }))}
        />
      ) : null}
      {currencies.length > 1 ? (
        <Select
          aria-label="Currency"
          className="w-24"
          value={currency}
          onValueChange={setCurrency}
          options={currencies.map((code) => ({ value: code, label: code }))}
        />
      ) : null}
    </>
  ) : null;

  return (
    <>
      <PageHeader
        title={`Welcome, ${viewer.user.name.split(" ")[0]}`}
        description={
          empty ? `${viewer.workspace.name} is ready. Here is where to begin.` : `How ${viewer.workspace.name} is doing today.`
        }
        actions={controls}
      />
      <div className="grid grid-cols-1 gap-4 p-5 md:p-6">
        {result.error && !data ? (
          <FormError>{problemFromCombined(result.error).message}</FormError>
        ) : !data || !stats ? (
          <>
            <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-label="Loading the dashboard">
              {Array.from({ length: 4 }, (_, index) => (
                <Skeleton key={index} className="h-[92px] rounded-lg" />
              ))}
            </div>
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-5">
              <div className="grid grid-cols-1 gap-4 lg:col-span-3">
                <div className="rounded-lg border border-line">
                  <ChartSkeleton height="h-64" />
                </div>
                <div className="rounded-lg border border-line">
                  <ChartSkeleton height="h-56" />
                </div>
              </div>
              <div className="rounded-lg border border-line lg:col-span-2">
                <ChartSkeleton height="h-80" />
              </div>
            </div>
          </>
        ) : (
          <>
            {empty ? null : <Headline stats={stats} currency={currency} />}
            <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-5">
              <div className="grid min-w-0 grid-cols-1 gap-4 lg:col-span-3">
                {empty ? <GetStarted writable={writable} /> : <Charts stats={stats} currency={currency} writable={writable} />}
              </div>
              <div className="min-w-0 lg:col-span-2">
                <MyTasks memberId={viewer.memberId} />
              </div>
            </div>
          </>
        )}
      </div>
    </>
  );
}
