import { Progress } from '@backstage/core-components';
import { lazy, Suspense } from 'react';
import type { ProgressChartProps, TrendChartProps } from './charts';

const LazyTrendChart = lazy(() =>
  import('./charts').then(m => ({ default: m.TrendChart })),
);
const LazyProgressChart = lazy(() =>
  import('./charts').then(m => ({ default: m.ProgressChart })),
);

/** {@link TrendChart}, with recharts loaded on first use. */
export const TrendChart = (props: TrendChartProps) => (
  <Suspense fallback={<Progress />}>
    <LazyTrendChart {...props} />
  </Suspense>
);

/** {@link ProgressChart}, with recharts loaded on first use. */
export const ProgressChart = (props: ProgressChartProps) => (
  <Suspense fallback={<Progress />}>
    <LazyProgressChart {...props} />
  </Suspense>
);
