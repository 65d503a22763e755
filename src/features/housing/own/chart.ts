// The chart of a premises' last 24 months (issue #21): what was charged against what was paid
// or credited each month, as bars, and the balance at each month's end, as a line; drawn by the
// server as SVG (views/housing/chart.ejs), readable without JavaScript, the same numbers beside
// it as a table. Here the geometry only: where each bar and point goes in the SVG's own units.

export interface ChartMonth {
  /** YYYY-MM */
  month: string;
  charged: number;
  credited: number;
  /** The balance at the month's end, all funds together (> 0 owed). */
  balance: number;
}

export interface ChartGeometry {
  width: number;
  height: number;
  bars: { month: string; x: number; width: number; charged: Bar; credited: Bar; labelX: number }[];
  /** The balance line's points, "x,y x,y …". */
  balancePoints: string;
  /** Where zero is, for the axis. */
  zeroY: number;
  ticks: { y: number; value: number }[];
  /** Where the bars begin: left of it, the scale's numbers. */
  plotLeft: number;
  labelsY: number;
}

const WIDTH = 720;
const HEIGHT = 320;
const PLOT_LEFT = 80;
const PLOT_TOP = 10;
const PLOT_BOTTOM = 270;
const TICKS = 4;

interface Bar {
  y: number;
  height: number;
}

export function chartGeometry(months: readonly ChartMonth[]): ChartGeometry {
  const values = months.flatMap((month) => [month.charged, month.credited, month.balance]);
  const top = niceCeiling(Math.max(1, ...values));
  const bottom = -niceCeiling(Math.max(0, ...values.map((value) => -value)));
  const y = (value: number) => PLOT_TOP + ((top - value) / (top - bottom)) * (PLOT_BOTTOM - PLOT_TOP);
  const slot = (WIDTH - PLOT_LEFT) / Math.max(months.length, 1);
  const barWidth = Math.max(2, slot * 0.35);
  const bar = (value: number): Bar => ({ y: Math.min(y(value), y(0)), height: Math.abs(y(0) - y(value)) });
  const bars = months.map((month, index) => {
    const x = PLOT_LEFT + index * slot + slot * 0.1;
    return {
      month: month.month,
      x,
      width: barWidth,
      charged: bar(month.charged),
      credited: bar(month.credited),
      labelX: PLOT_LEFT + index * slot + slot / 2,
    };
  });
  const balancePoints = months
    .map((month, index) => `${round(PLOT_LEFT + index * slot + slot / 2)},${round(y(month.balance))}`)
    .join(' ');
  const ticks = Array.from({ length: TICKS + 1 }, (_, index) => {
    const value = bottom + ((top - bottom) * index) / TICKS;
    return { y: round(y(value)), value: Math.round(value) };
  });
  return {
    width: WIDTH,
    height: HEIGHT,
    bars: bars.map((shown) => ({
      ...shown,
      x: round(shown.x),
      width: round(shown.width),
      charged: { y: round(shown.charged.y), height: round(shown.charged.height) },
      credited: { y: round(shown.credited.y), height: round(shown.credited.height) },
      labelX: round(shown.labelX),
    })),
    balancePoints,
    zeroY: round(y(0)),
    ticks,
    plotLeft: PLOT_LEFT,
    labelsY: PLOT_BOTTOM + 20,
  };
}

/** A round number at or above `value` for the scale's end: 1, 2 or 5 times a power of ten. */
function niceCeiling(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= value)!;
  return step * power;
}

const round = (value: number): number => Math.round(value * 10) / 10;
