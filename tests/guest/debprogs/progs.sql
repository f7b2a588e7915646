-- Run by tests/guest/debprogs.test with Debian's sqlite3 shell, in the
-- guest and on the host: sqlite3 -batch :memory: ".read progs.sql".
CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL, born TEXT);
INSERT INTO t(name, score, born) VALUES ('alice', 91.5, '1990-03-04'), ('bob', 78.25, '1985-12-31'), ('carol', 88.0, '2000-02-29'), ('dave', NULL, '1970-01-01');
.mode column
.headers on
SELECT id, name, printf('%.3f', score) AS s, date(born, '+1 month') AS later FROM t ORDER BY score DESC;
.mode csv
SELECT name, length(name), upper(name), hex(name) FROM t;
.mode line
SELECT count(*) AS n, avg(score) AS avg, sum(score) AS total, group_concat(name, '|') AS names FROM t;
.mode list
SELECT strftime('%Y-%m-%d %H:%M:%S', 1700000000, 'unixepoch'), julianday('2000-01-01'), 1.0/3, 2e300*10, round(2.5), abs(-7), 7 % 3;
SELECT printf('%08.3f|%e|%g|%x|%q', 3.14159, 12345.6789, 0.0001, 255, 'it''s');
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<10) SELECT group_concat(x*x) FROM c;
SELECT typeof(1), typeof(1.5), typeof('a'), typeof(x'00'), typeof(NULL);
.mode json
SELECT * FROM t WHERE id < 3;
.mode box
SELECT name, score FROM t LIMIT 2;
