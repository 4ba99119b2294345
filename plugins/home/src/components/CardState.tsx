import { Progress, WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/**
 * A card body in its three states: a progress bar while loading (never an
 * empty-state flash), the error in a sentence, then the content or what to
 * do when there is nothing yet.
 */
export function CardState<T>(props: {
  loading: boolean;
  error?: Error;
  value?: T;
  isEmpty: (value: T) => boolean;
  empty: ReactNode;
  errorTitle: string;
  children: (value: T) => ReactNode;
}) {
  const { loading, error, value, isEmpty, empty, errorTitle, children } = props;
  if (loading) return <Progress />;
  if (error)
    return (
      <WarningPanel
        severity="warning"
        title={errorTitle}
        message={error.message}
      />
    );
  if (value === undefined || isEmpty(value)) {
    return (
      <Typography variant="body2" color="textSecondary">
        {empty}
      </Typography>
    );
  }
  return <>{children(value)}</>;
}
