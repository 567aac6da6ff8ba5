using Google.Protobuf;
using Quiver.Arrow;
using Quiver.Protocol.V1;

namespace Quiver.Server.Execution;

/// <summary>
/// GetMetadata's catalog queries over DuckDB's information_schema, run in the caller's session, so a session sees its
/// tenant's database and its own temporary objects. Filters are LIKE patterns bound as parameters.
/// </summary>
internal static class MetadataQueries
{
    private const string Catalogs = """
        SELECT DISTINCT catalog_name FROM information_schema.schemata WHERE catalog_name <> 'system' ORDER BY 1
        """;

    private const string Schemas = """
        SELECT catalog_name, schema_name FROM information_schema.schemata
        WHERE catalog_name <> 'system' AND (? = '' OR catalog_name = ?) AND schema_name LIKE ? ESCAPE '\'
        ORDER BY 1, 2
        """;

    private const string Tables = """
        SELECT table_catalog, table_schema, table_name,
               CASE table_type WHEN 'BASE TABLE' THEN 'TABLE' WHEN 'LOCAL TEMPORARY' THEN 'TEMPORARY TABLE' ELSE table_type END AS table_type,
               TABLE_COMMENT AS remarks
        FROM information_schema.tables
        WHERE table_catalog <> 'system' AND (? = '' OR table_catalog = ?) AND table_schema LIKE ? ESCAPE '\' AND table_name LIKE ? ESCAPE '\'
          AND (? = '' OR list_contains(string_split(?, ','),
               CASE table_type WHEN 'BASE TABLE' THEN 'TABLE' WHEN 'LOCAL TEMPORARY' THEN 'TEMPORARY TABLE' ELSE table_type END))
        ORDER BY 4, 1, 2, 3
        """;

    private const string Columns = """
        SELECT table_catalog, table_schema, table_name, column_name, ordinal_position::INTEGER AS ordinal_position,
               data_type, is_nullable = 'YES' AS is_nullable, column_default,
               numeric_precision::INTEGER AS numeric_precision, numeric_scale::INTEGER AS numeric_scale,
               character_maximum_length::INTEGER AS character_maximum_length, COLUMN_COMMENT AS remarks
        FROM information_schema.columns
        WHERE table_catalog <> 'system' AND (? = '' OR table_catalog = ?) AND table_schema LIKE ? ESCAPE '\' AND table_name LIKE ? ESCAPE '\'
          AND column_name LIKE ? ESCAPE '\'
        ORDER BY 1, 2, 3, 5
        """;

    private const string TypeInfo = """
        SELECT DISTINCT ON (type_name) type_name, logical_type, type_category, type_size::INTEGER AS type_size
        FROM duckdb_types() WHERE internal
        ORDER BY type_name
        """;

    /// <summary>The statement for a request, or null when it names no kind.</summary>
    public static Statement? For(MetadataRequest request) => request.KindCase switch
    {
        MetadataRequest.KindOneofCase.Catalogs => new Statement { Sql = Catalogs },
        MetadataRequest.KindOneofCase.Schemas => With(Schemas, request.Schemas.Catalog, request.Schemas.Catalog, Pattern(request.Schemas.SchemaPattern)),
        MetadataRequest.KindOneofCase.Tables => With(
            Tables, request.Tables.Catalog, request.Tables.Catalog, Pattern(request.Tables.SchemaPattern), Pattern(request.Tables.TablePattern),
            string.Join(',', request.Tables.TableTypes), string.Join(',', request.Tables.TableTypes)),
        MetadataRequest.KindOneofCase.Columns => With(
            Columns, request.Columns.Catalog, request.Columns.Catalog, Pattern(request.Columns.SchemaPattern), Pattern(request.Columns.TablePattern),
            Pattern(request.Columns.ColumnPattern)),
        MetadataRequest.KindOneofCase.TypeInfo => new Statement { Sql = TypeInfo },
        _ => null,
    };

    private static string Pattern(string pattern) => pattern.Length == 0 ? "%" : pattern;

    /// <summary>A statement with <paramref name="values"/> bound, in order, to its <c>?</c> parameters (as VARCHAR).</summary>
    internal static Statement With(string sql, params string[] values)
    {
        var fields = values.Select((_, i) => new ArrowField("p" + (i + 1), ArrowType.Utf8)).ToArray();
        var schema = new ArrowSchema(fields);
        using var builder = new ArrowRecordBatchBuilder(schema);
        for (var i = 0; i < values.Length; i++)
        {
            builder.Column<BinaryArrayBuilder>(i).Append(values[i]);
        }

        using var batch = builder.Build();
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var encoder = new ArrowIpcEncoder(schema);
        encoder.WriteSchema(output);
        encoder.WriteBatch(batch, output);
        return new Statement { Sql = sql, Parameters = ByteString.CopyFrom(output.WrittenSpan) };
    }
}
