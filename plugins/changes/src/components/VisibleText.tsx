import { makeStyles } from '@material-ui/core/styles';
import { visibleSegments } from '../domain/visibleText';

const useStyles = makeStyles(theme => ({
  hidden: {
    color: theme.palette.error.main,
    border: `1px solid ${theme.palette.error.main}`,
    borderRadius: 3,
    padding: '0 2px',
    fontSize: '0.85em',
  },
}));

/**
 * Text rendered as text (React escapes it), with every control,
 * bidirectional or zero-width character shown by its code point, so a
 * file name or a line cannot read differently from what it is.
 */
export const VisibleText = ({ text }: { text: string }) => {
  const classes = useStyles();
  return (
    <>
      {visibleSegments(text).map((s, i) =>
        s.hidden ? (
          <span
            key={i}
            className={classes.hidden}
            data-testid="hidden-char"
            title="A hidden character (control, bidirectional or zero-width)"
          >
            {s.text}
          </span>
        ) : (
          s.text
        ),
      )}
    </>
  );
};
