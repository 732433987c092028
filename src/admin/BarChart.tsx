import { useId } from 'react';

export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 220;
const AXIS = 24;

/**
 * A small SVG bar chart (a chart library would cost more than this whole page). The picture is
 * described by its title; the numbers are in a table beside it, for screen readers and for anyone
 * who wants exact figures.
 */
export function BarChart({
  title,
  bars,
  format,
}: {
  title: string;
  bars: Bar[];
  format: (value: number) => string;
}) {
  const titleId = useId();
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const slot = (WIDTH - AXIS) / Math.max(1, bars.length);
  const labelEvery = Math.ceil(bars.length / 8);
  return (
    <figure className="chart">
      <figcaption id={titleId}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
        role="img"
        aria-labelledby={titleId}
        className="chart-svg"
      >
        <title>{title}</title>
        <line x1={AXIS} y1={HEIGHT} x2={WIDTH} y2={HEIGHT} className="chart-axis" />
        {/* The scale's top, above the tallest bar: left of the axis a money amount would be cut off. */}
        <text x={AXIS} y={10} className="chart-label" textAnchor="start">
          {format(max)}
        </text>
        {bars.map((bar, index) => {
          const height = (bar.value / max) * (HEIGHT - 16);
          const x = AXIS + index * slot + slot * 0.15;
          return (
            <g key={bar.label}>
              <rect x={x} y={HEIGHT - height} width={slot * 0.7} height={height} className="chart-bar">
                <title>{`${bar.label}: ${format(bar.value)}`}</title>
              </rect>
              {index % labelEvery === 0 && (
                <text x={x + slot * 0.35} y={HEIGHT + 16} className="chart-label" textAnchor="middle">
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
