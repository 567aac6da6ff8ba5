/* W8's C consumer: an ODBC application as BI tools are, through the driver manager (unixODBC's libodbc). Connects
 * with a connection string, runs the wide scan runs + 1 times (the first warms up) with a block cursor of <rowset>
 * rows and columns bound column-wise (id SQL_C_SBIGINT, amount SQL_C_DOUBLE, name SQL_C_CHAR, created
 * SQL_C_TYPE_TIMESTAMP, price SQL_C_NUMERIC(18,2), flag SQL_C_BIT), and touches every value. Prints one line per timed
 * run: "run <seconds>", then "totals <rows> <sum of ids> <sum of seconds of created> <sum of price cents> <text bytes>
 * <true flags> <sum of amounts>".
 * Usage: odbc_scan <connection string> <query> <runs> <rowset> */
#include <sql.h>
#include <sqlext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NAME_SIZE 32

static void fail(SQLSMALLINT type, SQLHANDLE handle, const char* what) {
  SQLCHAR state[6] = "", message[1024] = "";
  SQLINTEGER native = 0;
  SQLSMALLINT length = 0;
  SQLGetDiagRec(type, handle, 1, state, &native, message, sizeof message, &length);
  fprintf(stderr, "%s failed: [%s] %s\n", what, state, message);
  exit(1);
}

#define CHECK(rc, type, handle, what) do { if (!SQL_SUCCEEDED(rc)) fail(type, handle, what); } while (0)

struct Totals {
  unsigned long long rows, ids, seconds, cents, text, flags;
  double amounts;
};

static void scan(SQLHDBC connection, const char* query, SQLULEN rowset, struct Totals* totals) {
  SQLHSTMT statement;
  CHECK(SQLAllocHandle(SQL_HANDLE_STMT, connection, &statement), SQL_HANDLE_DBC, connection, "SQLAllocHandle");
  SQLBIGINT* ids = calloc(rowset, sizeof *ids);
  double* amounts = calloc(rowset, sizeof *amounts);
  char* names = calloc(rowset, NAME_SIZE);
  SQL_TIMESTAMP_STRUCT* created = calloc(rowset, sizeof *created);
  SQL_NUMERIC_STRUCT* prices = calloc(rowset, sizeof *prices);
  unsigned char* flags = calloc(rowset, 1);
  SQLLEN* indicators = calloc(rowset * 6, sizeof *indicators);
  SQLULEN fetched = 0;
  CHECK(SQLSetStmtAttr(statement, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)rowset, 0), SQL_HANDLE_STMT, statement, "ROW_ARRAY_SIZE");
  CHECK(SQLSetStmtAttr(statement, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0), SQL_HANDLE_STMT, statement, "ROWS_FETCHED_PTR");
  CHECK(SQLExecDirect(statement, (SQLCHAR*)query, SQL_NTS), SQL_HANDLE_STMT, statement, "SQLExecDirect");
  CHECK(SQLBindCol(statement, 1, SQL_C_SBIGINT, ids, 8, indicators), SQL_HANDLE_STMT, statement, "bind id");
  CHECK(SQLBindCol(statement, 2, SQL_C_DOUBLE, amounts, 8, indicators + rowset), SQL_HANDLE_STMT, statement, "bind amount");
  CHECK(SQLBindCol(statement, 3, SQL_C_CHAR, names, NAME_SIZE, indicators + 2 * rowset), SQL_HANDLE_STMT, statement, "bind name");
  CHECK(SQLBindCol(statement, 4, SQL_C_TYPE_TIMESTAMP, created, sizeof *created, indicators + 3 * rowset), SQL_HANDLE_STMT, statement, "bind created");
  CHECK(SQLBindCol(statement, 5, SQL_C_NUMERIC, prices, sizeof *prices, indicators + 4 * rowset), SQL_HANDLE_STMT, statement, "bind price");
  CHECK(SQLBindCol(statement, 6, SQL_C_BIT, flags, 1, indicators + 5 * rowset), SQL_HANDLE_STMT, statement, "bind flag");
  /* SQL_C_NUMERIC takes its precision and scale from the row descriptor. */
  SQLHDESC ard;
  CHECK(SQLGetStmtAttr(statement, SQL_ATTR_APP_ROW_DESC, &ard, 0, NULL), SQL_HANDLE_STMT, statement, "APP_ROW_DESC");
  CHECK(SQLSetDescField(ard, 5, SQL_DESC_TYPE, (SQLPOINTER)SQL_C_NUMERIC, 0), SQL_HANDLE_DESC, ard, "SQL_DESC_TYPE");
  CHECK(SQLSetDescField(ard, 5, SQL_DESC_PRECISION, (SQLPOINTER)18, 0), SQL_HANDLE_DESC, ard, "SQL_DESC_PRECISION");
  CHECK(SQLSetDescField(ard, 5, SQL_DESC_SCALE, (SQLPOINTER)2, 0), SQL_HANDLE_DESC, ard, "SQL_DESC_SCALE");
  CHECK(SQLSetDescField(ard, 5, SQL_DESC_DATA_PTR, prices, 0), SQL_HANDLE_DESC, ard, "SQL_DESC_DATA_PTR");
  memset(totals, 0, sizeof *totals);
  for (;;) {
    SQLRETURN rc = SQLFetchScroll(statement, SQL_FETCH_NEXT, 0);
    if (rc == SQL_NO_DATA) break;
    CHECK(rc, SQL_HANDLE_STMT, statement, "SQLFetchScroll");
    for (SQLULEN i = 0; i < fetched; i++) {
      totals->ids += (unsigned long long)ids[i];
      totals->amounts += amounts[i];
      totals->text += (unsigned long long)indicators[2 * rowset + i];
      totals->seconds += (unsigned long long)(created[i].hour * 3600 + created[i].minute * 60 + created[i].second) + created[i].day;
      unsigned long long cents = 0;
      for (int b = 7; b >= 0; b--) cents = (cents << 8) | prices[i].val[b];
      totals->cents += cents;
      totals->flags += flags[i];
    }
    totals->rows += fetched;
  }
  SQLFreeHandle(SQL_HANDLE_STMT, statement);
  free(ids); free(amounts); free(names); free(created); free(prices); free(flags); free(indicators);
}

int main(int argc, char** argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s <connection string> <query> <runs> <rowset>\n", argv[0]);
    return 2;
  }
  SQLHENV environment;
  SQLHDBC connection;
  SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &environment);
  SQLSetEnvAttr(environment, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
  SQLAllocHandle(SQL_HANDLE_DBC, environment, &connection);
  CHECK(SQLDriverConnect(connection, NULL, (SQLCHAR*)argv[1], SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT), SQL_HANDLE_DBC, connection, "SQLDriverConnect");
  int runs = atoi(argv[3]);
  SQLULEN rowset = (SQLULEN)atol(argv[4]);
  struct Totals totals;
  scan(connection, argv[2], rowset, &totals);
  for (int run = 0; run < runs; run++) {
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    scan(connection, argv[2], rowset, &totals);
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("run %.9f\n", (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9);
    fflush(stdout);
  }
  printf("totals %llu %llu %llu %llu %llu %llu %.17g\n", totals.rows, totals.ids, totals.seconds, totals.cents, totals.text,
         totals.flags, totals.amounts);
  SQLDisconnect(connection);
  SQLFreeHandle(SQL_HANDLE_DBC, connection);
  SQLFreeHandle(SQL_HANDLE_ENV, environment);
  return 0;
}
