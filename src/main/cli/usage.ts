export const USAGE = `Crisis Casebook admin CLI — the app's own services, without the app.

Usage: npm run -s cli -- <command> [options]

Commands:
  init               --db PATH --passphrase-file FILE [--user NAME]
                     Create a new encrypted store (and its key file PATH.keys).
  import             --db PATH --passphrase-file FILE --kind crises|hotline FILE.csv [--skip-invalid]
                     Import a CSV export (UTF-8 or Windows-1250, comma or semicolon). Prints a JSON
                     report. One bad row imports nothing unless --skip-invalid is given.
  stats              --db PATH --passphrase-file FILE [--team TEAM] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
                     Statistics, as a table or (--json) as JSON.
  verify             --db PATH --passphrase-file FILE [--json]
                     Integrity check and migration checksums; exit code 1 when anything is wrong.
  change-passphrase  --db PATH --passphrase-file FILE --new-passphrase-file FILE
                     Rewrap the store's key under a new passphrase (at least 10 characters).
  help               This text.

A passphrase file holds the passphrase as UTF-8; one trailing line break is ignored.
Exit codes: 0 success, 1 a problem to fix (named on stderr), 2 an unexpected failure.
`;
