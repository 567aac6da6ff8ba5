"""pyodbc (Debian's python3-pyodbc) against a Quiver server through libquiverodbc; argv: connection string, table suffix."""
import datetime
import decimal
import sys
import uuid

import pyodbc

connection_string, suffix = sys.argv[1], sys.argv[2]
connection = pyodbc.connect(connection_string, autocommit=True)
cursor = connection.cursor()


def check(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


# fetchmany over a million rows: every row, in order.
cursor.execute("SELECT x, x * 2 AS y FROM range(1000000) t(x) ORDER BY x")
count, total, expected = 0, 0, 0
while True:
    rows = cursor.fetchmany(50000)
    if not rows:
        break
    for x, y in rows:
        if x != expected or y != 2 * x:
            raise AssertionError(f"row {expected}: got {(x, y)!r}")
        expected += 1
    count += len(rows)
check(count, 1000000, "rows from fetchmany")

# Parameters of every Python type, written to typed columns and read back.
table = f"py_{suffix}"
cursor.execute(f"CREATE TABLE {table}(i BIGINT, f DOUBLE, s VARCHAR, b BLOB, flag BOOLEAN, d DATE, t TIME, ts TIMESTAMP, dec DECIMAL(20,6), u UUID, n INTEGER)")
values = (2**62, 6.02e23, "ünïcode ✓ 𝄞", b"\x00\xffbytes", True, datetime.date(2001, 2, 3), datetime.time(4, 5, 6),
          datetime.datetime(2020, 1, 2, 3, 4, 5, 678901), decimal.Decimal("-12345678901234.123456"), uuid.UUID(int=0x1234), None)
cursor.execute(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", *values)
row = cursor.execute(f"SELECT * FROM {table}").fetchone()
read = tuple(row)
check(read[:10], values[:9] + (str(values[9]),), "parameters read back")
check(read[10], None, "NULL parameter")
check(cursor.execute("SELECT ?::VARCHAR, ? + 1", bytearray(b"ab").decode(), 41).fetchone()[1], 42, "int parameter")

# executemany with fast_executemany sends a parameter array (SQL_ATTR_PARAMSET_SIZE) in one call.
cursor.fast_executemany = True
cursor.executemany(f"INSERT INTO {table}(i, s) VALUES (?, ?)", [(n, f"row {n}") for n in range(1000)])
check(tuple(cursor.execute(f"SELECT count(*), sum(i)::BIGINT FROM {table} WHERE s LIKE 'row %'").fetchone()), (1000, 499500), "executemany rows")

# Catalog functions.
tables = [t.table_name for t in cursor.tables(table=table)]
check(tables, [table], "cursor.tables()")
columns = [(c.column_name, c.type_name, c.data_type) for c in cursor.columns(table=table)]
check(columns[0], ("i", "BIGINT", pyodbc.SQL_BIGINT), "first column")
check(columns[9], ("u", "UUID", pyodbc.SQL_GUID), "UUID column")
check(len(columns), 11, "column count")

# Errors carry the server's SQLSTATE.
try:
    cursor.execute("SELECT * FROM missing_table_" + suffix)
    raise AssertionError("a missing table did not fail")
except pyodbc.ProgrammingError as error:
    check(error.args[0], "42P01", "SQLSTATE of a missing table")

print("PASS pyodbc")
