/*
 * Debian's libsqlite3 used as applications use it: a database file in
 * a writable directory (argv[1]) written through prepared statements in
 * a transaction, queried, rolled back, closed and read again under the
 * rollback journal and under WAL (shared memory through a mapped file),
 * beside an in-memory database.  "no-shm" runs WAL in exclusive
 * locking mode, which keeps its index in the heap instead.
 * Every line is deterministic, so the host's run of the same program
 * is the guest's expected output.  Lines start with "sql " so that the
 * test can pick them from the console.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CUSTOMERS 200
#define ORDERS 5000

static const char *cities[] = {"Oslo", "Lima", "Pune", "Kyiv", "Gent"};
static const char *top_dir;

/*
 * The library's log names the OS calls that failed, even those it
 * works around (a failed mremap or mmap falls back to read), which
 * would otherwise go unseen.  The directory is the same word in both
 * runs.
 */
static void log_line(void *unused, int code, const char *msg)
{
	(void)unused;
	size_t n = strlen(top_dir);
	printf("sql log: %d ", code);
	for (const char *p = msg; *p; p++) {
		if (!strncmp(p, top_dir, n)) {
			printf("DIR");
			p += n - 1;
		} else {
			putchar(*p);
		}
	}
	printf("\n");
}

static void fail(sqlite3 *db, const char *what)
{
	printf("sql FAIL %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
	exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		printf("sql FAIL %s: %s\n", sql, err ? err : "?");
		exit(1);
	}
}

/* Prints every row of sql as "sql LABEL: a|b|c". */
static void query(sqlite3 *db, const char *label, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail(db, sql);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		printf("sql %s:", label);
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			printf("%s%s", i ? "|" : " ",
			       t ? (const char *)t : "NULL");
		}
		printf("\n");
	}
	if (rc != SQLITE_DONE)
		fail(db, sql);
	sqlite3_finalize(st);
}

static sqlite3 *open_db(const char *path)
{
	sqlite3 *db;
	int rc = sqlite3_open_v2(
	    path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK)
		fail(db, path);
	return db;
}

static unsigned next_random(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

static void fill(sqlite3 *db)
{
	exec(db, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT "
		 "NOT NULL, city TEXT NOT NULL);"
		 "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER "
		 "REFERENCES customers(id), amount REAL, day TEXT, note BLOB);"
		 "CREATE INDEX orders_customer ON orders(customer);"
		 "CREATE INDEX orders_day ON orders(day, amount);");
	exec(db, "BEGIN");
	sqlite3_stmt *c, *o;
	if (sqlite3_prepare_v2(db, "INSERT INTO customers VALUES(?1, ?2, ?3)",
			       -1, &c, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO orders(customer, amount, day, "
			       "note) VALUES(?, ?, date('2024-01-01', ?), ?)",
			       -1, &o, NULL) != SQLITE_OK)
		fail(db, "prepare inserts");
	unsigned seed = 42;
	for (int i = 1; i <= CUSTOMERS; i++) {
		char name[32];
		snprintf(name, sizeof(name), "customer %03d", i);
		sqlite3_bind_int(c, 1, i);
		sqlite3_bind_text(c, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(c, 3, cities[i % 5], -1, SQLITE_STATIC);
		if (sqlite3_step(c) != SQLITE_DONE)
			fail(db, "insert customer");
		sqlite3_reset(c);
	}
	for (int i = 0; i < ORDERS; i++) {
		char days[24];
		unsigned char note[16];
		snprintf(days, sizeof(days), "+%u days",
			 next_random(&seed) % 366);
		for (size_t k = 0; k < sizeof(note); k++)
			note[k] = (unsigned char)next_random(&seed);
		sqlite3_bind_int64(o, 1, 1 + next_random(&seed) % CUSTOMERS);
		sqlite3_bind_double(o, 2,
				    (next_random(&seed) % 100000) / 100.0);
		sqlite3_bind_text(o, 3, days, -1, SQLITE_TRANSIENT);
		if (i % 7)
			sqlite3_bind_blob(o, 4, note, sizeof(note),
					  SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(o, 4);
		if (sqlite3_step(o) != SQLITE_DONE)
			fail(db, "insert order");
		sqlite3_reset(o);
	}
	sqlite3_finalize(c);
	sqlite3_finalize(o);
	exec(db, "COMMIT");
	printf("sql inserted: %d customers, %d orders, %d changes in all\n",
	       CUSTOMERS, ORDERS, sqlite3_total_changes(db));
}

static void queries(sqlite3 *db, const char *tag)
{
	char label[64];
#define Q(name, sql)                                                           \
	do {                                                                   \
		snprintf(label, sizeof(label), "%s %s", tag, name);            \
		query(db, label, sql);                                         \
	} while (0)
	Q("counts", "SELECT (SELECT count(*) FROM customers), count(*), "
		    "count(note), printf('%.2f', sum(amount)) FROM orders");
	Q("by city", "SELECT c.city, count(*), printf('%.2f', sum(o.amount)), "
		     "printf('%.4f', avg(o.amount)), min(o.amount), "
		     "max(o.amount) FROM orders o JOIN customers c ON "
		     "c.id = o.customer GROUP BY c.city ORDER BY 3 DESC");
	Q("top", "SELECT c.name, count(o.id) AS n, printf('%.2f', "
		 "total(o.amount)) FROM customers c LEFT JOIN orders o ON "
		 "o.customer = c.id GROUP BY c.id ORDER BY n DESC, c.name "
		 "LIMIT 5");
	Q("month", "SELECT strftime('%m', day) AS m, count(*), "
		   "printf('%.2f', sum(amount)) FROM orders GROUP BY m "
		   "HAVING count(*) > 400 ORDER BY m");
	Q("range", "SELECT count(*), min(day), max(day) FROM orders WHERE "
		   "day BETWEEN '2024-02-01' AND '2024-02-29'");
	Q("note", "SELECT id, hex(note), length(note) FROM orders WHERE "
		  "note IS NOT NULL ORDER BY id LIMIT 2");
	Q("plan", "SELECT count(*) FROM orders INDEXED BY orders_day WHERE "
		  "day = '2024-07-04'");
#undef Q
}

static void dates(sqlite3 *db)
{
	query(db, "dates",
	      "SELECT date('2024-02-29', '+1 year'), "
	      "datetime('2024-01-31 12:34:56', '+1 month'), "
	      "date('2023-12-31', 'weekday 1'), "
	      "strftime('%Y-%j %w %H:%M:%f %s', '2024-03-10 01:02:03.456'), "
	      "julianday('2000-01-01 12:00:00'), "
	      "datetime(1700000000, 'unixepoch'), "
	      "date('2024-03-31', 'start of month', '-1 day'), "
	      "time('12:00', '+90 minutes')");
	/* TZ is UTC in both runs (the test sets it for the host). */
	query(db, "localtime",
	      "SELECT datetime(1700000000, 'unixepoch', 'localtime'), "
	      "datetime('2024-06-01 00:00:00', 'utc')");
	query(db, "now",
	      "SELECT date('now') > '2024-01-01', "
	      "abs(strftime('%s', 'now') - CAST(strftime('%s', 'now', "
	      "'localtime') AS INTEGER)) < 86400");
}

static void formats(void)
{
	char *s =
	    sqlite3_mprintf("%q|%Q|%Q|%w|%d|%lld|%05.1f|%e|%g|%g|%x|%c|"
			    "%-6s|%6s|%,d|%.3s",
			    "it's", "O'Reilly", NULL, "a\"b", -42,
			    (sqlite3_int64)1 << 40, 3.14159, 12345.678, 0.0001,
			    1e100, 255, 'z', "ab", "cd", 1234567, "truncate");
	printf("sql mprintf: %s\n", s);
	sqlite3_free(s);
	char buf[16];
	sqlite3_snprintf(sizeof(buf), buf, "%.10f", 2.0 / 3.0);
	printf("sql snprintf: %s\n", buf);
	s = sqlite3_mprintf("%!.15g %.20e %f", 0.1, 1.0 / 3.0, -0.0);
	printf("sql floats: %s\n", s);
	sqlite3_free(s);
}

static void rollback(sqlite3 *db)
{
	exec(db, "BEGIN; DELETE FROM orders WHERE amount > 100; "
		 "UPDATE customers SET city = 'Nowhere';");
	query(db, "in transaction",
	      "SELECT count(*), (SELECT count(DISTINCT "
	      "city) FROM customers) FROM orders");
	exec(db, "ROLLBACK");
	query(db, "rolled back",
	      "SELECT count(*), (SELECT count(DISTINCT "
	      "city) FROM customers) FROM orders");
	exec(db, "SAVEPOINT a; INSERT INTO customers VALUES(1000, 'kept', "
		 "'Oslo'); SAVEPOINT b; INSERT INTO customers VALUES(1001, "
		 "'gone', 'Lima'); ROLLBACK TO b; RELEASE a;");
	query(db, "savepoints",
	      "SELECT group_concat(name) FROM customers "
	      "WHERE id >= 1000");
	exec(db, "DELETE FROM customers WHERE id >= 1000");
}

/* A second connection: the first one's write lock makes it busy. */
static void busy(const char *path, sqlite3 *db)
{
	sqlite3 *other = open_db(path);
	exec(db, "BEGIN IMMEDIATE; INSERT INTO customers VALUES(2000, "
		 "'locked', 'Oslo')");
	int rc = sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	printf("sql second writer: %s\n", sqlite3_errstr(rc));
	query(other, "second reader", "SELECT count(*) FROM customers");
	exec(db, "ROLLBACK");
	sqlite3_close(other);
}

static void wal(const char *path)
{
	sqlite3 *db = open_db(path);
	query(db, "wal mode", "PRAGMA journal_mode=WAL");
	exec(db, "INSERT INTO customers VALUES(3000, 'wal writer', 'Gent')");
	sqlite3 *reader = open_db(path);
	query(reader, "wal reader",
	      "SELECT name FROM customers WHERE id = "
	      "3000");
	exec(reader, "BEGIN");
	query(reader, "wal snapshot", "SELECT count(*) FROM customers");
	exec(db, "INSERT INTO customers VALUES(3001, 'wal second', 'Gent')");
	query(reader, "wal snapshot kept", "SELECT count(*) FROM customers");
	exec(reader, "COMMIT");
	query(reader, "wal after", "SELECT count(*) FROM customers");
	int log = -1, done = -1;
	int rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
					   &log, &done);
	printf("sql wal checkpoint: %s, %d frames, %d done\n",
	       sqlite3_errstr(rc), log, done);
	sqlite3_close(reader);
	sqlite3_close(db);

	db = open_db(path);
	query(db, "wal reopened", "PRAGMA journal_mode");
	query(db, "wal rows",
	      "SELECT group_concat(name, ',') FROM customers "
	      "WHERE id >= 3000");
	query(db, "wal integrity", "PRAGMA integrity_check");
	query(db, "back to delete", "PRAGMA journal_mode=DELETE");
	sqlite3_close(db);
	char side[600];
	snprintf(side, sizeof(side), "%s-wal", path);
	printf("sql wal file gone: %d\n", access(side, F_OK) != 0);
}

/* The file grows past what is mapped: the mapping follows (mremap). */
static void mapped_growth(const char *path)
{
	sqlite3 *db = open_db(path);
	exec(db, "PRAGMA mmap_size=268435456; CREATE TABLE big(k INTEGER "
		 "PRIMARY KEY, v TEXT)");
	for (int round = 0; round < 4; round++) {
		exec(db, "INSERT INTO big(v) WITH RECURSIVE n(i) AS (SELECT 1 "
			 "UNION ALL SELECT i + 1 FROM n WHERE i < 2000) SELECT "
			 "printf('%0500d', i) FROM n");
		query(db, "mapped growth",
		      "SELECT count(*), sum(length(v)), sum(substr(v, -4) + 0) "
		      "FROM big");
	}
	exec(db, "DROP TABLE big");
	query(db, "mapped growth integrity", "PRAGMA integrity_check");
	sqlite3_close(db);
}

/*
 * A sort bigger than the cache: the sorter spills to temporary files
 * (opened and unlinked at once) and merges them in worker threads.
 */
static void big_sort(const char *path)
{
	sqlite3 *db = open_db(path);
	exec(db, "PRAGMA cache_size=-64; PRAGMA threads=2; "
		 "CREATE TABLE s(k TEXT); INSERT INTO s WITH RECURSIVE "
		 "n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
		 "20000) SELECT printf('%08d%0200d', (i * 7919) % 20000, i) "
		 "FROM n; CREATE INDEX s_k ON s(k)");
	query(db, "sorted",
	      "SELECT min(k) < max(k), count(DISTINCT "
	      "substr(k, 1, 8)) FROM s");
	query(db, "sorted first",
	      "SELECT substr(k, 1, 8) FROM s ORDER BY k "
	      "LIMIT 3");
	query(db, "sorted temp",
	      "SELECT count(*) FROM (SELECT k FROM s "
	      "ORDER BY substr(k, 9) DESC)");
	exec(db, "DROP TABLE s");
	sqlite3_close(db);
}

/* One transaction over two files: a super-journal names both. */
static void attached(const char *path, const char *dir)
{
	char other[600], sql[700];
	snprintf(other, sizeof(other), "%s/other.db", dir);
	unlink(other);
	sqlite3 *db = open_db(path);
	char *s = sqlite3_mprintf("ATTACH %Q AS other", other);
	exec(db, s);
	sqlite3_free(s);
	exec(db, "CREATE TABLE other.copy(id, name); BEGIN; INSERT INTO "
		 "other.copy SELECT id, name FROM customers WHERE id % 10 = 0; "
		 "UPDATE customers SET city = upper(city) WHERE id % 10 = 0; "
		 "COMMIT");
	query(db, "attached",
	      "SELECT count(*), (SELECT count(*) FROM "
	      "customers WHERE city = upper(city)) FROM copy");
	exec(db, "DETACH other; UPDATE customers SET city = 'Oslo' WHERE "
		 "city = 'OSLO'");
	sqlite3_close(db);
	snprintf(sql, sizeof(sql), "%s-journal", other);
	printf("sql attached journals gone: %d\n",
	       access(sql, F_OK) != 0 && unlink(other) == 0);
}

/*
 * Through a symbolic link the journal goes beside the file the link
 * names (lstat, readlink), with the database's permissions (fchmod).
 */
static void linked(const char *dir)
{
	char real[600], link[600], journal[700], wrong[700];
	snprintf(real, sizeof(real), "%s/real.db", dir);
	snprintf(link, sizeof(link), "%s/link.db", dir);
	snprintf(journal, sizeof(journal), "%s-journal", real);
	snprintf(wrong, sizeof(wrong), "%s-journal", link);
	unlink(real);
	unlink(link);
	FILE *f = fopen(real, "w");
	if (!f || fclose(f) != 0 || chmod(real, 0640) != 0 ||
	    symlink("real.db", link) != 0) {
		printf("sql FAIL cannot make %s and %s\n", real, link);
		exit(1);
	}
	sqlite3 *db = open_db(link);
	exec(db, "PRAGMA journal_mode=PERSIST; CREATE TABLE t(x); INSERT "
		 "INTO t VALUES(1)");
	query(db, "linked", "SELECT count(*) FROM t");
	sqlite3_close(db);
	struct stat st;
	int mode = stat(journal, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
	printf("sql linked journal: beside the file %d, beside the link %d, "
	       "mode %o, size>0 %d\n",
	       access(journal, F_OK) == 0, access(wrong, F_OK) == 0, mode,
	       mode >= 0 && st.st_size > 0);
	unlink(journal);
	unlink(link);
	unlink(real);
}

/* The dot-file VFS locks with a directory beside the database. */
static void dotfile(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, "unix-dotfile") !=
	    SQLITE_OK)
		fail(db, "open with unix-dotfile");
	char lock[600];
	snprintf(lock, sizeof(lock), "%s.lock", path);
	exec(db, "BEGIN; UPDATE customers SET name = name WHERE id = 1");
	struct stat st;
	printf("sql dotfile: locked %d",
	       stat(lock, &st) == 0 && S_ISDIR(st.st_mode));
	exec(db, "COMMIT");
	printf(", unlocked %d\n", access(lock, F_OK) != 0);
	query(db, "dotfile read", "SELECT count(*) FROM customers");
	sqlite3_close(db);
}

/* WAL without shared memory: one connection, its index in the heap. */
static void wal_exclusive(const char *path)
{
	char side[600];
	for (int round = 0; round < 2; round++) {
		sqlite3 *db = open_db(path);
		query(db, "wal exclusive", "PRAGMA locking_mode=EXCLUSIVE");
		query(db, "wal exclusive mode", "PRAGMA journal_mode=WAL");
		exec(db, round ? "INSERT INTO customers VALUES(3001, 'wal "
				 "second', 'Gent')"
			       : "INSERT INTO customers VALUES(3000, 'wal "
				 "writer', 'Gent')");
		query(db, "wal exclusive rows",
		      "SELECT group_concat(name, ',') FROM customers WHERE id "
		      ">= 3000");
		snprintf(side, sizeof(side), "%s-wal", path);
		printf("sql wal exclusive log: %d\n", access(side, F_OK) == 0);
		sqlite3_close(db);
	}
	/* a WAL database opened in normal locking mode would map -shm */
	sqlite3 *db = open_db(path);
	exec(db, "PRAGMA locking_mode=EXCLUSIVE");
	query(db, "wal exclusive integrity", "PRAGMA integrity_check");
	query(db, "back to delete", "PRAGMA journal_mode=DELETE");
	sqlite3_close(db);
	printf("sql wal file gone: %d\n", access(side, F_OK) != 0);
	snprintf(side, sizeof(side), "%s-shm", path);
	printf("sql no shm file: %d\n", access(side, F_OK) != 0);
}

static void memory(void)
{
	sqlite3 *db = open_db(":memory:");
	exec(db, "CREATE TABLE t(x INTEGER, y TEXT)");
	query(db, "memory cte",
	      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM "
	      "n WHERE i < 100) SELECT count(*), sum(i), sum(i * i) FROM n");
	exec(db, "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
		 "SELECT i + 1 FROM n WHERE i < 1000) SELECT i, "
		 "printf('%04d', i * 7 % 1000) FROM n");
	query(db, "memory window",
	      "SELECT x, y, sum(x) OVER (ORDER BY y ROWS 2 PRECEDING), "
	      "rank() OVER (ORDER BY y DESC) FROM t ORDER BY y LIMIT 3");
	query(db, "memory json",
	      "SELECT json_object('a', 1, 'b', json_array(2, 3.5, 'x')), "
	      "json_extract('{\"k\":[1,{\"z\":\"w\"}]}', '$.k[1].z')");
	query(db, "memory math",
	      "SELECT printf('%.6f', sqrt(2)), printf('%.6f', pow(2, 0.5)), "
	      "printf('%.6f', exp(1)), printf('%.6f', ln(10)), "
	      "printf('%.6f', atan2(1, 1) * 4), trunc(-2.5), 7 % 3, 7 / 2.0");
	query(db, "memory strings",
	      "SELECT upper('abc'), lower('ÄB'), length('héllo'), "
	      "substr('abcdef', -3, 2), replace('aaa', 'a', 'bb'), "
	      "instr('hello', 'll'), quote(x'00ff'), typeof(1.0), "
	      "'a' || NULL IS NULL, 'abc' LIKE 'A%', 'abc' GLOB 'A*'");
	query(db, "memory blob",
	      "SELECT length(randomblob(100)), "
	      "hex(zeroblob(4)), unicode('é')");
	sqlite3_close(db);
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "no-shm"))) {
		fprintf(stderr, "usage: sqlite_app DIRECTORY [no-shm]\n");
		return 2;
	}
	char path[512], journal[600];
	top_dir = argv[1];
	sqlite3_config(SQLITE_CONFIG_LOG, log_line, NULL);
	snprintf(path, sizeof(path), "%s/test.db", argv[1]);
	snprintf(journal, sizeof(journal), "%s-journal", path);
	unlink(path);
	printf("sql version: %s, threadsafe %d\n", sqlite3_libversion(),
	       sqlite3_threadsafe());

	sqlite3 *db = open_db(path);
	query(db, "journal mode", "PRAGMA journal_mode");
	fill(db);
	queries(db, "first");
	dates(db);
	formats();
	rollback(db);
	busy(path, db);
	printf("sql journal gone: %d\n", access(journal, F_OK) != 0);
	if (sqlite3_close(db) != SQLITE_OK)
		fail(db, "close");

	db = open_db(path);
	query(db, "reopened integrity", "PRAGMA integrity_check");
	queries(db, "reopened");
	query(db, "mmap size", "PRAGMA mmap_size=4194304");
	queries(db, "mapped");
	exec(db, "VACUUM");
	query(db, "vacuumed",
	      "SELECT count(*), page_count * page_size > "
	      "100000 FROM orders, pragma_page_count, "
	      "pragma_page_size");
	sqlite3_close(db);

	mapped_growth(path);
	big_sort(path);
	attached(path, argv[1]);
	linked(argv[1]);
	dotfile(path);
	if (argc == 2)
		wal(path);
	else
		wal_exclusive(path);
	memory();
	if (unlink(path) != 0)
		printf("sql FAIL unlink %s\n", path);
	printf("sql done\n");
	return 0;
}
