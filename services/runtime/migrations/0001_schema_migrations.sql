-- The migration runner creates schema_migrations itself before it reads this folder (it has to
-- record this very file). This first migration only documents the table; domain tables follow
-- as 0002 and later. Files are applied once each, in name order, inside a transaction.
COMMENT ON TABLE schema_migrations IS
  'Applied SQL migrations: file name, sha256 of its contents, time applied.';
