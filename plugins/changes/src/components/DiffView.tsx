import { Box, Button, Chip, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import type { DiffFile, DiffLine, ParsedDiff } from '../domain/parseDiff';
import { hasHidden, visibleText } from '../domain/visibleText';
import { VisibleText } from './VisibleText';

/** Lines rendered per step: a 5,000-line file is shown 500 lines at a time. */
export const LINES_PER_PAGE = 500;
/** Files longer than this start collapsed. */
export const COLLAPSE_OVER_LINES = 300;
/** After this many files, the rest start collapsed. */
export const EXPANDED_FILES = 25;
/** A longer line is cut there, with how much was left out. */
export const MAX_LINE_CHARS = 1_000;

const SIGNS: Partial<Record<DiffLine['kind'], string>> = { add: '+', del: '-' };

const STATUS: Record<string, string> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type changed',
};

const useStyles = makeStyles(theme => ({
  file: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
    marginBottom: theme.spacing(2),
  },
  fileHeader: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 1),
    background: theme.palette.background.default,
    borderBottom: `1px solid ${theme.palette.divider}`,
    // a long path wraps rather than widening the page
    wordBreak: 'break-all',
  },
  lines: {
    overflowX: 'auto',
    fontFamily: 'monospace',
    fontSize: 12,
    lineHeight: 1.5,
  },
  line: { display: 'flex', whiteSpace: 'pre', minWidth: 'max-content' },
  num: {
    width: 48,
    flex: 'none',
    textAlign: 'right',
    paddingRight: 8,
    color: theme.palette.text.secondary,
    userSelect: 'none',
  },
  sign: { width: 16, flex: 'none', userSelect: 'none' },
  add: { background: 'rgba(46, 160, 67, 0.15)' },
  del: { background: 'rgba(248, 81, 73, 0.15)' },
  hunk: {
    background: 'rgba(56, 139, 253, 0.1)',
    color: theme.palette.text.secondary,
  },
  note: { color: theme.palette.text.secondary, fontStyle: 'italic' },
  marker: {
    background: 'rgba(255, 170, 0, 0.45)',
    fontWeight: 700,
  },
  cutNote: { color: theme.palette.text.secondary, fontStyle: 'italic' },
  plus: { color: '#2e7d32', fontWeight: 600 },
  minus: { color: '#c62828', fontWeight: 600 },
}));

const Counts = ({
  file,
}: {
  file: Pick<DiffFile, 'additions' | 'deletions'>;
}) => {
  const classes = useStyles();
  return (
    <span aria-label={`${file.additions} added, ${file.deletions} removed`}>
      <span className={classes.plus}>+{file.additions}</span>{' '}
      <span className={classes.minus}>−{file.deletions}</span>
    </span>
  );
};

const LineText = ({ text }: { text: string }) => {
  const classes = useStyles();
  if (text.length <= MAX_LINE_CHARS) return <VisibleText text={text} />;
  return (
    <>
      <VisibleText text={text.slice(0, MAX_LINE_CHARS)} />
      <span className={classes.cutNote}>
        {` … ${(text.length - MAX_LINE_CHARS).toLocaleString(
          'en-US',
        )} more characters`}
      </span>
    </>
  );
};

const Line = ({ line }: { line: DiffLine }) => {
  const classes = useStyles();
  const cls = [
    classes.line,
    line.kind === 'add' ? classes.add : '',
    line.kind === 'del' ? classes.del : '',
    line.kind === 'hunk' ? classes.hunk : '',
    line.kind === 'note' ? classes.note : '',
    line.conflictMarker ? classes.marker : '',
  ].join(' ');
  const sign = SIGNS[line.kind] ?? ' ';
  return (
    <div
      className={cls}
      data-kind={line.kind}
      {...(line.conflictMarker ? { 'data-testid': 'conflict-marker' } : {})}
    >
      <span className={classes.num}>{line.oldLine ?? ''}</span>
      <span className={classes.num}>{line.newLine ?? ''}</span>
      {line.kind === 'hunk' || line.kind === 'note' ? null : (
        <span className={classes.sign}>{sign}</span>
      )}
      <span>
        <LineText text={line.text} />
      </span>
    </div>
  );
};

/** The id of a file's section, for links from the file list (an index: paths are hostile). */
export const fileAnchor = (index: number) => `diff-file-${index}`;

const FileDiff = ({ file, index }: { file: DiffFile; index: number }) => {
  const classes = useStyles();
  const [open, setOpen] = useState(
    file.lines.length <= COLLAPSE_OVER_LINES && index < EXPANDED_FILES,
  );
  const [shown, setShown] = useState(LINES_PER_PAGE);
  const left = file.lines.length - shown;
  return (
    <section
      className={classes.file}
      id={fileAnchor(index)}
      data-testid="diff-file"
      aria-label={`Diff of ${visibleText(file.path)}`}
    >
      <div className={classes.fileHeader}>
        <Button
          size="small"
          onClick={() => setOpen(o => !o)}
          aria-expanded={open}
          aria-label={`${open ? 'Collapse' : 'Expand'} ${visibleText(
            file.path,
          )}`}
          startIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
        >
          {open ? 'Hide' : 'Show'}
        </Button>
        <Typography
          variant="body2"
          component="span"
          data-testid="diff-file-path"
        >
          <VisibleText text={file.path} />
        </Typography>
        <Chip size="small" label={STATUS[file.status] ?? file.status} />
        {file.conflicted && (
          <Chip size="small" color="secondary" label="conflicts" />
        )}
        <Box flexGrow={1} />
        <Counts file={file} />
      </div>
      {open && (
        <div className={classes.lines}>
          {file.binary && (
            <Typography variant="body2" className={classes.cutNote}>
              Binary file: not shown.
            </Typography>
          )}
          {!file.binary && !file.lines.length && !file.cut && (
            <Typography variant="body2" className={classes.cutNote}>
              No content change (
              {file.header.map(h => h).join('; ') || 'mode or name only'}).
            </Typography>
          )}
          {file.lines.slice(0, shown).map((line, i) => (
            <Line key={i} line={line} />
          ))}
          {left > 0 && (
            <Button
              size="small"
              onClick={() => setShown(s => s + LINES_PER_PAGE)}
            >
              {`Show ${Math.min(
                left,
                LINES_PER_PAGE,
              )} more lines (${left.toLocaleString('en-US')} not shown)`}
            </Button>
          )}
          {file.cut && (
            <Typography variant="body2" className={classes.cutNote}>
              The diff was cut before the end of this file (the server's size
              limit).
            </Typography>
          )}
        </div>
      )}
    </section>
  );
};

/** A diff: the list of files with their counts, then each file, collapsible. */
export const DiffView = ({ diff }: { diff: ParsedDiff }) => {
  const hidden = diff.files.filter(
    f => hasHidden(f.path) || f.lines.some(l => hasHidden(l.text)),
  );
  return (
    <div data-testid="diff">
      {diff.truncated && (
        <Alert severity="warning" data-testid="diff-truncated">
          This diff is longer than the portal shows; what follows is cut. Fetch
          the branch to see all of it.
        </Alert>
      )}
      {hidden.length > 0 && (
        <Alert severity="warning" data-testid="hidden-warning">
          {`${hidden.length} file${
            hidden.length === 1 ? '' : 's'
          } hold hidden characters (control, bidirectional or zero-width); they are shown by their code point, e.g. <U+202E>.`}
        </Alert>
      )}
      <Box my={2}>
        <Typography variant="subtitle2">
          {`${diff.files.length} file${
            diff.files.length === 1 ? '' : 's'
          } changed `}
          <Counts file={diff} />
        </Typography>
        <ul data-testid="diff-file-list">
          {diff.files.map((f, i) => (
            <li key={i}>
              <a href={`#${fileAnchor(i)}`}>
                <VisibleText text={f.path} />
              </a>{' '}
              <Counts file={f} />
              {f.conflicted ? ' · conflicts' : ''}
            </li>
          ))}
        </ul>
      </Box>
      {diff.files.map((f, i) => (
        <FileDiff key={i} file={f} index={i} />
      ))}
    </div>
  );
};
