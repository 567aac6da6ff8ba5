using Google.Protobuf;
using Quiver.Arrow;
using Quiver.Protocol.V1;
using Quiver.Server.Grpc;

namespace Quiver.Server.Flight;

/// <summary>
/// CommandGetTables with include_schema: the table list, then each table's Arrow schema (its IPC schema message, as
/// DuckDB describes <c>SELECT *</c> from it, with the types quiver.v1 would send) in a binary table_schema column.
/// </summary>
internal static class FlightTableSchemas
{
    public static readonly ArrowSchema Schema = new(
    [
        new ArrowField("catalog_name", ArrowType.Utf8), new ArrowField("db_schema_name", ArrowType.Utf8),
        new ArrowField("table_name", ArrowType.Utf8, nullable: false), new ArrowField("table_type", ArrowType.Utf8, nullable: false),
        new ArrowField("table_schema", ArrowType.Binary, nullable: false),
    ]);

    /// <summary>Collects the rows of an operation's first result set, all columns as text.</summary>
    public sealed class Rows : IOperationSink
    {
        private ArrowIpcDecoder? _decoder;

        public List<string?[]> Values { get; } = [];

        public Error? Error { get; private set; }

        public Task StartAsync() => Task.CompletedTask;

        public ValueTask WriteAsync(ExecuteEvent message, bool followedAtOnce = false)
        {
            switch (message.EventCase)
            {
                case ExecuteEvent.EventOneofCase.ResultSetStart when _decoder is null:
                    _decoder = new ArrowIpcDecoder();
                    _decoder.Decode(message.ResultSetStart.ArrowSchema.Memory);
                    break;
                case ExecuteEvent.EventOneofCase.Batch when _decoder is not null:
                    var bytes = message.Batch.ArrowMessages.Memory;
                    while (!bytes.IsEmpty)
                    {
                        var decoded = _decoder.Decode(bytes, out var consumed);
                        bytes = bytes[consumed..];
                        if (decoded.Batch is { } batch)
                        {
                            for (var row = 0; row < batch.Length; row++)
                            {
                                Values.Add([.. batch.Columns.Select(column => column.IsNull(row) ? null : ((BinaryArray)column).GetString(row))]);
                            }
                        }
                    }

                    break;
                case ExecuteEvent.EventOneofCase.OperationEnd:
                    Error = message.OperationEnd.Error;
                    break;
            }

            return ValueTask.CompletedTask;
        }
    }

    // The table's columns as text, in order: name, DuckDB type, precision (or character length), scale, default.
    private const string ColumnsOf = """
        SELECT column_name, data_type, coalesce(numeric_precision, character_maximum_length)::VARCHAR,
               numeric_scale::VARCHAR, column_default
        FROM information_schema.columns
        WHERE table_catalog = ? AND table_schema = ? AND table_name = ?
        ORDER BY ordinal_position
        """;

    /// <summary>The statement reading a table's column facts for <see cref="WithColumnMetadata"/>.</summary>
    public static Statement Columns(string? catalog, string? schema, string table)
        => Execution.MetadataQueries.With(ColumnsOf, catalog ?? "", schema ?? "", table);

    /// <summary>
    /// A table's IPC schema with Flight SQL's ARROW:FLIGHT:SQL:* field metadata (what JDBC and ODBC drivers show as the
    /// column's type name, precision and scale), from <paramref name="columns"/>' rows (see <see cref="Columns"/>).
    /// </summary>
    public static ByteString WithColumnMetadata(ByteString tableSchema, string?[] table, List<string?[]> columns)
    {
        var schema = new ArrowIpcDecoder().Decode(tableSchema.Memory).Schema
            ?? throw new InvalidOperationException("A table's described schema has no schema message.");
        var byName = columns.Where(c => c[0] is not null).GroupBy(c => c[0]!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var fields = schema.Fields.Select(field =>
        {
            if (!byName.TryGetValue(field.Name, out var column))
            {
                return field;
            }

            var metadata = new Dictionary<string, string>(field.Metadata, StringComparer.Ordinal)
            {
                ["ARROW:FLIGHT:SQL:CATALOG_NAME"] = table[0] ?? "",
                ["ARROW:FLIGHT:SQL:DB_SCHEMA_NAME"] = table[1] ?? "",
                ["ARROW:FLIGHT:SQL:TABLE_NAME"] = table[2] ?? "",
                ["ARROW:FLIGHT:SQL:TYPE_NAME"] = column[1] ?? "",
                ["ARROW:FLIGHT:SQL:IS_AUTO_INCREMENT"] = column[4]?.StartsWith("nextval(", StringComparison.Ordinal) == true ? "1" : "0",
                ["ARROW:FLIGHT:SQL:IS_CASE_SENSITIVE"] = column[1]?.StartsWith("VARCHAR", StringComparison.Ordinal) == true ? "1" : "0",
                ["ARROW:FLIGHT:SQL:IS_READ_ONLY"] = "0",
                ["ARROW:FLIGHT:SQL:IS_SEARCHABLE"] = "1",
            };
            if (column[2] is { } precision)
            {
                metadata["ARROW:FLIGHT:SQL:PRECISION"] = precision;
            }

            if (column[3] is { } scale)
            {
                metadata["ARROW:FLIGHT:SQL:SCALE"] = scale;
            }

            return new ArrowField(field.Name, field.Type, field.IsNullable, field.Dictionary, metadata);
        }).ToList();
        return FlightSchemas.Encode(new ArrowSchema(fields, schema.Metadata));
    }

    public static string SelectAllFrom(string? catalog, string? schema, string table)
        => "SELECT * FROM " + string.Join('.', new[] { catalog, schema, table }.Where(p => p is not null).Select(p => "\"" + p!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    /// <summary>The table list with schemas as IPC messages (schema, one batch), ready to send.</summary>
    public static byte[] Encode(IReadOnlyList<(string?[] Row, ByteString TableSchema)> tables)
    {
        using var builder = new ArrowRecordBatchBuilder(Schema);
        foreach (var (row, tableSchema) in tables)
        {
            for (var i = 0; i < 4; i++)
            {
                var column = builder.Column<BinaryArrayBuilder>(i);
                if (row[i] is { } value)
                {
                    column.Append(value);
                }
                else
                {
                    column.AppendNull();
                }
            }

            builder.Column<BinaryArrayBuilder>(4).Append(tableSchema.Span);
        }

        using var batch = builder.Build();
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var encoder = new ArrowIpcEncoder(Schema);
        encoder.WriteSchema(output);
        encoder.WriteBatch(batch, output);
        return output.WrittenSpan.ToArray();
    }
}
