import type { Locale } from './locale';

/** Bookings per day as an inline SVG bar chart, with the numbers in a table for screen readers. */
export function BookingsChart(props: { days: { day: string; count: number }[]; title: string; summary: string; locale: Locale }) {
  const width = 640;
  const height = 180;
  const pad = { left: 30, bottom: 28, top: 16 };
  const max = Math.max(1, ...props.days.map((d) => d.count));
  const slot = (width - pad.left) / Math.max(1, props.days.length);
  const barWidth = Math.max(4, slot * 0.65);
  const plot = height - pad.bottom - pad.top;
  const label = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(props.locale === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'numeric' });
  return (
    <figure style="margin:0">
      <svg class="chart" role="img" aria-labelledby="chart-title chart-summary" viewBox={`0 0 ${width} ${height}`} width="100%" style="max-width:640px">
        <title id="chart-title">{props.title}</title>
        <desc id="chart-summary">{props.summary}</desc>
        <line x1={pad.left} y1={height - pad.bottom} x2={width} y2={height - pad.bottom} stroke="#68717d" />
        <text x={pad.left - 6} y={pad.top + 4} text-anchor="end">{max}</text>
        <text x={pad.left - 6} y={height - pad.bottom} text-anchor="end">0</text>
        {props.days.map((d, i) => {
          const h = (d.count / max) * plot;
          const x = pad.left + i * slot + (slot - barWidth) / 2;
          return (
            <g>
              <rect x={x} y={height - pad.bottom - h} width={barWidth} height={h} fill="#0b4f9c"><title>{`${d.day}: ${d.count}`}</title></rect>
              {d.count > 0 ? <text x={x + barWidth / 2} y={height - pad.bottom - h - 3} text-anchor="middle">{d.count}</text> : null}
              <text x={x + barWidth / 2} y={height - 10} text-anchor="middle">{label(d.day)}</text>
            </g>
          );
        })}
      </svg>
      <figcaption class="sr-only">
        <table>
          <tbody>{props.days.map((d) => <tr><th scope="row">{d.day}</th><td>{d.count}</td></tr>)}</tbody>
        </table>
      </figcaption>
    </figure>
  );
}
