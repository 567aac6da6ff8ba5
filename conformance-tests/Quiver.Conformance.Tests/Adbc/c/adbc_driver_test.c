/* Drives libquiver_adbc through its AdbcDriverInit as an ADBC driver manager would, against a running Quiver server.
 * Usage: adbc_driver_test <driver.so> <uri> <token> <scenario> [name suffix]
 * Prints "PASS <scenario>" and exits 0, or prints what failed and exits 1. */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "adbc_abi.h"

static struct AdbcDriver driver;
static struct AdbcError err;
static const char* uri;
static const char* token;
static const char* suffix = "t";

#define CHECK(cond, ...)                                                  \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                \
      fprintf(stderr, __VA_ARGS__);                                       \
      fprintf(stderr, "\n");                                              \
      exit(1);                                                            \
    }                                                                     \
  } while (0)

static void reset_error(void) {
  if (err.release) err.release(&err);
  CHECK(err.release == NULL, "AdbcError.release did not clear itself");
  memset(&err, 0, sizeof err);
  err.vendor_code = ADBC_ERROR_VENDOR_CODE_PRIVATE_DATA;
}

#define OK(call)                                                                                 \
  do {                                                                                           \
    reset_error();                                                                               \
    AdbcStatusCode status_ = (call);                                                             \
    CHECK(status_ == ADBC_STATUS_OK, "%s returned %d: %s", #call, status_, err.message ? err.message : "(no message)"); \
  } while (0)

/* Runs call, expects the status, and leaves err for the caller to inspect. */
#define FAILS(call, expected)                                                                    \
  do {                                                                                           \
    reset_error();                                                                               \
    AdbcStatusCode status_ = (call);                                                             \
    CHECK(status_ == (expected), "%s returned %d, expected %d (%s)", #call, status_, (expected), \
          err.message ? err.message : "no message");                                            \
    CHECK(err.message != NULL && err.release != NULL, "%s failed without a message", #call);    \
  } while (0)

static bool sqlstate_is(const char* expected) { return memcmp(err.sqlstate, expected, 5) == 0; }

static void load(const char* path, int version) {
  void* library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  CHECK(library != NULL, "dlopen: %s", dlerror());
  AdbcDriverInitFunc init = (AdbcDriverInitFunc)dlsym(library, "AdbcDriverInit");
  CHECK(init != NULL, "no AdbcDriverInit: %s", dlerror());
  CHECK(dlsym(library, "QuiverDriverInit") != NULL, "no QuiverDriverInit");
  memset(&driver, 0, sizeof driver);
  OK(init(version, &driver, &err));
}

static void open_database(struct AdbcDatabase* database, const char* with_token) {
  memset(database, 0, sizeof *database);
  OK(driver.DatabaseNew(database, &err));
  OK(driver.DatabaseSetOption(database, "uri", uri, &err));
  OK(driver.DatabaseSetOption(database, "adbc.quiver.token", with_token, &err));
  OK(driver.DatabaseInit(database, &err));
}

static void open_connection(struct AdbcDatabase* database, struct AdbcConnection* connection) {
  memset(connection, 0, sizeof *connection);
  OK(driver.ConnectionNew(connection, &err));
  OK(driver.ConnectionInit(connection, database, &err));
}

static void new_statement(struct AdbcConnection* connection, struct AdbcStatement* statement, const char* sql) {
  memset(statement, 0, sizeof *statement);
  OK(driver.StatementNew(connection, statement, &err));
  if (sql) OK(driver.StatementSetSqlQuery(statement, sql, &err));
}

/* Runs a statement that returns no rows; returns the rows it changed. */
static int64_t run(struct AdbcConnection* connection, const char* sql) {
  struct AdbcStatement statement;
  new_statement(connection, &statement, sql);
  int64_t changed = -2;
  OK(driver.StatementExecuteQuery(&statement, NULL, &changed, &err));
  OK(driver.StatementRelease(&statement, &err));
  return changed;
}

/* The one int64 value a query returns. */
static int64_t scalar(struct AdbcConnection* connection, const char* sql) {
  struct AdbcStatement statement;
  new_statement(connection, &statement, sql);
  struct ArrowArrayStream stream = {0};
  OK(driver.StatementExecuteQuery(&statement, &stream, NULL, &err));
  struct ArrowArray batch = {0};
  CHECK(stream.get_next(&stream, &batch) == 0, "get_next: %s", stream.get_last_error(&stream));
  CHECK(batch.release != NULL && batch.length == 1 && batch.n_children >= 1, "%s: expected one row", sql);
  int64_t value = ((const int64_t*)batch.children[0]->buffers[1])[batch.children[0]->offset];
  batch.release(&batch);
  stream.release(&stream);
  OK(driver.StatementRelease(&statement, &err));
  return value;
}

static bool valid(const struct ArrowArray* array, int64_t i) {
  const uint8_t* bitmap = (const uint8_t*)array->buffers[0];
  int64_t at = array->offset + i;
  return bitmap == NULL || (bitmap[at / 8] >> (at % 8)) & 1;
}

static bool string_is(const struct ArrowArray* array, int64_t i, const char* expected) {
  const int32_t* offsets = (const int32_t*)array->buffers[1];
  const char* data = (const char*)array->buffers[2];
  int64_t at = array->offset + i;
  size_t length = (size_t)(offsets[at + 1] - offsets[at]);
  return length == strlen(expected) && memcmp(data + offsets[at], expected, length) == 0;
}

/* ---- scenarios ---- */

static void scenario_info(struct AdbcConnection* connection) {
  struct ArrowArrayStream stream = {0};
  uint32_t codes[] = {0, 100, 103, 9999};
  OK(driver.ConnectionGetInfo(connection, codes, 4, &stream, &err));
  struct ArrowSchema schema = {0};
  CHECK(stream.get_schema(&stream, &schema) == 0, "get_schema");
  CHECK(schema.n_children == 2 && strcmp(schema.children[0]->format, "I") == 0 && strncmp(schema.children[1]->format, "+ud:", 4) == 0,
        "GetInfo schema is not (uint32, dense union): %s", schema.children[1]->format);
  schema.release(&schema);
  struct ArrowArray batch = {0};
  CHECK(stream.get_next(&stream, &batch) == 0 && batch.release, "get_next");
  CHECK(batch.length == 3, "3 known infos expected, got %lld", (long long)batch.length);
  const uint32_t* names = (const uint32_t*)batch.children[0]->buffers[1];
  const struct ArrowArray* values = batch.children[1];
  const int8_t* type_ids = (const int8_t*)values->buffers[0];
  const int32_t* offsets = (const int32_t*)values->buffers[1];
  CHECK(names[0] == 0 && type_ids[0] == 0 && string_is(values->children[0], offsets[0], "Quiver"), "vendor name");
  CHECK(names[1] == 100 && type_ids[1] == 0 && string_is(values->children[0], offsets[1], "ADBC Quiver Driver"), "driver name");
  CHECK(names[2] == 103 && type_ids[2] == 2 && ((const int64_t*)values->children[2]->buffers[1])[offsets[2]] == ADBC_VERSION_1_1_0, "ADBC version");
  batch.release(&batch);
  CHECK(stream.get_next(&stream, &batch) == 0 && batch.release == NULL, "one batch expected");
  stream.release(&stream);

  char value[64];
  size_t length = sizeof value;
  OK(driver.ConnectionGetOption(connection, "adbc.connection.autocommit", value, &length, &err));
  CHECK(strcmp(value, "true") == 0 && length == 5, "autocommit defaults to true");
  length = 2;
  OK(driver.ConnectionGetOption(connection, "adbc.connection.catalog", value, &length, &err));
  CHECK(length > 2, "a too-small buffer gets the length needed");
}

static const char* TYPES_SQL =
    "SELECT i AS id, (i * 3)::INTEGER AS i32, i / 2 AS half, i % 2 = 0 AS even,"
    " CASE WHEN i % 5 = 0 THEN NULL ELSE 'row ' || i END AS label, (i * 1.25)::DECIMAL(18,2) AS price,"
    " DATE '2024-01-01' + (i % 1000)::INTEGER AS day, TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS at,"
    " encode('b' || i) AS bin, ('00000000-0000-0000-0000-' || lpad(i::VARCHAR, 12, '0'))::UUID AS uuid"
    " FROM range(100000) t(i) ORDER BY i";

static void scenario_types(struct AdbcConnection* connection) {
  struct AdbcStatement statement;
  new_statement(connection, &statement, TYPES_SQL);
  struct ArrowArrayStream stream = {0};
  int64_t affected = 0;
  OK(driver.StatementExecuteQuery(&statement, &stream, &affected, &err));
  CHECK(affected == -1, "a query reports -1 rows affected");
  struct ArrowSchema schema = {0};
  CHECK(stream.get_schema(&stream, &schema) == 0, "get_schema: %s", stream.get_last_error(&stream));
  const char* formats[] = {"l", "i", "g", "b", "u", "d:18,2", "tdD", "tsu:", "z", "w:16"};
  CHECK(schema.n_children == 10, "10 columns expected");
  for (int c = 0; c < 10; c++)
    CHECK(strcmp(schema.children[c]->format, formats[c]) == 0, "column %s has format %s, expected %s", schema.children[c]->name,
          schema.children[c]->format, formats[c]);
  schema.release(&schema);

  int64_t row = 0;
  char text[64];
  for (;;) {
    struct ArrowArray batch = {0};
    CHECK(stream.get_next(&stream, &batch) == 0, "get_next: %s", stream.get_last_error(&stream));
    if (batch.release == NULL) break;
    struct ArrowArray** c = batch.children;
    for (int64_t i = 0; i < batch.length; i++, row++) {
      CHECK(((const int64_t*)c[0]->buffers[1])[c[0]->offset + i] == row, "id at row %lld", (long long)row);
      CHECK(((const int32_t*)c[1]->buffers[1])[c[1]->offset + i] == row * 3, "i32 at row %lld", (long long)row);
      CHECK(((const double*)c[2]->buffers[1])[c[2]->offset + i] == row / 2.0, "half at row %lld", (long long)row);
      int64_t bit = c[3]->offset + i;
      CHECK((((const uint8_t*)c[3]->buffers[1])[bit / 8] >> (bit % 8) & 1) == (row % 2 == 0), "even at row %lld", (long long)row);
      if (row % 5 == 0) {
        CHECK(!valid(c[4], i), "label at row %lld should be NULL", (long long)row);
      } else {
        snprintf(text, sizeof text, "row %lld", (long long)row);
        CHECK(valid(c[4], i) && string_is(c[4], i, text), "label at row %lld", (long long)row);
      }
      const int64_t* price = (const int64_t*)c[5]->buffers[1] + 2 * (c[5]->offset + i);
      CHECK(price[0] == row * 125 && price[1] == 0, "price at row %lld", (long long)row);
      CHECK(((const int32_t*)c[6]->buffers[1])[c[6]->offset + i] == 19723 + row % 1000, "day at row %lld", (long long)row);
      CHECK(((const int64_t*)c[7]->buffers[1])[c[7]->offset + i] == 1704067200000000LL + row * 1000000LL, "at at row %lld", (long long)row);
      snprintf(text, sizeof text, "b%lld", (long long)row);
      CHECK(string_is(c[8], i, text), "bin at row %lld", (long long)row);
      const uint8_t* uuid = (const uint8_t*)c[9]->buffers[1] + 16 * (c[9]->offset + i);
      snprintf(text, sizeof text, "%012lld", (long long)row);
      for (int b = 0; b < 6; b++) {
        unsigned expected = (unsigned)((text[2 * b] - '0') * 16 + (text[2 * b + 1] - '0'));
        CHECK(uuid[10 + b] == expected, "uuid byte %d at row %lld", 10 + b, (long long)row);
      }
    }
    batch.release(&batch);
  }
  CHECK(row == 100000, "100000 rows expected, got %lld", (long long)row);
  stream.release(&stream);
  OK(driver.StatementRelease(&statement, &err));
}

/* A struct array of (int32 n, utf8 t) rows built by hand, with a release that the driver must call. */
struct Rows {
  struct ArrowArray top, n, t;
  struct ArrowArray* children[2];
  const void* top_buffers[1];
  const void* n_buffers[2];
  const void* t_buffers[3];
  int32_t numbers[8];
  uint8_t t_validity[1];
  int32_t offsets[9];
  char text[64];
  struct ArrowSchema schema, n_schema, t_schema;
  struct ArrowSchema* schema_children[2];
};

static int released_arrays;
static int released_schemas;
static void release_array(struct ArrowArray* array) { array->release = NULL; released_arrays++; }
static void release_schema(struct ArrowSchema* schema) { schema->release = NULL; released_schemas++; }

static void make_rows(struct Rows* rows, int count, const int32_t* numbers, const char** texts) {
  memset(rows, 0, sizeof *rows);
  int32_t at = 0;
  for (int i = 0; i < count; i++) {
    rows->numbers[i] = numbers[i];
    rows->offsets[i] = at;
    if (texts[i]) {
      rows->t_validity[0] |= (uint8_t)(1 << i);
      memcpy(rows->text + at, texts[i], strlen(texts[i]));
      at += (int32_t)strlen(texts[i]);
    }
  }
  rows->offsets[count] = at;
  int nulls = 0;
  for (int i = 0; i < count; i++) nulls += texts[i] == NULL;

  rows->n_buffers[0] = NULL;
  rows->n_buffers[1] = rows->numbers;
  rows->n = (struct ArrowArray){count, 0, 0, 2, 0, rows->n_buffers, NULL, NULL, release_array, NULL};
  rows->t_buffers[0] = rows->t_validity;
  rows->t_buffers[1] = rows->offsets;
  rows->t_buffers[2] = rows->text;
  rows->t = (struct ArrowArray){count, nulls, 0, 3, 0, rows->t_buffers, NULL, NULL, release_array, NULL};
  rows->children[0] = &rows->n;
  rows->children[1] = &rows->t;
  rows->top_buffers[0] = NULL;
  rows->top = (struct ArrowArray){count, 0, 0, 1, 2, rows->top_buffers, rows->children, NULL, release_array, NULL};

  rows->n_schema = (struct ArrowSchema){"i", "n", NULL, 2, 0, NULL, NULL, release_schema, NULL};
  rows->t_schema = (struct ArrowSchema){"u", "t", NULL, 2, 0, NULL, NULL, release_schema, NULL};
  rows->schema_children[0] = &rows->n_schema;
  rows->schema_children[1] = &rows->t_schema;
  rows->schema = (struct ArrowSchema){"+s", "", NULL, 0, 2, rows->schema_children, NULL, release_schema, NULL};
}

/* A stream over two batches of rows, for BindStream. */
struct TwoBatches {
  struct Rows rows[2];
  int next;
  bool released;
};

static int two_get_schema(struct ArrowArrayStream* stream, struct ArrowSchema* out) {
  struct TwoBatches* state = (struct TwoBatches*)stream->private_data;
  *out = state->rows[0].schema;
  out->children = state->rows[0].schema_children;
  state->rows[0].schema.release = NULL;
  return 0;
}

static int two_get_next(struct ArrowArrayStream* stream, struct ArrowArray* out) {
  struct TwoBatches* state = (struct TwoBatches*)stream->private_data;
  if (state->next == 2) {
    memset(out, 0, sizeof *out);
    return 0;
  }
  *out = state->rows[state->next].top;
  state->rows[state->next].top.release = NULL;
  state->next++;
  return 0;
}

static const char* two_last_error(struct ArrowArrayStream* stream) { (void)stream; return NULL; }
static void two_release(struct ArrowArrayStream* stream) {
  ((struct TwoBatches*)stream->private_data)->released = true;
  stream->release = NULL;
}

static void scenario_params(struct AdbcConnection* connection) {
  struct AdbcStatement statement;
  new_statement(connection, &statement, "SELECT ?::INTEGER + 1 AS x, ?::VARCHAR || '!' AS s");
  OK(driver.StatementPrepare(&statement, &err));
  struct ArrowSchema parameters = {0};
  OK(driver.StatementGetParameterSchema(&statement, &parameters, &err));
  CHECK(parameters.n_children == 2, "two parameters expected, got %lld", (long long)parameters.n_children);
  parameters.release(&parameters);

  struct Rows one;
  int32_t forty_one[] = {41};
  const char* hi[] = {"hi"};
  make_rows(&one, 1, forty_one, hi);
  released_arrays = released_schemas = 0;
  OK(driver.StatementBind(&statement, &one.top, &one.schema, &err));
  struct ArrowArrayStream stream = {0};
  OK(driver.StatementExecuteQuery(&statement, &stream, NULL, &err));
  struct ArrowArray batch = {0};
  CHECK(stream.get_next(&stream, &batch) == 0 && batch.release && batch.length == 1, "one row expected");
  CHECK(((const int32_t*)batch.children[0]->buffers[1])[batch.children[0]->offset] == 42, "x = 41 + 1");
  CHECK(string_is(batch.children[1], 0, "hi!"), "s = 'hi!'");
  batch.release(&batch);
  stream.release(&stream);
  OK(driver.StatementRelease(&statement, &err));
  CHECK(released_arrays >= 1 && released_schemas >= 1, "the driver released the bound array and schema");

  char sql[256];
  snprintf(sql, sizeof sql, "CREATE TEMP TABLE adbc_params_%s (n INTEGER, t VARCHAR)", suffix);
  run(connection, sql);
  snprintf(sql, sizeof sql, "INSERT INTO adbc_params_%s VALUES (?, ?)", suffix);
  new_statement(connection, &statement, sql);
  struct Rows three;
  int32_t numbers[] = {1, 2, 3};
  const char* texts[] = {"a", NULL, "c"};
  make_rows(&three, 3, numbers, texts);
  OK(driver.StatementBind(&statement, &three.top, &three.schema, &err));
  int64_t changed = 0;
  OK(driver.StatementExecuteQuery(&statement, NULL, &changed, &err));
  CHECK(changed == 3, "three bound rows insert three rows, got %lld", (long long)changed);

  struct TwoBatches two = {0};
  int32_t first[] = {10, 20};
  const char* first_texts[] = {"x", "y"};
  int32_t second[] = {30, 40};
  const char* second_texts[] = {NULL, "z"};
  make_rows(&two.rows[0], 2, first, first_texts);
  make_rows(&two.rows[1], 2, second, second_texts);
  struct ArrowArrayStream values = {two_get_schema, two_get_next, two_last_error, two_release, &two};
  OK(driver.StatementBindStream(&statement, &values, &err));
  OK(driver.StatementExecuteQuery(&statement, NULL, &changed, &err));
  CHECK(changed == 4, "a bound stream of four rows inserts four rows, got %lld", (long long)changed);
  OK(driver.StatementRelease(&statement, &err));
  CHECK(two.released, "the driver released the bound stream");

  snprintf(sql, sizeof sql, "SELECT count(*) * 1000000 + count(t) * 1000 + sum(n) FROM adbc_params_%s", suffix);
  CHECK(scalar(connection, sql) == 7 * 1000000 + 5 * 1000 + 106, "7 rows, 5 texts, sum 106");

  /* A query runs with one row of parameters. */
  new_statement(connection, &statement, "SELECT ?::INTEGER AS n, ?::VARCHAR AS t");
  make_rows(&three, 3, numbers, texts);
  OK(driver.StatementBind(&statement, &three.top, &three.schema, &err));
  FAILS(driver.StatementExecuteQuery(&statement, &stream, NULL, &err), ADBC_STATUS_INVALID_ARGUMENT);
  OK(driver.StatementRelease(&statement, &err));
}

/* Binds rows (n, t) to an ingest statement into table with mode; returns the status and sets *ingested. */
static AdbcStatusCode ingest(struct AdbcConnection* connection, const char* table, const char* mode, const char* temporary,
                             struct Rows* rows, int64_t* ingested) {
  struct AdbcStatement statement;
  new_statement(connection, &statement, NULL);
  OK(driver.StatementSetOption(&statement, "adbc.ingest.target_table", table, &err));
  OK(driver.StatementSetOption(&statement, "adbc.ingest.mode", mode, &err));
  if (temporary) OK(driver.StatementSetOption(&statement, "adbc.ingest.temporary", temporary, &err));
  char value[64];
  size_t length = sizeof value;
  OK(driver.StatementGetOption(&statement, "adbc.ingest.mode", value, &length, &err));
  CHECK(strcmp(value, mode) == 0, "the mode reads back");
  OK(driver.StatementBind(&statement, &rows->top, &rows->schema, &err));
  reset_error();
  AdbcStatusCode status = driver.StatementExecuteQuery(&statement, NULL, ingested, &err);
  struct AdbcError kept = err;
  memset(&err, 0, sizeof err);
  OK(driver.StatementRelease(&statement, &err));
  reset_error();
  err = kept;
  return status;
}

static void scenario_ingest(struct AdbcConnection* connection) {
  char table[64], temp[64], sql[256];
  snprintf(table, sizeof table, "adbc_ingest_%s", suffix);
  snprintf(temp, sizeof temp, "adbc_ingest_temp_%s", suffix);
  int32_t numbers[] = {1, 2, 3};
  const char* texts[] = {"a", NULL, "c"};
  struct Rows rows;
  int64_t ingested = 0;

  make_rows(&rows, 3, numbers, texts);
  CHECK(ingest(connection, table, "adbc.ingest.mode.create", NULL, &rows, &ingested) == ADBC_STATUS_OK && ingested == 3,
        "create ingests 3 rows (%s)", err.message ? err.message : "-");
  make_rows(&rows, 3, numbers, texts);
  CHECK(ingest(connection, table, "adbc.ingest.mode.create", NULL, &rows, &ingested) == ADBC_STATUS_ALREADY_EXISTS && sqlstate_is("42P07"),
        "create again: the table exists (%.5s %s)", err.sqlstate, err.message ? err.message : "-");
  make_rows(&rows, 3, numbers, texts);
  CHECK(ingest(connection, table, "adbc.ingest.mode.append", NULL, &rows, &ingested) == ADBC_STATUS_OK && ingested == 3, "append 3 rows");
  snprintf(sql, sizeof sql, "SELECT count(*) * 1000 + sum(n) FROM %s", table);
  CHECK(scalar(connection, sql) == 6012, "6 rows summing to 12");
  make_rows(&rows, 3, numbers, texts);
  CHECK(ingest(connection, table, "adbc.ingest.mode.replace", NULL, &rows, &ingested) == ADBC_STATUS_OK && ingested == 3, "replace");
  snprintf(sql, sizeof sql, "SELECT count(*) * 1000 + count(t) * 100 + sum(n) FROM %s WHERE t IS NULL OR t IN ('a', 'c')", table);
  CHECK(scalar(connection, sql) == 3206, "3 rows after replace, 2 texts, sum 6");

  for (int round = 1; round <= 2; round++) {
    make_rows(&rows, 3, numbers, texts);
    CHECK(ingest(connection, temp, "adbc.ingest.mode.create_append", "true", &rows, &ingested) == ADBC_STATUS_OK && ingested == 3,
          "create_append into a temporary table, round %d (%s)", round, err.message ? err.message : "-");
  }
  snprintf(sql, sizeof sql, "SELECT count(*) FROM temp.main.%s", temp);
  CHECK(scalar(connection, sql) == 6, "the temporary table holds both rounds");

  make_rows(&rows, 3, numbers, texts);
  CHECK(ingest(connection, "adbc_no_such_ingest_table", "adbc.ingest.mode.append", NULL, &rows, &ingested) == ADBC_STATUS_NOT_FOUND,
        "append to a missing table is NOT_FOUND (%.5s %s)", err.sqlstate, err.message ? err.message : "-");

  snprintf(sql, sizeof sql, "CREATE TEMP TABLE adbc_narrow_%s (n INTEGER)", suffix);
  run(connection, sql);
  snprintf(sql, sizeof sql, "adbc_narrow_%s", suffix);
  make_rows(&rows, 3, numbers, texts);
  CHECK(ingest(connection, sql, "adbc.ingest.mode.append", NULL, &rows, &ingested) == ADBC_STATUS_ALREADY_EXISTS,
        "appending other columns to an existing table is ALREADY_EXISTS (%s)", err.message ? err.message : "-");
  snprintf(sql, sizeof sql, "DROP TABLE %s", table);
  run(connection, sql);
  reset_error();
}

/* 3,000 rows of (n, 2,000-character t): about 6 MB of parameters, more than one server message holds. */
static void scenario_big_params(struct AdbcConnection* connection) {
  enum { COUNT = 3000, WIDTH = 2000 };
  int32_t* numbers = malloc(sizeof(int32_t) * COUNT);
  int32_t* offsets = malloc(sizeof(int32_t) * (COUNT + 1));
  char* text = malloc((size_t)COUNT * WIDTH);
  CHECK(numbers && offsets && text, "malloc");
  for (int i = 0; i < COUNT; i++) {
    numbers[i] = i;
    offsets[i] = i * WIDTH;
  }
  offsets[COUNT] = COUNT * WIDTH;
  memset(text, 'x', (size_t)COUNT * WIDTH);
  const void* n_buffers[2] = {NULL, numbers};
  const void* t_buffers[3] = {NULL, offsets, text};
  struct ArrowArray n = {COUNT, 0, 0, 2, 0, n_buffers, NULL, NULL, release_array, NULL};
  struct ArrowArray t = {COUNT, 0, 0, 3, 0, t_buffers, NULL, NULL, release_array, NULL};
  struct ArrowArray* children[2] = {&n, &t};
  const void* top_buffers[1] = {NULL};
  struct ArrowArray top = {COUNT, 0, 0, 1, 2, top_buffers, children, NULL, release_array, NULL};
  struct ArrowSchema n_schema = {"i", "n", NULL, 2, 0, NULL, NULL, release_schema, NULL};
  struct ArrowSchema t_schema = {"u", "t", NULL, 2, 0, NULL, NULL, release_schema, NULL};
  struct ArrowSchema* schema_children[2] = {&n_schema, &t_schema};
  struct ArrowSchema schema = {"+s", "", NULL, 0, 2, schema_children, NULL, release_schema, NULL};

  char sql[256];
  snprintf(sql, sizeof sql, "CREATE TEMP TABLE adbc_big_%s (n INTEGER, t VARCHAR)", suffix);
  run(connection, sql);
  snprintf(sql, sizeof sql, "INSERT INTO adbc_big_%s VALUES (?, ?)", suffix);
  struct AdbcStatement statement;
  new_statement(connection, &statement, sql);
  OK(driver.StatementBind(&statement, &top, &schema, &err));
  int64_t changed = 0;
  OK(driver.StatementExecuteQuery(&statement, NULL, &changed, &err));
  CHECK(changed == COUNT, "every bound row inserted, got %lld", (long long)changed);
  OK(driver.StatementRelease(&statement, &err));
  snprintf(sql, sizeof sql, "SELECT sum(length(t))::BIGINT + sum(n) FROM adbc_big_%s", suffix);
  CHECK(scalar(connection, sql) == (int64_t)COUNT * WIDTH + (int64_t)COUNT * (COUNT - 1) / 2, "every value arrived");
  free(numbers);
  free(offsets);
  free(text);
}

static void scenario_transactions(struct AdbcConnection* connection) {
  char sql[256];
  snprintf(sql, sizeof sql, "CREATE TEMP TABLE adbc_tx_%s (n INTEGER)", suffix);
  run(connection, sql);
  FAILS(driver.ConnectionCommit(connection, &err), ADBC_STATUS_INVALID_STATE);
  OK(driver.ConnectionSetOption(connection, "adbc.connection.autocommit", "false", &err));
  snprintf(sql, sizeof sql, "INSERT INTO adbc_tx_%s VALUES (1)", suffix);
  CHECK(run(connection, sql) == 1, "insert one row");
  OK(driver.ConnectionRollback(connection, &err));
  snprintf(sql, sizeof sql, "SELECT count(*) FROM adbc_tx_%s", suffix);
  CHECK(scalar(connection, sql) == 0, "rolled back");
  snprintf(sql, sizeof sql, "INSERT INTO adbc_tx_%s VALUES (2)", suffix);
  run(connection, sql);
  OK(driver.ConnectionCommit(connection, &err));
  snprintf(sql, sizeof sql, "INSERT INTO adbc_tx_%s VALUES (3)", suffix);
  run(connection, sql);
  /* Turning autocommit back on commits the open transaction. */
  OK(driver.ConnectionSetOption(connection, "adbc.connection.autocommit", "true", &err));
  FAILS(driver.ConnectionRollback(connection, &err), ADBC_STATUS_INVALID_STATE);
  snprintf(sql, sizeof sql, "SELECT sum(n) FROM adbc_tx_%s", suffix);
  CHECK(scalar(connection, sql) == 5, "committed rows 2 and 3");
  FAILS(driver.ConnectionSetOption(connection, "adbc.connection.transaction.isolation_level",
                                   "adbc.connection.transaction.isolation.read_uncommitted", &err),
        ADBC_STATUS_NOT_IMPLEMENTED);
}

/* Finds the row of a struct array's string field equal to name. */
static int64_t find(const struct ArrowArray* structs, int field, int64_t from, int64_t to, const char* name) {
  for (int64_t i = from; i < to; i++)
    if (valid(structs->children[field], i) && string_is(structs->children[field], i, name)) return i;
  return -1;
}

static void list_range(const struct ArrowArray* list, int64_t row, int64_t* from, int64_t* to) {
  const int32_t* offsets = (const int32_t*)list->buffers[1];
  *from = offsets[list->offset + row];
  *to = offsets[list->offset + row + 1];
}

static void scenario_objects(struct AdbcConnection* connection) {
  char parent[64], child[64], sql[512], pattern[64];
  snprintf(parent, sizeof parent, "adbc_parent_%s", suffix);
  snprintf(child, sizeof child, "adbc_child_%s", suffix);
  snprintf(pattern, sizeof pattern, "adbc\\_%%\\_%s", suffix);
  snprintf(sql, sizeof sql, "CREATE TABLE %s (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL)", parent);
  run(connection, sql);
  snprintf(sql, sizeof sql, "CREATE TABLE %s (id INTEGER, parent_id INTEGER REFERENCES %s(id))", child, parent);
  run(connection, sql);

  snprintf(pattern, sizeof pattern, "adbc_%%_%s", suffix);
  const char* types[] = {"TABLE", NULL};
  struct ArrowArrayStream stream = {0};
  OK(driver.ConnectionGetObjects(connection, 0, NULL, NULL, pattern, types, NULL, &stream, &err));
  struct ArrowSchema schema = {0};
  CHECK(stream.get_schema(&stream, &schema) == 0, "get_schema");
  CHECK(strcmp(schema.children[0]->name, "catalog_name") == 0 && strcmp(schema.children[1]->name, "catalog_db_schemas") == 0, "top fields");
  schema.release(&schema);
  struct ArrowArray batch = {0};
  CHECK(stream.get_next(&stream, &batch) == 0 && batch.release, "get_next");

  int found_tables = 0, found_pk = 0, found_fk = 0, found_columns = 0;
  const struct ArrowArray* schemas_list = batch.children[1];
  const struct ArrowArray* schemas = schemas_list->children[0];
  const struct ArrowArray* tables_list = schemas->children[1];
  const struct ArrowArray* tables = tables_list->children[0];
  const struct ArrowArray* columns_list = tables->children[2];
  const struct ArrowArray* columns = columns_list->children[0];
  const struct ArrowArray* constraints_list = tables->children[3];
  const struct ArrowArray* constraints = constraints_list->children[0];
  for (int64_t c = 0; c < batch.length; c++) {
    CHECK(valid(schemas_list, c), "depth 0 lists every catalog's schemas");
    int64_t s_from, s_to;
    list_range(schemas_list, c, &s_from, &s_to);
    for (int64_t s = s_from; s < s_to; s++) {
      int64_t t_from, t_to;
      list_range(tables_list, s, &t_from, &t_to);
      for (int64_t t = t_from; t < t_to; t++) {
        CHECK(string_is(tables->children[1], t, "TABLE"), "only TABLE types asked for");
        bool is_parent = string_is(tables->children[0], t, parent);
        bool is_child = string_is(tables->children[0], t, child);
        CHECK(is_parent || is_child, "only the pattern's tables");
        found_tables++;
        int64_t k_from, k_to;
        list_range(columns_list, t, &k_from, &k_to);
        CHECK(k_to - k_from == 2, "two columns per table");
        int64_t id = find(columns, 0, k_from, k_to, "id");
        CHECK(id >= 0 && ((const int32_t*)columns->children[1]->buffers[1])[columns->children[1]->offset + id] == 1, "id is column 1");
        CHECK(((const int16_t*)columns->children[3]->buffers[1])[columns->children[3]->offset + id] == 4, "id's xdbc_data_type is INTEGER (4)");
        if (is_parent) {
          int64_t name = find(columns, 0, k_from, k_to, "name");
          CHECK(name >= 0 && string_is(columns->children[4], name, "VARCHAR"), "name is VARCHAR");
          CHECK(string_is(columns->children[13], name, "NO"), "name is NOT NULL");
        }
        found_columns += (int)(k_to - k_from);
        list_range(constraints_list, t, &k_from, &k_to);
        for (int64_t k = k_from; k < k_to; k++) {
          const struct ArrowArray* names_list = constraints->children[2];
          int64_t n_from, n_to;
          list_range(names_list, k, &n_from, &n_to);
          if (is_parent && string_is(constraints->children[1], k, "PRIMARY KEY")) {
            CHECK(n_to - n_from == 1 && string_is(names_list->children[0], n_from, "id"), "primary key (id)");
            found_pk++;
          }
          if (is_child && string_is(constraints->children[1], k, "FOREIGN KEY")) {
            CHECK(n_to - n_from == 1 && string_is(names_list->children[0], n_from, "parent_id"), "foreign key (parent_id)");
            const struct ArrowArray* usage_list = constraints->children[3];
            int64_t u_from, u_to;
            list_range(usage_list, k, &u_from, &u_to);
            const struct ArrowArray* usage = usage_list->children[0];
            CHECK(u_to - u_from == 1 && string_is(usage->children[2], u_from, parent) && string_is(usage->children[3], u_from, "id"),
                  "the foreign key references parent(id)");
            found_fk++;
          }
        }
      }
    }
  }
  CHECK(found_tables == 2 && found_columns == 4 && found_pk == 1 && found_fk == 1,
        "tables %d columns %d pk %d fk %d", found_tables, found_columns, found_pk, found_fk);
  batch.release(&batch);
  stream.release(&stream);

  /* Depth 1: catalogs only, their schema lists NULL; depth 3: tables without columns. */
  OK(driver.ConnectionGetObjects(connection, 1, NULL, NULL, NULL, NULL, NULL, &stream, &err));
  CHECK(stream.get_next(&stream, &batch) == 0 && batch.release && batch.length >= 1, "catalogs");
  for (int64_t c = 0; c < batch.length; c++) CHECK(!valid(batch.children[1], c), "depth 1 has no schema lists");
  batch.release(&batch);
  stream.release(&stream);
  OK(driver.ConnectionGetObjects(connection, 3, NULL, NULL, parent, NULL, NULL, &stream, &err));
  CHECK(stream.get_next(&stream, &batch) == 0 && batch.release, "tables");
  tables = batch.children[1]->children[0]->children[1]->children[0];
  CHECK(tables->length == 1 && !valid(tables->children[2], 0), "depth 3: one table, without columns");
  batch.release(&batch);
  stream.release(&stream);

  OK(driver.ConnectionGetTableSchema(connection, NULL, NULL, parent, &schema, &err));
  CHECK(schema.n_children == 2 && strcmp(schema.children[0]->format, "i") == 0 && strcmp(schema.children[1]->name, "name") == 0,
        "table schema (id INTEGER, name VARCHAR)");
  schema.release(&schema);
  FAILS(driver.ConnectionGetTableSchema(connection, NULL, NULL, "no_such_table_anywhere", &schema, &err), ADBC_STATUS_NOT_FOUND);

  OK(driver.ConnectionGetTableTypes(connection, &stream, &err));
  CHECK(stream.get_next(&stream, &batch) == 0 && batch.release, "table types");
  CHECK(find(&batch, 0, 0, batch.length, "TABLE") >= 0 && find(&batch, 0, 0, batch.length, "VIEW") >= 0, "TABLE and VIEW");
  batch.release(&batch);
  stream.release(&stream);

  snprintf(sql, sizeof sql, "DROP TABLE %s", child);
  run(connection, sql);
  snprintf(sql, sizeof sql, "DROP TABLE %s", parent);
  run(connection, sql);
}

struct Canceller {
  struct AdbcStatement* statement;
  volatile bool done;
  int calls;
};

static void* cancel_until_done(void* argument) {
  struct Canceller* canceller = (struct Canceller*)argument;
  struct AdbcError error = {0};
  for (int i = 0; i < 600 && !canceller->done; i++) {
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
    if (driver.StatementCancel(canceller->statement, &error) == ADBC_STATUS_OK) canceller->calls++;
    if (error.release) error.release(&error);
    memset(&error, 0, sizeof error);
  }
  return NULL;
}

static void scenario_cancel(struct AdbcConnection* connection) {
  struct AdbcStatement statement;
  new_statement(connection, &statement, "SELECT sum(i * i) FROM range(100000000000) t(i)");
  struct Canceller canceller = {&statement, false, 0};
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, cancel_until_done, &canceller) == 0, "pthread_create");
  struct ArrowArrayStream stream = {0};
  reset_error();
  AdbcStatusCode status = driver.StatementExecuteQuery(&statement, &stream, NULL, &err);
  bool cancelled;
  if (status == ADBC_STATUS_OK) {
    struct ArrowArray batch = {0};
    int code = stream.get_next(&stream, &batch);
    const char* message = code ? stream.get_last_error(&stream) : NULL;
    cancelled = code != 0 && message && strstr(message, "57014");
    if (batch.release) batch.release(&batch);
    stream.release(&stream);
  } else {
    cancelled = status == ADBC_STATUS_CANCELLED && sqlstate_is("57014");
  }
  canceller.done = true;
  pthread_join(thread, NULL);
  CHECK(cancelled, "the query ends cancelled (status %d, sqlstate %.5s, %s)", status, err.sqlstate, err.message ? err.message : "-");
  OK(driver.StatementRelease(&statement, &err));
  CHECK(scalar(connection, "SELECT 7::BIGINT") == 7, "the connection works after a cancel");
}

static void scenario_errors(struct AdbcDatabase* database, struct AdbcConnection* connection) {
  struct AdbcStatement statement;
  struct ArrowArrayStream stream = {0};
  new_statement(connection, &statement, "SELEC 1");
  FAILS(driver.StatementExecuteQuery(&statement, &stream, NULL, &err), ADBC_STATUS_INVALID_ARGUMENT);
  CHECK(sqlstate_is("42601") && strstr(err.message, "syntax"), "a syntax error is 42601: %.5s %s", err.sqlstate, err.message);
  OK(driver.StatementSetSqlQuery(&statement, "SELECT * FROM adbc_no_such_table", &err));
  FAILS(driver.StatementExecuteQuery(&statement, &stream, NULL, &err), ADBC_STATUS_NOT_FOUND);
  CHECK(sqlstate_is("42P01") && strstr(err.message, "adbc_no_such_table"), "a missing table is 42P01: %.5s %s", err.sqlstate, err.message);
  /* A failure while the result streams: get_next fails, and ErrorFromArrayStream gives the ADBC error behind it. */
  OK(driver.StatementSetSqlQuery(&statement, "SELECT CASE WHEN i = 4000000 THEN error('boom at 4000000') ELSE i END AS v FROM range(5000000) t(i)", &err));
  OK(driver.StatementExecuteQuery(&statement, &stream, NULL, &err));
  int code = 0;
  int64_t streamed = 0;
  for (;;) {
    struct ArrowArray batch = {0};
    code = stream.get_next(&stream, &batch);
    if (code != 0 || batch.release == NULL) break;
    streamed += batch.length;
    batch.release(&batch);
  }
  /* DuckDB reports the error() of the failing row, or, in some runs, its interrupt of the pipeline that row stopped. */
  const char* last = code ? stream.get_last_error(&stream) : NULL;
  bool reported = last && (strstr(last, "boom at 4000000") || strstr(last, "Interrupted"));
  CHECK(code != 0 && reported, "get_next fails with the server's message (code %d: %s)", code, last ? last : "-");
  CHECK(streamed > 0 && streamed < 5000000, "the stream delivers rows, then stops at the failure (%lld rows)", (long long)streamed);
  AdbcStatusCode stream_status = ADBC_STATUS_OK;
  const struct AdbcError* stream_error = driver.ErrorFromArrayStream(&stream, &stream_status);
  CHECK(stream_error && stream_error->message && strstr(last, stream_error->message) && stream_status != ADBC_STATUS_OK,
        "ErrorFromArrayStream gives the failure and its status");
  stream.release(&stream);
  struct ArrowArrayStream foreign = {0};
  CHECK(driver.ErrorFromArrayStream(&foreign, &stream_status) == NULL, "a stream the driver did not make has no ADBC error");
  FAILS(driver.StatementSetOption(&statement, "adbc.quiver.no_such_option", "1", &err), ADBC_STATUS_NOT_IMPLEMENTED);
  FAILS(driver.StatementExecutePartitions(&statement, NULL, NULL, NULL, &err), ADBC_STATUS_NOT_IMPLEMENTED);
  OK(driver.StatementRelease(&statement, &err));
  FAILS(driver.StatementRelease(&statement, &err), ADBC_STATUS_INVALID_STATE);
  FAILS(driver.ConnectionReadPartition(connection, (const uint8_t*)"x", 1, &stream, &err), ADBC_STATUS_NOT_IMPLEMENTED);
  FAILS(driver.DatabaseSetOption(database, "uri", "quiver://elsewhere:1", &err), ADBC_STATUS_INVALID_STATE);

  struct AdbcDatabase wrong;
  open_database(&wrong, "not-the-right-token-at-all");
  struct AdbcConnection refused = {0};
  OK(driver.ConnectionNew(&refused, &err));
  FAILS(driver.ConnectionInit(&refused, &wrong, &err), ADBC_STATUS_UNAUTHENTICATED);
  CHECK(sqlstate_is("28000") && strstr(err.message, "not-the-right") == NULL, "a wrong token is 28000 and never echoed");
  OK(driver.ConnectionRelease(&refused, &err));
  OK(driver.DatabaseRelease(&wrong, &err));

  struct AdbcDatabase bad = {0};
  OK(driver.DatabaseNew(&bad, &err));
  OK(driver.DatabaseSetOption(&bad, "uri", "http://127.0.0.1:7878", &err));
  FAILS(driver.DatabaseInit(&bad, &err), ADBC_STATUS_INVALID_ARGUMENT);
  FAILS(driver.DatabaseSetOption(&bad, "adbc.quiver.unknown", "x", &err), ADBC_STATUS_NOT_IMPLEMENTED);
  OK(driver.DatabaseRelease(&bad, &err));
}

static void scenario_two_statements(struct AdbcConnection* connection) {
  struct AdbcStatement first, second;
  new_statement(connection, &first, "SELECT 1::BIGINT AS n");
  new_statement(connection, &second, "SELECT 2::BIGINT AS n");
  for (int round = 0; round < 3; round++) {
    for (int which = 0; which < 2; which++) {
      struct ArrowArrayStream stream = {0};
      OK(driver.StatementExecuteQuery(which == 0 ? &first : &second, &stream, NULL, &err));
      struct ArrowArray batch = {0};
      CHECK(stream.get_next(&stream, &batch) == 0 && batch.release, "get_next");
      CHECK(((const int64_t*)batch.children[0]->buffers[1])[0] == which + 1, "each statement its own result");
      batch.release(&batch);
      stream.release(&stream);
    }
  }
  struct ArrowSchema schema = {0};
  OK(driver.StatementExecuteSchema(&first, &schema, &err));
  CHECK(schema.n_children == 1 && strcmp(schema.children[0]->name, "n") == 0, "ExecuteSchema");
  schema.release(&schema);
  OK(driver.StatementRelease(&first, &err));
  OK(driver.StatementRelease(&second, &err));
}

static void scenario_versions(const char* path) {
  /* 1.0.0 fills only the 1.0.0 part of the struct; 1.2.0 is refused so a manager can retry with 1.1.0. */
  void* library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  AdbcDriverInitFunc init = (AdbcDriverInitFunc)dlsym(library, "QuiverDriverInit");
  struct AdbcDriver old;
  memset(&old, 0xAB, sizeof old);
  OK(init(ADBC_VERSION_1_0_0, &old, &err));
  CHECK(old.StatementSetSubstraitPlan != NULL && old.DatabaseNew != NULL, "1.0.0 functions filled in");
  uint8_t untouched[sizeof(void*)];
  memset(untouched, 0xAB, sizeof untouched);
  CHECK(memcmp(&old.ErrorGetDetailCount, untouched, sizeof untouched) == 0, "1.1.0 fields left alone for a 1.0.0 caller");
  struct AdbcDriver newer;
  memset(&newer, 0, sizeof newer);
  FAILS(init(ADBC_VERSION_1_2_0, &newer, &err), ADBC_STATUS_NOT_IMPLEMENTED);
}

int main(int argc, char** argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s <driver.so> <uri> <token> <scenario> [suffix]\n", argv[0]);
    return 2;
  }
  uri = argv[2];
  token = argv[3];
  const char* scenario = argv[4];
  if (argc > 5) suffix = argv[5];
  setvbuf(stdout, NULL, _IONBF, 0);

  load(argv[1], ADBC_VERSION_1_1_0);
  struct AdbcDatabase database;
  open_database(&database, token);
  struct AdbcConnection connection;
  open_connection(&database, &connection);

  if (strcmp(scenario, "info") == 0) scenario_info(&connection);
  else if (strcmp(scenario, "types") == 0) scenario_types(&connection);
  else if (strcmp(scenario, "params") == 0) scenario_params(&connection);
  else if (strcmp(scenario, "transactions") == 0) scenario_transactions(&connection);
  else if (strcmp(scenario, "ingest") == 0) scenario_ingest(&connection);
  else if (strcmp(scenario, "big_params") == 0) scenario_big_params(&connection);
  else if (strcmp(scenario, "objects") == 0) scenario_objects(&connection);
  else if (strcmp(scenario, "cancel") == 0) scenario_cancel(&connection);
  else if (strcmp(scenario, "errors") == 0) scenario_errors(&database, &connection);
  else if (strcmp(scenario, "two_statements") == 0) scenario_two_statements(&connection);
  else if (strcmp(scenario, "versions") == 0) scenario_versions(argv[1]);
  else CHECK(false, "unknown scenario %s", scenario);

  OK(driver.ConnectionRelease(&connection, &err));
  int64_t live = -1;
  OK(driver.DatabaseGetOptionInt(&database, "adbc.quiver.live_objects", &live, &err));
  CHECK(live == 1, "after releasing its connections and statements only the database is live, not %lld", (long long)live);
  OK(driver.DatabaseRelease(&database, &err));
  reset_error();
  OK(driver.release(&driver, &err));
  reset_error();
  printf("PASS %s\n", scenario);
  return 0;
}
