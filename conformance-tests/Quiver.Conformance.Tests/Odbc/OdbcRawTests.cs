using System.Runtime.InteropServices;
using System.Text;
using Quiver.Conformance.Tests.Ado;
using static Quiver.Conformance.Tests.Odbc.OdbcNative;

namespace Quiver.Conformance.Tests.Odbc;

/// <summary>
/// libquiverodbc through unixODBC's libodbc, call by call: block cursors (column-wise and row-wise), truncation and
/// its indicators, bad arguments, parameter arrays, data at execution and the catalog's agreement with results.
/// </summary>
public sealed unsafe class OdbcRawTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private const short CChar = 1;
    private const short CWChar = -8;
    private const short CSBigInt = -25;
    private const short CSLong = -16;
    private const short CSTinyInt = -26;
    private const short CDouble = 8;

    private OdbcSession Open()
    {
        OdbcDriver.EnsureAsync().GetAwaiter().GetResult();
        return new OdbcSession(OdbcDriver.ConnectionString(fixture.Server));
    }

    [Fact]
    public void A_column_wise_block_cursor_fetches_every_row_a_rowset_at_a_time()
    {
        using var session = Open();
        const int Rowset = 1000;
        var ids = new long[Rowset];
        var texts = new byte[Rowset * 16];
        var halves = new double[Rowset];
        var idIndicators = new nint[Rowset];
        var textIndicators = new nint[Rowset];
        var halfIndicators = new nint[Rowset];
        var status = new ushort[Rowset];
        nuint fetched = 0;
        session.Exec("SELECT x, 'v' || x::VARCHAR, CASE WHEN x % 7 = 0 THEN NULL ELSE x * 0.5 END FROM range(10000) t(x) ORDER BY x");
        fixed (long* id = ids)
        fixed (byte* text = texts)
        fixed (double* half = halves)
        fixed (nint* idInd = idIndicators, textInd = textIndicators, halfInd = halfIndicators)
        fixed (ushort* rowStatus = status)
        {
            var s = session.Statement;
            session.Ok(SQLSetStmtAttrW(s, 27, Rowset, 0), "ROW_ARRAY_SIZE");
            session.Ok(SQLSetStmtAttrW(s, 25, (nint)rowStatus, 0), "ROW_STATUS_PTR");
            session.Ok(SQLSetStmtAttrW(s, 26, (nint)(&fetched), 0), "ROWS_FETCHED_PTR");
            session.Ok(SQLBindCol(s, 1, CSBigInt, id, 8, idInd), "bind 1");
            session.Ok(SQLBindCol(s, 2, CChar, text, 16, textInd), "bind 2");
            session.Ok(SQLBindCol(s, 3, CDouble, half, 8, halfInd), "bind 3");
            var total = 0L;
            short rc;
            while ((rc = SQLFetchScroll(s, 1, 0)) == Success)
            {
                Assert.Equal((nuint)Rowset, fetched);
                for (var i = 0; i < Rowset; i++)
                {
                    var x = total + i;
                    Assert.Equal(0, status[i]);
                    Assert.Equal(x, ids[i]);
                    var expected = "v" + x;
                    Assert.Equal(expected.Length, (int)textIndicators[i]);
                    Assert.Equal(expected, Encoding.UTF8.GetString(texts, i * 16, (int)textIndicators[i]));
                    if (x % 7 == 0)
                    {
                        Assert.Equal(-1, (int)halfIndicators[i]);
                    }
                    else
                    {
                        Assert.Equal(x * 0.5, halves[i]);
                    }
                }

                total += (long)fetched;
            }

            Assert.True(rc == NoData, $"SQLFetchScroll returned {rc}: {session.StatementDiagnostic}");
            Assert.Equal(10000, total);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Row
    {
        public long Id;
        public nint IdIndicator;
        public fixed byte Name[24];
        public nint NameIndicator;
    }

    [Fact]
    public void A_row_wise_block_cursor_fills_structs_and_marks_the_rows_past_the_end()
    {
        using var session = Open();
        const int Rowset = 333;
        var rows = new Row[Rowset];
        var status = new ushort[Rowset];
        nuint fetched = 0;
        session.Exec("SELECT x, 'name ' || x::VARCHAR FROM range(1000) t(x) ORDER BY x");
        fixed (Row* row = rows)
        fixed (ushort* rowStatus = status)
        {
            var s = session.Statement;
            session.Ok(SQLSetStmtAttrW(s, 5, sizeof(Row), 0), "ROW_BIND_TYPE");
            session.Ok(SQLSetStmtAttrW(s, 27, Rowset, 0), "ROW_ARRAY_SIZE");
            session.Ok(SQLSetStmtAttrW(s, 25, (nint)rowStatus, 0), "ROW_STATUS_PTR");
            session.Ok(SQLSetStmtAttrW(s, 26, (nint)(&fetched), 0), "ROWS_FETCHED_PTR");
            session.Ok(SQLBindCol(s, 1, CSBigInt, &row->Id, 8, &row->IdIndicator), "bind 1");
            session.Ok(SQLBindCol(s, 2, CChar, row->Name, 24, &row->NameIndicator), "bind 2");
            var seen = 0;
            var last = 0;
            while (SQLFetchScroll(s, 1, 0) == Success)
            {
                last = (int)fetched;
                for (var i = 0; i < (int)fetched; i++)
                {
                    Assert.Equal(seen + i, rows[i].Id);
                    var name = "name " + (seen + i);
                    fixed (byte* text = rows[i].Name)
                    {
                        Assert.Equal(name, Encoding.UTF8.GetString(text, (int)rows[i].NameIndicator));
                    }
                }

                seen += (int)fetched;
                if ((int)fetched < Rowset)
                {
                    Assert.All(status[(int)fetched..], s => Assert.Equal(3, s)); // SQL_ROW_NOROW
                }
            }

            Assert.Equal(1000, seen);
            Assert.Equal(1000 % Rowset, last);
            Assert.Equal(0, (int)fetched); // SQL_NO_DATA fetches no rows
        }
    }

    [Fact]
    public void A_bound_buffer_too_small_gets_01004_the_full_length_and_a_terminated_prefix()
    {
        using var session = Open();
        session.Exec("SELECT 'abcdefgh' AS s, 'zz' AS t");
        var buffer = stackalloc byte[4];
        nint indicator;
        session.Ok(SQLBindCol(session.Statement, 1, CChar, buffer, 4, &indicator), "bind");
        Assert.Equal(SuccessWithInfo, SQLFetch(session.Statement));
        Assert.Equal("01004", session.StatementDiagnostic.State);
        Assert.Equal(8, (int)indicator);
        Assert.Equal("abc", Encoding.UTF8.GetString(buffer, 3));
        Assert.Equal(0, buffer[3]);
    }

    [Fact]
    public void SQLGetData_returns_long_text_in_parts_then_SQL_NO_DATA()
    {
        using var session = Open();
        session.Exec("SELECT 'abcdefgh', 'ÅÄÖ✓xyz'");
        Assert.Equal(Success, SQLFetch(session.Statement));
        var narrow = stackalloc byte[4];
        var parts = new List<string>();
        nint indicator;
        short rc;
        while ((rc = SQLGetData(session.Statement, 1, CChar, narrow, 4, &indicator)) is Success or SuccessWithInfo)
        {
            parts.Add(Encoding.UTF8.GetString(narrow, Math.Min(3, (int)indicator)));
            Assert.Equal(rc == SuccessWithInfo, indicator > 3);
        }

        Assert.Equal(NoData, rc);
        Assert.Equal(["abc", "def", "gh"], parts);

        var wide = stackalloc char[3];
        var text = new StringBuilder();
        while ((rc = SQLGetData(session.Statement, 2, CWChar, wide, 6, &indicator)) is Success or SuccessWithInfo)
        {
            text.Append(new string(wide, 0, Math.Min(2, (int)indicator / 2)));
        }

        Assert.Equal(NoData, rc);
        Assert.Equal("ÅÄÖ✓xyz", text.ToString());
    }

    [Fact]
    public void Bad_arguments_get_their_SQLSTATE_and_the_statement_stays_usable()
    {
        using var session = Open();
        var s = session.Statement;
        Assert.Equal(Error, SQLSetStmtAttrW(s, 123456, 1, 0));
        Assert.Equal("HY092", session.StatementDiagnostic.State);

        var value = stackalloc byte[8];
        Assert.Equal(Error, SQLBindCol(s, 1, 12345, value, 8, null));
        Assert.Equal("HY003", session.StatementDiagnostic.State);

        session.Exec("SELECT NULL::INTEGER, 300, 'x'");
        Assert.Equal(Success, SQLFetch(s));
        Assert.Equal(Error, SQLGetData(s, 1, CSLong, value, 4, null));
        Assert.Equal("22002", session.StatementDiagnostic.State);
        nint indicator;
        Assert.Equal(Error, SQLGetData(s, 2, CSTinyInt, value, 1, &indicator));
        Assert.Equal("22003", session.StatementDiagnostic.State);
        Assert.Equal(Error, SQLGetData(s, 3, CChar, value, -5, &indicator));
        Assert.Equal("HY090", session.StatementDiagnostic.State);
        Assert.Equal(Error, SQLGetData(s, 9, CChar, value, 8, &indicator));
        Assert.Equal("07009", session.StatementDiagnostic.State);
        Assert.Equal(Error, SQLGetData(s, 3, CSLong, value, 4, &indicator));
        Assert.Equal("22018", session.StatementDiagnostic.State);
        Assert.Equal(Success, SQLGetData(s, 3, CChar, value, 8, &indicator));
        Assert.Equal("x", Encoding.UTF8.GetString(value, (int)indicator));
        Assert.Equal(NoData, SQLFetch(s));
        Assert.Equal(Error, SQLFetchScroll(s, 2, 0)); // SQL_FETCH_FIRST on a forward-only cursor
        Assert.Equal("HY106", session.StatementDiagnostic.State);
        session.Ok(SQLCloseCursor(s), "SQLCloseCursor");
        session.Exec("SELECT 1");
    }

    [Fact]
    public void A_parameter_array_inserts_every_row_in_one_call_and_reports_a_status_per_row()
    {
        using var session = Open();
        var table = "odbc_arr_" + Guid.NewGuid().ToString("N")[..8];
        session.Exec($"CREATE TABLE {table}(id INTEGER NOT NULL, name VARCHAR)");
        var s = session.Statement;
        const int Rows = 4;
        var ids = new int[] { 1, 2, 3, 4 };
        var idIndicators = new nint[] { 0, 0, -1, 0 }; // the third row is NULL, which the table refuses
        var names = Encoding.UTF8.GetBytes("one\0\0two\0\0thr\0\0fou\0\0");
        var nameIndicators = new nint[] { Nts, Nts, Nts, -1 };
        var status = new ushort[Rows];
        nuint processed = 0;
        fixed (int* id = ids)
        fixed (nint* idInd = idIndicators, nameInd = nameIndicators)
        fixed (byte* name = names)
        fixed (ushort* paramStatus = status)
        {
            session.Ok(SQLPrepareW(s, $"INSERT INTO {table} VALUES (?, ?)", Nts), "prepare");
            session.Ok(SQLSetStmtAttrW(s, 22, Rows, 0), "PARAMSET_SIZE");
            session.Ok(SQLSetStmtAttrW(s, 20, (nint)paramStatus, 0), "PARAM_STATUS_PTR");
            session.Ok(SQLSetStmtAttrW(s, 21, (nint)(&processed), 0), "PARAMS_PROCESSED_PTR");
            session.Ok(SQLBindParameter(s, 1, 1, CSLong, 4, 0, 0, id, 4, idInd), "bind 1");
            session.Ok(SQLBindParameter(s, 2, 1, CChar, 12, 4, 0, name, 5, nameInd), "bind 2");
            Assert.Equal(Error, SQLExecute(s));
            Assert.Equal((nuint)Rows, processed);
            Assert.Equal(new ushort[] { 0, 0, 5, 7 }, status); // success, success, error, unused
            idIndicators[2] = 0;
            session.Ok(SQLExecute(s), "execute again");
            session.Ok(SQLRowCount(s, out var count), "row count");
            Assert.Equal(4, (int)count);
            Assert.Equal(new ushort[] { 0, 0, 0, 0 }, status);
        }

        using var check = Open();
        check.Exec($"SELECT string_agg(id::VARCHAR || ':' || coalesce(name, '-'), ',' ORDER BY id) FROM {table}");
        Assert.Equal(Success, SQLFetch(check.Statement));
        var text = stackalloc byte[64];
        nint indicator;
        check.Ok(SQLGetData(check.Statement, 1, CChar, text, 64, &indicator), "get");
        // Autocommit: the two rows reported successful by the first call were inserted, the unused one was not.
        Assert.Equal("1:one,1:one,2:two,2:two,3:thr,4:-", Encoding.UTF8.GetString(text, (int)indicator));
    }

    [Fact]
    public void Data_at_execution_sends_a_parameter_in_parts()
    {
        using var session = Open();
        var s = session.Statement;
        nint atExecution = -2;
        session.Ok(SQLPrepareW(s, "SELECT ? || '!'", Nts), "prepare");
        session.Ok(SQLBindParameter(s, 1, 1, CChar, 12, 100, 0, (void*)7, 0, &atExecution), "bind");
        Assert.Equal(NeedData, SQLExecute(s));
        Assert.Equal(NeedData, SQLParamData(s, out var token));
        Assert.Equal(7, (int)token);
        var first = "hello, "u8.ToArray();
        var second = "world"u8.ToArray();
        fixed (byte* a = first, b = second)
        {
            session.Ok(SQLPutData(s, a, first.Length), "put 1");
            session.Ok(SQLPutData(s, b, second.Length), "put 2");
        }

        session.Ok(SQLParamData(s, out _), "last SQLParamData runs the statement");
        Assert.Equal(Success, SQLFetch(s));
        var text = stackalloc byte[64];
        nint indicator;
        session.Ok(SQLGetData(s, 1, CChar, text, 64, &indicator), "get");
        Assert.Equal("hello, world!", Encoding.UTF8.GetString(text, (int)indicator));
    }

    [Fact]
    public void SQLMoreResults_walks_the_result_sets_of_several_statements_and_SQLRowCount_counts_the_rows_changed_before_them()
    {
        using var session = Open();
        var s = session.Statement;
        var table = "odbc_more_" + Guid.NewGuid().ToString("N")[..8];
        session.Exec($"CREATE TABLE {table}(x INTEGER); INSERT INTO {table} VALUES (1), (2), (3); SELECT sum(x)::INTEGER FROM {table}; SELECT 'last'");
        var numbers = new List<string>();
        var text = stackalloc byte[16];
        nint indicator;
        short rc;
        do
        {
            session.Ok(SQLNumResultCols(s, out var columns), "SQLNumResultCols");
            session.Ok(SQLRowCount(s, out var count), "SQLRowCount");
            if (columns == 0)
            {
                numbers.Add("rows " + count);
                continue;
            }

            Assert.Equal(Success, SQLFetch(s));
            session.Ok(SQLGetData(s, 1, CChar, text, 16, &indicator), "get");
            numbers.Add(Encoding.UTF8.GetString(text, (int)indicator) + " after rows " + count);
            Assert.Equal(NoData, SQLFetch(s));
        }
        while ((rc = SQLMoreResults(s)) == Success);

        Assert.Equal(NoData, rc);
        // Statements without a result set are not results of their own (as in Quiver.Data): their changed rows count on.
        Assert.Equal(["6 after rows 3", "last after rows 3"], numbers);
    }

    [Fact]
    public void SQLDescribeParam_gives_the_types_DuckDB_infers()
    {
        using var session = Open();
        var s = session.Statement;
        session.Ok(SQLPrepareW(s, "SELECT ?::INTEGER + 1, ?::VARCHAR, ?::DATE", Nts), "prepare");
        session.Ok(SQLNumParams(s, out var count), "SQLNumParams");
        Assert.Equal(3, count);
        session.Ok(SQLDescribeParam(s, 1, out var type1, out _, out _, out _), "describe 1");
        session.Ok(SQLDescribeParam(s, 2, out var type2, out _, out _, out _), "describe 2");
        session.Ok(SQLDescribeParam(s, 3, out var type3, out _, out _, out _), "describe 3");
        Assert.Equal([4, -9, 91], new[] { type1, type2, type3 });
    }

    [Fact]
    public void SQLColumns_reports_the_type_size_and_digits_SQLDescribeCol_reports_for_the_tables_columns()
    {
        using var session = Open();
        var table = "odbc_types_" + Guid.NewGuid().ToString("N")[..8];
        session.Exec($"CREATE TABLE {table}(a BOOLEAN, b TINYINT, c SMALLINT, d INTEGER, e BIGINT, f UBIGINT, g FLOAT, h DOUBLE, i DECIMAL(9,3), j HUGEINT, k VARCHAR, l BLOB, m DATE, n TIME, o TIMESTAMP, p TIMESTAMPTZ, q UUID, r INTERVAL, s INTEGER[], t STRUCT(x INTEGER), u TIMESTAMP_MS, v UHUGEINT, w TIMETZ, x UINTEGER)");
        var statement = session.Statement;
        session.Ok(SQLColumnsW(statement, null, 0, null, 0, table, Nts, null, 0), "SQLColumns");
        var catalog = new Dictionary<string, (short Type, long Size, short Digits)>();
        var name = stackalloc byte[128];
        while (SQLFetch(statement) == Success)
        {
            nint length, isNull;
            short type = 0, digits = 0;
            int size = 0;
            session.Ok(SQLGetData(statement, 4, CChar, name, 128, &length), "COLUMN_NAME");
            session.Ok(SQLGetData(statement, 5, 5, &type, 2, &isNull), "DATA_TYPE");
            session.Ok(SQLGetData(statement, 7, CSLong, &size, 4, &isNull), "COLUMN_SIZE");
            session.Ok(SQLGetData(statement, 9, 5, &digits, 2, &isNull), "DECIMAL_DIGITS");
            catalog[Encoding.UTF8.GetString(name, (int)length)] = (type, size, isNull == -1 ? (short)0 : digits);
        }

        session.Ok(SQLCloseCursor(statement), "close");
        session.Ok(SQLPrepareW(statement, $"SELECT * FROM {table}", Nts), "prepare");
        session.Ok(SQLNumResultCols(statement, out var columns), "SQLNumResultCols");
        Assert.Equal(catalog.Count, columns);
        var columnName = stackalloc char[64];
        for (ushort i = 1; i <= columns; i++)
        {
            session.Ok(SQLDescribeColW(statement, i, columnName, 64, out var nameLength, out var sqlType, out var size, out var digits, out _), "SQLDescribeCol");
            var column = new string(columnName, 0, nameLength);
            Assert.True(catalog[column] == (sqlType, (long)size, digits), $"{column}: SQLColumns says {catalog[column]}, SQLDescribeCol ({sqlType}, {size}, {digits})");
        }
    }

    [Fact]
    public void Primary_and_foreign_keys_and_the_best_row_identifier_come_from_DuckDBs_constraints()
    {
        using var session = Open();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        session.Exec($"CREATE TABLE parent_{suffix}(a INTEGER, b VARCHAR, PRIMARY KEY (a, b)); CREATE TABLE child_{suffix}(id INTEGER PRIMARY KEY, pa INTEGER, pb VARCHAR, FOREIGN KEY (pa, pb) REFERENCES parent_{suffix}(a, b))");
        var s = session.Statement;
        session.Ok(SQLPrimaryKeysW(s, null, 0, null, 0, "parent_" + suffix, Nts), "SQLPrimaryKeys");
        Assert.Equal(["a:1", "b:2"], Rows(session, 4, 5));
        session.Ok(SQLForeignKeysW(s, null, 0, null, 0, null, 0, null, 0, null, 0, "child_" + suffix, Nts), "SQLForeignKeys");
        Assert.Equal([$"parent_{suffix}.a->child_{suffix}.pa:1", $"parent_{suffix}.b->child_{suffix}.pb:2"], ForeignKeyRows(session));
        session.Ok(SQLForeignKeysW(s, null, 0, null, 0, "parent_" + suffix, Nts, null, 0, null, 0, null, 0), "SQLForeignKeys exported");
        Assert.Equal(2, ForeignKeyRows(session).Count);
        session.Ok(SQLSpecialColumnsW(s, 1, null, 0, null, 0, "child_" + suffix, Nts, 2, 1), "SQLSpecialColumns");
        Assert.Equal(["id:4"], Rows(session, 2, 3));
    }

    /// <summary>Each row's two columns as "first:second" text.</summary>
    private static List<string> Rows(OdbcSession session, ushort first, ushort second)
    {
        var rows = new List<string>();
        var a = stackalloc byte[128];
        var b = stackalloc byte[128];
        while (SQLFetch(session.Statement) == Success)
        {
            nint la, lb;
            session.Ok(SQLGetData(session.Statement, first, CChar, a, 128, &la), "get");
            session.Ok(SQLGetData(session.Statement, second, CChar, b, 128, &lb), "get");
            rows.Add(Encoding.UTF8.GetString(a, (int)la) + ":" + Encoding.UTF8.GetString(b, (int)lb));
        }

        SQLCloseCursor(session.Statement);
        return rows;
    }

    private static List<string> ForeignKeyRows(OdbcSession session)
    {
        var rows = new List<string>();
        var text = stackalloc byte[128];
        string Get(ushort column)
        {
            nint length;
            session.Ok(SQLGetData(session.Statement, column, CChar, text, 128, &length), "get");
            return Encoding.UTF8.GetString(text, (int)length);
        }

        while (SQLFetch(session.Statement) == Success)
        {
            rows.Add($"{Get(3)}.{Get(4)}->{Get(7)}.{Get(8)}:{Get(9)}");
        }

        SQLCloseCursor(session.Statement);
        return rows;
    }

    [Fact]
    public void SQLGetInfo_and_SQLGetFunctions_describe_the_driver_honestly()
    {
        using var session = Open();
        var buffer = stackalloc char[64];
        Assert.Equal(Success, SQLGetInfoW(session.Connection, 17, buffer, 128, out var length)); // SQL_DBMS_NAME
        Assert.Equal("Quiver", new string(buffer, 0, length / 2));
        Assert.Equal(Success, SQLGetInfoW(session.Connection, 29, buffer, 128, out length)); // SQL_IDENTIFIER_QUOTE_CHAR
        Assert.Equal("\"", new string(buffer, 0, length / 2));
        uint mask;
        Assert.Equal(Success, SQLGetInfoW(session.Connection, 44, &mask, 4, out _)); // SQL_SCROLL_OPTIONS
        Assert.Equal(1u, mask); // forward-only
        var functions = stackalloc ushort[250];
        Assert.Equal(Success, SQLGetFunctions(session.Connection, 999, functions));
        bool Has(int id) => (functions[id >> 4] & (1 << (id & 0xF))) != 0;
        Assert.True(Has(1021), "SQLFetchScroll");
        Assert.True(Has(72), "SQLBindParameter");
        Assert.True(Has(65), "SQLPrimaryKeys");
        Assert.False(Has(68), "SQLSetPos is not implemented");
    }
}
