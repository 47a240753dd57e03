-- The raw engine's side of the import benchmark: the same PRSA rows into an equivalent observations table
-- (same columns, same primary key, WITHOUT ROWID, WAL, synchronous=FULL), one transaction.
-- The staging table is filled by the sqlite3 shell's .import before this script runs.
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE sites (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE observations (site_id BIGINT NOT NULL REFERENCES sites (id), parameter TEXT NOT NULL,
  interval_code TEXT NOT NULL, period_start BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL,
  minimum DOUBLE PRECISION, maximum DOUBLE PRECISION, cumulative DOUBLE PRECISION, flag TEXT NOT NULL DEFAULT 'N',
  source TEXT NOT NULL, received_at BIGINT NOT NULL, review_status TEXT NOT NULL DEFAULT 'raw',
  revision INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (site_id, parameter, interval_code, period_start)) WITHOUT ROWID;
BEGIN;
INSERT INTO sites (code) SELECT DISTINCT 'prsa-' || lower(station) FROM raw;
CREATE TEMP TABLE keyed AS SELECT s.id AS site_id,
  (CAST(strftime('%s', printf('%04d-%02d-%02d %02d:00:00', year, month, day, hour)) AS INTEGER) - 28800) * 1000 AS t,
  r.* FROM raw r JOIN sites s ON s.code = 'prsa-' || lower(r.station);
INSERT INTO observations (site_id, parameter, interval_code, period_start, value, source, received_at)
  SELECT site_id, 'a34004', 'hour', t, CAST(pm25 AS REAL), 'import:prsa', 0 FROM keyed WHERE pm25 <> 'NA'
  UNION ALL SELECT site_id, 'a34002', 'hour', t, CAST(pm10 AS REAL), 'import:prsa', 0 FROM keyed WHERE pm10 <> 'NA'
  UNION ALL SELECT site_id, 'a21026', 'hour', t, CAST(so2 AS REAL), 'import:prsa', 0 FROM keyed WHERE so2 <> 'NA'
  UNION ALL SELECT site_id, 'a21004', 'hour', t, CAST(no2 AS REAL), 'import:prsa', 0 FROM keyed WHERE no2 <> 'NA'
  UNION ALL SELECT site_id, 'a21005', 'hour', t, CAST(co AS REAL) / 1000, 'import:prsa', 0 FROM keyed WHERE co <> 'NA'
  UNION ALL SELECT site_id, 'a05024', 'hour', t, CAST(o3 AS REAL), 'import:prsa', 0 FROM keyed WHERE o3 <> 'NA'
  UNION ALL SELECT site_id, 'a01001', 'hour', t, CAST(temp AS REAL), 'import:prsa', 0 FROM keyed WHERE temp <> 'NA'
  UNION ALL SELECT site_id, 'a01006', 'hour', t, CAST(pres AS REAL) / 10, 'import:prsa', 0 FROM keyed WHERE pres <> 'NA'
  UNION ALL SELECT site_id, 'a01007', 'hour', t, CAST(wspm AS REAL), 'import:prsa', 0 FROM keyed WHERE wspm <> 'NA'
  UNION ALL SELECT site_id, 'a01008', 'hour', t, (instr('N  NNENE ENEE  ESESE SSES  SSWSW WSWW  WNWNW NNW', substr(wd || '   ', 1, 3)) - 1) / 3 * 22.5,
    'import:prsa', 0 FROM keyed WHERE wd <> 'NA'
  ON CONFLICT DO NOTHING;
COMMIT;
SELECT count(*) FROM observations;
