import { useId } from 'react';
import { niceTicks } from './dashboard-figures.ts';

export interface Bar {
  label: string;
  value: number;
}

// The picture's own units; it scales to its column (about 26rem), so 12 units read as about 12 px.
const WIDTH = 420;
const PLOT_HEIGHT = 160;
const LEFT = 52;
const TOP = 8;
const BOTTOM = 22;
/** At most this many labels on the time axis: more would overlap at this width. */
const MOST_LABELS = 6;

/**
 * A small SVG bar chart (a chart library would cost more than this whole page): gridlines at a few
 * round values, and at most a handful of labels under the bars. The picture is described by its
 * title; the numbers are in a table beside it, for screen readers and for anyone who wants exact
 * figures.
 */
export function BarChart({
  title,
  bars,
  format,
  formatTick = format,
}: {
  title: string;
  bars: Bar[];
  format: (value: number) => string;
  /** A shorter form for the axis (e.g. "$1.2K"); the full form is in the tooltips and the table. */
  formatTick?: (value: number) => string;
}) {
  const titleId = useId();
  const ticks = niceTicks(Math.max(0, ...bars.map((bar) => bar.value)));
  const top = ticks[ticks.length - 1] || 1;
  const y = (value: number) => TOP + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT;
  const slot = (WIDTH - LEFT) / Math.max(1, bars.length);
  const labelEvery = Math.ceil(bars.length / MOST_LABELS);
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${TOP + PLOT_HEIGHT + BOTTOM}`}
        role="img"
        aria-labelledby={titleId}
        className="chart-svg"
      >
        <title>{title}</title>
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={LEFT}
              y1={y(tick)}
              x2={WIDTH}
              y2={y(tick)}
              className={tick ? 'chart-grid' : 'chart-axis'}
            />
            <text x={LEFT - 6} y={y(tick) + 4} className="chart-label" textAnchor="end">
              {formatTick(tick)}
            </text>
          </g>
        ))}
        {bars.map((bar, index) => {
          const x = LEFT + index * slot + slot * 0.15;
          return (
            <g key={bar.label}>
              <rect
                x={x}
                y={y(bar.value)}
                width={slot * 0.7}
                height={TOP + PLOT_HEIGHT - y(bar.value)}
                className="chart-bar"
              >
                <title>{`${bar.label}: ${format(bar.value)}`}</title>
              </rect>
              {index % labelEvery === 0 && (
                <text
                  x={x + slot * 0.35}
                  y={TOP + PLOT_HEIGHT + 16}
                  className="chart-label"
                  textAnchor="middle"
                  data-testid="chart-axis-label"
                >
                  {bar.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details>
        <summary>Show the numbers</summary>
        <table>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.label}>
                <th scope="row">{bar.label}</th>
                <td className="numeric">{format(bar.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
