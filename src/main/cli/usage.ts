export const USAGE = `Crisis Casebook admin CLI — the app's own services, without the app.

Usage: npm run -s cli -- <command> [options]

Commands:
  init               --db PATH --passphrase-file FILE [--user NAME]
                     Create a new encrypted store (and its key file PATH.keys).
  import             --db PATH --passphrase-file FILE --kind crises|hotline FILE.csv|FILE.xlsx [--sheet NAME] [--skip-invalid] [--dry-run]
                     Import a CSV export (UTF-8 or Windows-1250, comma or semicolon) or an Excel
                     workbook (its first sheet, or --sheet NAME). Prints a JSON report: the columns
                     read and ignored, the first rows as they will be stored, every bad row. One
                     bad row imports nothing unless --skip-invalid is given; --dry-run writes
                     nothing and says what an import would. A file of 1 MB or more tells its
                     progress on stderr.
  stats              --db PATH --passphrase-file FILE [--team TEAM] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
                     Statistics, as a table or (--json) as JSON.
  verify             --db PATH --passphrase-file FILE [--json]
                     Integrity check and migration checksums; exit code 1 when anything is wrong.
  change-passphrase  --db PATH --passphrase-file FILE --new-passphrase-file FILE
                     Rewrap the store's key under a new passphrase (at least 10 characters).
  export-summary     --db PATH --passphrase-file FILE --format csv|json|pdf|xlsx --out FILE [--team SLUG]
                     [--from DATE] [--to DATE] [--period year|quarter|month] [--k N] [--language sr-Latn|sr-Cyrl|en]
                     Anonymised figures for partners: no rows, names, places or dates; counts below k withheld.
  report             --db PATH --passphrase-file FILE --crisis REF --out FILE.pdf [--language sr-Latn|sr-Cyrl|en]
                     One crisis's incident report with its debrief. NOT anonymised: names people and places.
  export-bundle      --db PATH --passphrase-file FILE --bundle-passphrase-file FILE --out FILE [--team SLUG]
                     One team's records (or all) in an encrypted, authenticated file for the coordinator.
  import-bundle      --db PATH --passphrase-file FILE --bundle-passphrase-file FILE [--resolve ID=incoming|local ...] BUNDLE
                     Merge a bundle: by record id, newer wins, changes on both sides reported as conflicts;
                     import the same file again with --resolve to decide them.
  backup             --db PATH --passphrase-file FILE --to DIR
                     An encrypted copy of the store with its key file.
  restore            --db PATH --passphrase-file FILE --from BACKUP [--keep-previous]
                     Verify a backup, then put it in place of the store.
  audit              verify|export --db PATH --passphrase-file FILE [--out FILE]
                     Verify the audit trail's hash chain, or write it out for an inspection.
  help               This text.

A passphrase file holds the passphrase as UTF-8; one trailing line break is ignored.
Exit codes: 0 success, 1 a problem to fix (named on stderr), 2 an unexpected failure.
`;
