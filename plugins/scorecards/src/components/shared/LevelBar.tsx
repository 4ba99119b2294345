import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { LevelDistribution, ScorecardInfo } from '../../api/types';
import { levelOrder } from './levels';

export interface LevelBarProps {
  scorecard: ScorecardInfo;
  distribution: LevelDistribution;
  /** Show the counts under the bar. */
  legend?: boolean;
}

/** How many entities are at each level, as one stacked bar. */
export const LevelBar = ({
  scorecard,
  distribution,
  legend = true,
}: LevelBarProps) => {
  const levels = levelOrder(scorecard, distribution.levels).filter(
    l => (distribution.levels[l.id] ?? 0) > 0,
  );
  const label = levels
    .map(l => `${distribution.levels[l.id]} ${l.title.toLocaleLowerCase()}`)
    .join(' · ');
  if (distribution.entities === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing scored yet
      </Typography>
    );
  }
  return (
    <Box minWidth={160}>
      <Box
        display="flex"
        height={14}
        borderRadius={4}
        overflow="hidden"
        role="img"
        aria-label={label}
      >
        {levels.map(l => (
          <Tooltip
            key={l.id}
            title={`${l.title}: ${distribution.levels[l.id]}`}
          >
            <Box flexGrow={distribution.levels[l.id]} bgcolor={l.color} />
          </Tooltip>
        ))}
      </Box>
      {legend && (
        <Typography variant="caption" color="textSecondary">
          {label}
        </Typography>
      )}
    </Box>
  );
};
