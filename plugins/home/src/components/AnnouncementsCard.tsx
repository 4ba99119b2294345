import { InfoCard, Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { readAnnouncements } from '../domain/announcements';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  body: { whiteSpace: 'pre-line', overflowWrap: 'anywhere' },
}));

/** The platform team's announcements (announcements.yaml), newest first. */
export function AnnouncementsCard() {
  const classes = useStyles();
  const configApi = useApi(configApiRef);
  const { announcements, problems } = useMemo(
    () => readAnnouncements(configApi),
    [configApi],
  );
  return (
    <InfoCard title="Announcements" subheader="From the platform team">
      <div data-testid="home-announcements">
        {announcements.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No announcements.
          </Typography>
        ) : (
          <ul className={classes.list}>
            {announcements.map(a => (
              <li key={`${a.date}-${a.title}`} className={classes.item}>
                <Typography variant="caption" color="textSecondary">
                  {a.date}
                </Typography>
                <Typography variant="subtitle2">
                  {a.link ? <Link to={a.link}>{a.title}</Link> : a.title}
                </Typography>
                {a.body && (
                  <Typography variant="body2" className={classes.body}>
                    {a.body}
                  </Typography>
                )}
              </li>
            ))}
          </ul>
        )}
        {problems.map(p => (
          <Typography
            key={p.index}
            variant="caption"
            color="error"
            component="div"
          >
            Left out: {p.message} (announcements.yaml)
          </Typography>
        ))}
      </div>
    </InfoCard>
  );
}
