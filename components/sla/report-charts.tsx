import { cn } from "@/components/ui/cn";

export type ChartSeries = { name: string; color: string; values: (number | null)[] };

const W = 300;
const H = 170;
const PAD = { left: 40, right: 8, top: 10, bottom: 24 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;
const KEEP_COLOURS = "[print-color-adjust:exact] [-webkit-print-color-adjust:exact]";

function niceMax(values: number[]): number {
  const max = Math.max(0, ...values);
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
}

function Legend({ series }: { series: ChartSeries[] }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      {series.map((s) => (
        <li key={s.name} className="flex items-center gap-1.5">
          <span
            aria-hidden
            className={cn("inline-block size-2.5 rounded-sm", KEEP_COLOURS)}
            style={{ backgroundColor: s.color }}
          />
          {s.name}
        </li>
      ))}
    </ul>
  );
}

function DataTable({
  caption,
  head,
  labels,
  series,
  format,
}: {
  caption: string;
  head: string;
  labels: string[];
  series: ChartSeries[];
  format: (v: number | null) => string;
}) {
  return (
    <details className="mt-2 text-sm print:hidden">
      <summary className="cursor-pointer text-xs text-brand-600 dark:text-brand-400">{caption}</summary>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-left text-xs tabular-nums">
          <thead>
            <tr>
              <th className="py-1 pr-3 font-semibold">{head}</th>
              {series.map((s) => (
                <th key={s.name} className="py-1 pr-3 font-semibold">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={label} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-1 pr-3">{label}</td>
                {series.map((s) => (
                  <td key={s.name} className="py-1 pr-3">
                    {format(s.values[i])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

// Weekly figures as bars (one series) or lines with points; server-rendered, described for screen readers.
export function WeeklyChart({
  title,
  kind,
  labels,
  series,
  max,
  format,
  axisFormat = format,
  tableCaption,
  tableHead,
}: {
  title: string;
  kind: "bars" | "lines";
  labels: string[];
  series: ChartSeries[];
  max?: number;
  format: (v: number | null) => string;
  axisFormat?: (v: number | null) => string;
  tableCaption: string;
  tableHead: string;
}) {
  const top = max ?? niceMax(series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const n = Math.max(1, labels.length);
  const step = PLOT_W / n;
  const x = (i: number) => PAD.left + step * (i + 0.5);
  const y = (v: number) => PAD.top + PLOT_H * (1 - Math.min(v, top) / top);
  const every = Math.ceil(n / 8);
  const description = `${title}: ${labels
    .map(
      (label, i) =>
        `${label} ${series.map((s) => `${series.length > 1 ? `${s.name} ` : ""}${format(s.values[i])}`).join(", ")}`,
    )
    .join("; ")}`;
  return (
    <figure className="min-w-0">
      <figcaption className="mb-2 text-sm font-medium">{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={description}
        className={cn("h-auto w-full text-zinc-500", KEEP_COLOURS)}
        data-chart={kind}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(top * f)}
              y2={y(top * f)}
              stroke="currentColor"
              strokeOpacity={f === 0 ? 0.5 : 0.15}
            />
            <text x={PAD.left - 4} y={y(top * f) + 3.5} textAnchor="end" fontSize="10" fill="currentColor">
              {axisFormat(top * f)}
            </text>
          </g>
        ))}
        {labels.map((label, i) =>
          i % every === 0 ? (
            <text key={label} x={x(i)} y={H - 8} textAnchor="middle" fontSize="10" fill="currentColor">
              {label}
            </text>
          ) : null,
        )}
        {kind === "bars"
          ? series.map((s, k) =>
              s.values.map((v, i) => {
                const width = (step * 0.7) / series.length;
                return v === null ? null : (
                  <rect
                    key={`${s.name}-${labels[i]}`}
                    data-bar=""
                    x={x(i) - step * 0.35 + width * k}
                    y={y(v)}
                    width={width}
                    height={Math.max(0, PAD.top + PLOT_H - y(v))}
                    fill={s.color}
                    rx="1.5"
                  >
                    <title>{`${labels[i]}: ${format(v)}`}</title>
                  </rect>
                );
              }),
            )
          : series.map((s) => {
              const points = s.values.map((v, i) => (v === null ? null : ([x(i), y(v)] as const)));
              const segments: (readonly [number, number])[][] = [];
              for (const p of points) {
                if (p === null) segments.push([]);
                else if (segments.length && segments[segments.length - 1].length) segments[segments.length - 1].push(p);
                else segments.push([p]);
              }
              return (
                <g key={s.name}>
                  {segments
                    .filter((seg) => seg.length > 1)
                    .map((seg) => (
                      <polyline
                        key={`${seg[0][0]}`}
                        points={seg.map(([px, py]) => `${px},${py}`).join(" ")}
                        fill="none"
                        stroke={s.color}
                        strokeWidth="2"
                        strokeLinejoin="round"
                      />
                    ))}
                  {points.map((p, i) =>
                    p === null ? null : (
                      <circle key={labels[i]} data-point="" cx={p[0]} cy={p[1]} r="3" fill={s.color}>
                        <title>{`${labels[i]} ${s.name}: ${format(s.values[i])}`}</title>
                      </circle>
                    ),
                  )}
                </g>
              );
            })}
      </svg>
      {series.length > 1 ? <Legend series={series} /> : null}
      <DataTable caption={tableCaption} head={tableHead} labels={labels} series={series} format={format} />
    </figure>
  );
}

// One horizontal bar per group, split into age buckets; labels stay HTML so they read well at any width.
export function StackedBars({
  title,
  rows,
  buckets,
}: {
  title: string;
  rows: { label: string; values: number[] }[];
  buckets: { name: string; color: string }[];
}) {
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const description = `${title}: ${rows
    .map((r) => `${r.label} ${r.values.map((v, i) => `${buckets[i].name} ${v}`).join(", ")}`)
    .join("; ")}`;
  return (
    <figure className="min-w-0">
      <div role="img" aria-label={description} data-chart="stacked" className="flex flex-col gap-1.5">
        {rows.map((r, i) => {
          const total = r.values.reduce((a, b) => a + b, 0);
          let offset = 0;
          return (
            <div key={`${r.label}-${i}`} className="grid grid-cols-[minmax(0,9rem)_1fr] items-center gap-2 text-xs">
              <span className="truncate text-zinc-600 dark:text-zinc-400">{r.label}</span>
              <span className="flex w-full items-center gap-2">
                <svg
                  viewBox={`0 0 ${max} 1`}
                  preserveAspectRatio="none"
                  aria-hidden
                  className={cn("h-3.5 rounded-sm", KEEP_COLOURS)}
                  style={{ width: `calc((100% - 2.5rem) * ${total / max})` }}
                >
                  {r.values.map((v, k) => {
                    const x = offset;
                    offset += v;
                    return v ? (
                      <rect
                        key={buckets[k].name}
                        data-bar=""
                        x={x}
                        y={0}
                        width={v}
                        height={1}
                        fill={buckets[k].color}
                      />
                    ) : null;
                  })}
                </svg>
                <span className="tabular-nums text-zinc-600 dark:text-zinc-400">{total}</span>
              </span>
            </div>
          );
        })}
      </div>
      <figcaption className="sr-only">{title}</figcaption>
      <Legend series={buckets.map((b) => ({ ...b, values: [] }))} />
    </figure>
  );
}
