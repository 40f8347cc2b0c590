"use client";

// The dashboard's two charts (recharts). Loaded on demand by dashboard.tsx, so the library stays out of
// every other route's bundle. Each chart also renders its figures as a table for screen readers.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ComponentProps, ReactNode } from "react";

import { formatMoney, plural } from "@/lib/format";
import { compactMoney, percent, type MonthBar, type StageBar } from "@/features/dashboard/summary";

const AXIS_TICK = { fontSize: 12, fill: "var(--color-ink-muted)" };
const COLORS = {
  value: "var(--color-accent)",
  weighted: "#a5b4fc",
  won: "var(--color-success)",
  lost: "var(--color-line-strong)",
};

function money(units: number, currency: string): string {
  return formatMoney(String(BigInt(Math.round(units)) * 1_000_000n), currency);
}

function TooltipBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="min-w-40 rounded-md border border-line bg-canvas px-3 py-2 text-[13px] shadow-pop">
      <div className="mb-1 font-medium">{title}</div>
      <div className="grid gap-0.5">{children}</div>
    </div>
  );
}

function TooltipRow({ color, label, value }: { color: string; label: string; value: string }) {
  return (
    <div className="flex items-center gap-2">
      <span className="size-2 shrink-0 rounded-full" style={{ background: color }} />
      <span className="text-ink-muted">{label}</span>
      <span className="ml-auto pl-3 font-medium tabular-nums">{value}</span>
    </div>
  );
}

/** What a chart draws, as a table only screen readers see: a row per bar, headed by its label. */
function ChartTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: { key: string; label: string; cells: ReactNode[] }[] }) {
  return (
    <table className="sr-only">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            {row.cells.map((cell, index) => (
              <td key={index}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Legend({ items }: { items: { color: string; label: string }[] }) {
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-[13px] text-ink-muted" aria-hidden>
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm" style={{ background: item.color }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

interface TooltipProps<T> {
  active?: boolean;
  payload?: readonly { payload?: T }[];
}

/** recharts' tooltip `content` for bars that carry a T: `box` of the bar under the pointer, nothing elsewhere. */
function barTooltip<T>(box: (bar: T) => ReactNode) {
  return ({ active, payload }: TooltipProps<T>) => {
    const bar = payload?.[0]?.payload;
    return active && bar ? box(bar) : null;
  };
}

/** One set of bars: the field of the data it draws, its name in the legend, its colour. */
interface Series {
  dataKey: string;
  label: string;
  color: string;
}

/**
 * A bar chart under its legend, in a box of `className`'s height, and the same figures as a table for screen readers.
 * `children` are its grid and axes; a `Bar` per series follows them, shaped by `bar`.
 */
function BarFigure<T>({
  data,
  series,
  className,
  chart,
  bar,
  tooltip,
  table,
  children,
}: {
  data: T[];
  series: Series[];
  className: string;
  chart: Pick<ComponentProps<typeof BarChart>, "layout" | "margin" | "barCategoryGap">;
  bar: Pick<ComponentProps<typeof Bar>, "radius" | "maxBarSize">;
  tooltip: ComponentProps<typeof Tooltip>["content"];
  table: ComponentProps<typeof ChartTable>;
  children: ReactNode;
}) {
  return (
    <figure className="grid gap-3">
      <Legend items={series} />
      <div className={className} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart accessibilityLayer={false} data={data} barGap={2} {...chart}>
            {children}
            <Tooltip cursor={{ fill: "var(--color-subtle)" }} content={tooltip} />
            {series.map((item) => (
              <Bar key={item.dataKey} dataKey={item.dataKey} name={item.label} fill={item.color} {...bar} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartTable {...table} />
    </figure>
  );
}

/** Pipeline value by open stage: the amount and the amount weighted by the stage's probability. */
export function StageChart({ bars, currency }: { bars: StageBar[]; currency: string }) {
  const renderTooltip = barTooltip((bar: StageBar) => (
    <TooltipBox title={`${bar.name} · ${plural(bar.count, "deal")}`}>
      <TooltipRow color={COLORS.value} label="Value" value={money(bar.value, currency)} />
      <TooltipRow color={COLORS.weighted} label={`Weighted (${percent(bar.probability)})`} value={money(bar.weighted, currency)} />
    </TooltipBox>
  ));
  return (
    <BarFigure
      data={bars}
      series={[
        { dataKey: "value", label: "Value", color: COLORS.value },
        { dataKey: "weighted", label: "Weighted by probability", color: COLORS.weighted },
      ]}
      className="h-64"
      chart={{ layout: "vertical", margin: { top: 0, right: 8, bottom: 0, left: 0 }, barCategoryGap: "22%" }}
      bar={{ radius: [0, 3, 3, 0] }}
      tooltip={renderTooltip}
      table={{
        caption: `Pipeline value by stage, in ${currency}`,
        columns: ["Stage", "Deals", "Value", "Weighted"],
        rows: bars.map((bar) => ({ key: bar.id, label: bar.name, cells: [bar.count, money(bar.value, currency), money(bar.weighted, currency)] })),
      }}
    >
      <CartesianGrid horizontal={false} stroke="var(--color-line)" strokeDasharray="3 3" />
      <XAxis
        type="number"
        tick={AXIS_TICK}
        tickLine={false}
        axisLine={false}
        tickFormatter={(value: number) => compactMoney(value, currency)}
      />
      <YAxis type="category" dataKey="name" tick={AXIS_TICK} tickLine={false} axisLine={false} width={92} />
    </BarFigure>
  );
}

/** Deals won and lost per month, as grouped bars. */
export function MonthChart({ bars, currency }: { bars: MonthBar[]; currency: string }) {
  const renderTooltip = barTooltip((bar: MonthBar) => (
    <TooltipBox title={bar.long}>
      <TooltipRow color={COLORS.won} label="Won" value={`${bar.won} · ${money(bar.wonValue, currency)}`} />
      <TooltipRow color={COLORS.lost} label="Lost" value={String(bar.lost)} />
    </TooltipBox>
  ));
  return (
    <BarFigure
      data={bars}
      series={[
        { dataKey: "won", label: "Won", color: COLORS.won },
        { dataKey: "lost", label: "Lost", color: COLORS.lost },
      ]}
      className="h-56"
      chart={{ margin: { top: 4, right: 4, bottom: 0, left: -20 }, barCategoryGap: "28%" }}
      bar={{ radius: [3, 3, 0, 0], maxBarSize: 18 }}
      tooltip={renderTooltip}
      table={{
        caption: "Deals won and lost per month",
        columns: ["Month", "Won", "Lost", "Won value"],
        rows: bars.map((bar) => ({ key: bar.month, label: bar.long, cells: [bar.won, bar.lost, money(bar.wonValue, currency)] })),
      }}
    >
      <CartesianGrid vertical={false} stroke="var(--color-line)" strokeDasharray="3 3" />
      <XAxis dataKey="short" tick={AXIS_TICK} tickLine={false} axisLine={false} interval="equidistantPreserveStart" minTickGap={6} />
      <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} width={44} />
    </BarFigure>
  );
}
