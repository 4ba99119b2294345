/*
 * The charts, in their own module: pages load it with React.lazy, so
 * recharts is fetched only when a chart is on screen.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { InitiativeStanding, ScorecardInfo, TrendPoint } from '../../api/types';
import { levelOrder } from './levels';

export interface TrendChartProps {
  scorecard: ScorecardInfo;
  trend: TrendPoint[];
}

/** Entities per level, one stacked bar a day (readable from the first day on). */
export const TrendChart = ({ scorecard, trend }: TrendChartProps) => {
  const levels = levelOrder(
    scorecard,
    Object.assign({}, ...trend.map(t => t.levels)),
  );
  const data = trend.map(t => ({ date: t.date, ...t.levels }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart
        data={data}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        maxBarSize={48}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        {/* Levels in their own order, lowest first, not alphabetically. */}
        <Legend itemSorter={null} />
        {levels.map(l => (
          <Bar
            key={l.id}
            dataKey={l.id}
            name={l.title}
            stackId="levels"
            fill={l.color}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
};

export interface ProgressChartProps {
  trend: Array<InitiativeStanding & { date: string }>;
}

/** An initiative's percentage at target, day by day. */
export const ProgressChart = ({ trend }: ProgressChartProps) => (
  <ResponsiveContainer width="100%" height={140}>
    <LineChart data={trend} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="date" />
      <YAxis domain={[0, 100]} unit="%" />
      <Tooltip />
      <Line
        type="stepAfter"
        dataKey="percent"
        name="At target"
        stroke="#13a89e"
        dot={trend.length < 2 ? { r: 4 } : false}
        isAnimationActive={false}
      />
    </LineChart>
  </ResponsiveContainer>
);
