import { makeStyles } from '@material-ui/core/styles';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';

const useStyles = makeStyles({ form: { width: '100%' } });

/** Searches the portal: Enter opens /search with the query. */
export function SearchBox() {
  const classes = useStyles();
  const navigate = useNavigate();
  const [term, setTerm] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = term.trim();
    navigate(query ? `/search?query=${encodeURIComponent(query)}` : '/search');
  };
  return (
    <form className={classes.form} onSubmit={submit} role="search">
      <TextField
        fullWidth
        variant="outlined"
        placeholder="Search services, APIs, teams, tags…"
        value={term}
        onChange={e => setTerm(e.target.value)}
        inputProps={{
          'aria-label': 'Search the portal',
          'data-testid': 'home-search-input',
        }}
        InputProps={{
          endAdornment: (
            <InputAdornment position="end">
              <IconButton type="submit" aria-label="Search">
                <SearchIcon />
              </IconButton>
            </InputAdornment>
          ),
        }}
      />
    </form>
  );
}
