/* W6's C consumer: loads libquiver_adbc through AdbcDriverInit, runs the wide scan runs + 1 times (the first warms up)
 * and touches every value of every batch. Prints one line per timed run: "run <seconds>", then
 * "totals <rows> <sum of ids> <sum of timestamp micros> <sum of price cents> <text bytes> <true flags> <sum of amounts>".
 * Usage: adbc_scan <driver.so> <uri> <token> <query> <runs> */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adbc_abi.h"

static struct AdbcDriver driver;

static void check(AdbcStatusCode status, struct AdbcError* error, const char* what) {
  if (status != ADBC_STATUS_OK) {
    fprintf(stderr, "%s failed (%d): %s\n", what, status, error->message ? error->message : "-");
    exit(1);
  }
}

struct Totals {
  unsigned long long rows, ids, micros, cents, text, flags;
  double amounts;
};

static void scan(struct AdbcConnection* connection, const char* query, struct Totals* totals) {
  struct AdbcError error = {0};
  struct AdbcStatement statement = {0};
  check(driver.StatementNew(connection, &statement, &error), &error, "StatementNew");
  check(driver.StatementSetSqlQuery(&statement, query, &error), &error, "SetSqlQuery");
  struct ArrowArrayStream stream = {0};
  check(driver.StatementExecuteQuery(&statement, &stream, NULL, &error), &error, "ExecuteQuery");
  memset(totals, 0, sizeof *totals);
  for (;;) {
    struct ArrowArray batch = {0};
    if (stream.get_next(&stream, &batch) != 0) {
      fprintf(stderr, "get_next: %s\n", stream.get_last_error(&stream));
      exit(1);
    }
    if (batch.release == NULL) break;
    struct ArrowArray** c = batch.children;
    const int64_t* ids = (const int64_t*)c[0]->buffers[1] + c[0]->offset;
    const double* amounts = (const double*)c[1]->buffers[1] + c[1]->offset;
    const int32_t* offsets = (const int32_t*)c[2]->buffers[1] + c[2]->offset;
    const int64_t* created = (const int64_t*)c[3]->buffers[1] + c[3]->offset;
    const int64_t* prices = (const int64_t*)c[4]->buffers[1] + 2 * c[4]->offset;
    const uint8_t* flags = (const uint8_t*)c[5]->buffers[1];
    for (int64_t i = 0; i < batch.length; i++) {
      totals->ids += (unsigned long long)ids[i];
      totals->amounts += amounts[i];
      totals->text += (unsigned long long)(offsets[i + 1] - offsets[i]);
      totals->micros += (unsigned long long)created[i];
      totals->cents += (unsigned long long)prices[2 * i];
      int64_t bit = c[5]->offset + i;
      totals->flags += (unsigned long long)((flags[bit / 8] >> (bit % 8)) & 1);
    }
    totals->rows += batch.length;
    batch.release(&batch);
  }
  stream.release(&stream);
  check(driver.StatementRelease(&statement, &error), &error, "StatementRelease");
}

int main(int argc, char** argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s <driver.so> <uri> <token> <query> <runs>\n", argv[0]);
    return 2;
  }
  void* library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  struct AdbcError error = {0};
  AdbcDriverInitFunc init = (AdbcDriverInitFunc)dlsym(library, "AdbcDriverInit");
  check(init(ADBC_VERSION_1_1_0, &driver, &error), &error, "AdbcDriverInit");
  struct AdbcDatabase database = {0};
  check(driver.DatabaseNew(&database, &error), &error, "DatabaseNew");
  check(driver.DatabaseSetOption(&database, "uri", argv[2], &error), &error, "uri");
  check(driver.DatabaseSetOption(&database, "adbc.quiver.token", argv[3], &error), &error, "token");
  check(driver.DatabaseSetOption(&database, "adbc.quiver.command_timeout_seconds", "0", &error), &error, "timeout");
  check(driver.DatabaseInit(&database, &error), &error, "DatabaseInit");
  struct AdbcConnection connection = {0};
  check(driver.ConnectionNew(&connection, &error), &error, "ConnectionNew");
  check(driver.ConnectionInit(&connection, &database, &error), &error, "ConnectionInit");

  int runs = atoi(argv[5]);
  struct Totals totals;
  scan(&connection, argv[4], &totals);
  for (int run = 0; run < runs; run++) {
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    scan(&connection, argv[4], &totals);
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("run %.9f\n", (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9);
  }
  printf("totals %llu %llu %llu %llu %llu %llu %.17g\n", totals.rows, totals.ids, totals.micros, totals.cents, totals.text,
         totals.flags, totals.amounts);
  check(driver.ConnectionRelease(&connection, &error), &error, "ConnectionRelease");
  check(driver.DatabaseRelease(&database, &error), &error, "DatabaseRelease");
  return 0;
}
