using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Quiver.Protocol.V1;
using Quiver.Server.Execution;
using Quiver.Server.Flight.Protocol;
using Quiver.Server.Flight.Sql;

namespace Quiver.Server.Flight;

/// <summary>
/// The Flight SQL commands the server answers, as the statements that answer them. Metadata commands reuse the
/// quiver.v1 catalog queries (run in the caller's session, filters bound as parameters) with Flight SQL's column names.
/// </summary>
internal static class FlightSqlCommands
{
    private const string TypeUrlPrefix = "type.googleapis.com/";

    /// <summary>The statement a descriptor's or ticket's command stands for.</summary>
    public static Statement StatementFor(Any command, FlightConnection connection)
    {
        if (Is(command, CommandPreparedStatementQuery.Descriptor))
        {
            var prepared = connection.Prepared(CommandPreparedStatementQuery.Parser.ParseFrom(command.Value).PreparedStatementHandle);
            connection.CheckTransaction(prepared.Transaction);
            return prepared.Statement;
        }

        if (Is(command, TicketStatementQuery.Descriptor) || Is(command, CommandStatementQuery.Descriptor))
        {
            var query = Is(command, CommandStatementQuery.Descriptor)
                ? CommandStatementQuery.Parser.ParseFrom(command.Value)
                : QueryOfHandle(TicketStatementQuery.Parser.ParseFrom(command.Value).StatementHandle);
            connection.CheckTransaction(query.HasTransactionId ? query.TransactionId : null);
            return new Statement { Sql = query.Query };
        }

        if (Is(command, CommandGetCatalogs.Descriptor))
        {
            return Wrap("SELECT catalog_name FROM ({0}) ORDER BY 1", new MetadataRequest { Catalogs = new CatalogsRequest() });
        }

        if (Is(command, CommandGetDbSchemas.Descriptor))
        {
            var schemas = CommandGetDbSchemas.Parser.ParseFrom(command.Value);
            return Wrap(
                "SELECT catalog_name, schema_name AS db_schema_name FROM ({0}) ORDER BY 1, 2",
                new MetadataRequest { Schemas = new SchemasRequest { Catalog = schemas.Catalog, SchemaPattern = schemas.DbSchemaFilterPattern } });
        }

        if (Is(command, CommandGetTables.Descriptor))
        {
            var tables = CommandGetTables.Parser.ParseFrom(command.Value);
            var request = new TablesRequest { Catalog = tables.Catalog, SchemaPattern = tables.DbSchemaFilterPattern, TablePattern = tables.TableNameFilterPattern };
            request.TableTypes.AddRange(tables.TableTypes);
            return Wrap(
                "SELECT table_catalog AS catalog_name, table_schema AS db_schema_name, table_name, table_type FROM ({0}) ORDER BY 1, 2, 3, 4",
                new MetadataRequest { Tables = request });
        }

        if (Is(command, CommandGetPrimaryKeys.Descriptor))
        {
            var keys = CommandGetPrimaryKeys.Parser.ParseFrom(command.Value);
            return FlightSqlKeys.Primary(keys.Catalog, keys.DbSchema, keys.Table);
        }

        if (Is(command, CommandGetExportedKeys.Descriptor))
        {
            var keys = CommandGetExportedKeys.Parser.ParseFrom(command.Value);
            return FlightSqlKeys.Exported(keys.Catalog, keys.DbSchema, keys.Table);
        }

        if (Is(command, CommandGetImportedKeys.Descriptor))
        {
            var keys = CommandGetImportedKeys.Parser.ParseFrom(command.Value);
            return FlightSqlKeys.Imported(keys.Catalog, keys.DbSchema, keys.Table);
        }

        if (Is(command, CommandGetCrossReference.Descriptor))
        {
            var keys = CommandGetCrossReference.Parser.ParseFrom(command.Value);
            return FlightSqlKeys.CrossReference(keys.PkCatalog, keys.PkDbSchema, keys.PkTable, keys.FkCatalog, keys.FkDbSchema, keys.FkTable);
        }

        if (Is(command, CommandGetXdbcTypeInfo.Descriptor))
        {
            var types = CommandGetXdbcTypeInfo.Parser.ParseFrom(command.Value);
            return FlightXdbcTypes.For(types.HasDataType ? types.DataType : null);
        }

        if (Is(command, CommandGetTableTypes.Descriptor))
        {
            return new Statement { Sql = "SELECT table_type FROM (VALUES ('TABLE'), ('TEMPORARY TABLE'), ('VIEW')) t(table_type) ORDER BY 1" };
        }

        throw new RpcException(new global::Grpc.Core.Status(
            StatusCode.Unimplemented, $"The Flight SQL command '{command.TypeUrl}' is not supported by this server (docs/flight-sql.md lists the ones that are)."));
    }

    /// <summary>The ticket that redeems a command: a statement carries its SQL, a metadata command itself.</summary>
    public static Ticket TicketFor(Any command)
    {
        // A prepared statement's ticket is its command: DoGet finds the statement and its bound values by handle.
        // A statement's handle is the query command itself (its SQL and transaction): nothing waits on the server for the DoGet.
        var ticket = Is(command, CommandStatementQuery.Descriptor)
            ? Any.Pack(new TicketStatementQuery { StatementHandle = command.Value })
            : command;
        return new Ticket { Ticket_ = ticket.ToByteString() };
    }

    /// <summary>
    /// The ingest a CommandStatementIngest asks for. Its two table options map onto the server's modes; the pairs no mode
    /// expresses (replace only an existing table, or fail both ways) are refused, as is leaving either unspecified.
    /// </summary>
    public static IngestTarget IngestTarget(CommandStatementIngest ingest)
    {
        var options = ingest.TableDefinitionOptions ?? new CommandStatementIngest.Types.TableDefinitionOptions();
        var mode = (options.IfNotExist, options.IfExists) switch
        {
            (CommandStatementIngest.Types.TableDefinitionOptions.Types.TableNotExistOption.Create,
             CommandStatementIngest.Types.TableDefinitionOptions.Types.TableExistsOption.Fail) => IngestMode.Create,
            (CommandStatementIngest.Types.TableDefinitionOptions.Types.TableNotExistOption.Create,
             CommandStatementIngest.Types.TableDefinitionOptions.Types.TableExistsOption.Append) => IngestMode.CreateAppend,
            (CommandStatementIngest.Types.TableDefinitionOptions.Types.TableNotExistOption.Create,
             CommandStatementIngest.Types.TableDefinitionOptions.Types.TableExistsOption.Replace) => IngestMode.Replace,
            (CommandStatementIngest.Types.TableDefinitionOptions.Types.TableNotExistOption.Fail,
             CommandStatementIngest.Types.TableDefinitionOptions.Types.TableExistsOption.Append) => IngestMode.Append,
            _ => throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument,
                $"CommandStatementIngest's table options ({options.IfNotExist}, {options.IfExists}) are not served: use CREATE with FAIL, APPEND or REPLACE, or FAIL with APPEND.")),
        };
        return new IngestTarget
        {
            Table = ingest.Table,
            Schema = ingest.HasSchema ? ingest.Schema : "",
            Catalog = ingest.HasCatalog ? ingest.Catalog : "",
            Temporary = ingest.Temporary,
            Mode = mode,
        };
    }

    public static Any Parse(ByteString bytes, string what)
    {
        Any? any = null;
        try
        {
            any = Any.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
        }

        return any is not null && any.TypeUrl.StartsWith(TypeUrlPrefix, StringComparison.Ordinal)
            ? any
            : throw new RpcException(new global::Grpc.Core.Status(
                StatusCode.InvalidArgument, $"The {what} is not a Flight SQL command (a google.protobuf.Any of an arrow.flight.protocol.sql message)."));
    }

    /// <summary>Whether the command asks for the tables' schemas too (answered by FlightTableSchemas, not by SQL alone).</summary>
    public static bool WantsTableSchemas(Any command)
        => Is(command, CommandGetTables.Descriptor) && CommandGetTables.Parser.ParseFrom(command.Value).IncludeSchema;

    public static bool Is(Any command, Google.Protobuf.Reflection.MessageDescriptor descriptor)
        => command.TypeUrl == TypeUrlPrefix + descriptor.FullName;

    private static CommandStatementQuery QueryOfHandle(ByteString handle)
    {
        try
        {
            return CommandStatementQuery.Parser.ParseFrom(handle);
        }
        catch (InvalidProtocolBufferException)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, "The ticket's statement handle is not one this server issued."));
        }
    }

    private static Statement Wrap(string projection, MetadataRequest request)
    {
        var inner = MetadataQueries.For(request)!;
        return new Statement { Sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, projection, inner.Sql), Parameters = inner.Parameters };
    }
}
