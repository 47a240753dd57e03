BEGIN;
INSERT INTO sites (code) SELECT DISTINCT 'prsa-' || lower(station) FROM raw;
INSERT INTO observations (site_id, parameter, interval_code, period_start, value, source, received_at)
SELECT s.id, v.parameter, 'hour',
  (extract(epoch FROM make_timestamp(r.year, r.month, r.day, r.hour, 0, 0))::bigint - 28800) * 1000, v.value, 'import:prsa', 0
FROM raw r JOIN sites s ON s.code = 'prsa-' || lower(r.station)
CROSS JOIN LATERAL (VALUES
  ('a34004', NULLIF(r.pm25, 'NA')::float8), ('a34002', NULLIF(r.pm10, 'NA')::float8),
  ('a21026', NULLIF(r.so2, 'NA')::float8), ('a21004', NULLIF(r.no2, 'NA')::float8),
  ('a21005', NULLIF(r.co, 'NA')::float8 / 1000), ('a05024', NULLIF(r.o3, 'NA')::float8),
  ('a01001', NULLIF(r.temp, 'NA')::float8), ('a01006', NULLIF(r.pres, 'NA')::float8 / 10),
  ('a01007', NULLIF(r.wspm, 'NA')::float8),
  ('a01008', (array_position(ARRAY['N','NNE','NE','ENE','E','ESE','SE','SSE','S','SSW','SW','WSW','W','WNW','NW','NNW'], NULLIF(r.wd, 'NA')) - 1) * 22.5)
) AS v(parameter, value)
WHERE v.value IS NOT NULL
ON CONFLICT DO NOTHING;
COMMIT;
SELECT count(*) FROM observations;
