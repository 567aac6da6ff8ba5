using System.Data;
using System.Data.Common;
using Quiver.Data.Internal;
using Quiver.Data.Types;
using Quiver.Protocol.V1;

namespace Quiver.Data;

// GetSchema: the ADO.NET metadata collections, from the server's metadata calls.
public sealed partial class QuiverConnection
{
    private static readonly (string Name, int Restrictions, int IdentifierParts)[] Collections =
    [
        (DbMetaDataCollectionNames.MetaDataCollections, 0, 0), (DbMetaDataCollectionNames.DataSourceInformation, 0, 0),
        (DbMetaDataCollectionNames.DataTypes, 0, 0), (DbMetaDataCollectionNames.Restrictions, 0, 0),
        (DbMetaDataCollectionNames.ReservedWords, 0, 0), ("Schemas", 2, 2), ("Tables", 4, 3), ("Columns", 4, 4), ("Views", 3, 3),
    ];

    private static readonly (string Collection, string Restriction, int Number)[] RestrictionNames =
    [
        ("Schemas", "Catalog", 1), ("Schemas", "Schema", 2),
        ("Tables", "Catalog", 1), ("Tables", "Schema", 2), ("Tables", "Table", 3), ("Tables", "TableType", 4),
        ("Columns", "Catalog", 1), ("Columns", "Schema", 2), ("Columns", "Table", 3), ("Columns", "Column", 4),
        ("Views", "Catalog", 1), ("Views", "Schema", 2), ("Views", "Table", 3),
    ];

    /// <inheritdoc/>
    public override DataTable GetSchema() => GetSchema(DbMetaDataCollectionNames.MetaDataCollections);

    /// <inheritdoc/>
    public override DataTable GetSchema(string collectionName) => GetSchema(collectionName, null);

    /// <summary>
    /// A metadata collection: MetaDataCollections, DataSourceInformation, DataTypes, Restrictions, ReservedWords,
    /// Schemas, Tables, Columns or Views. Restrictions are LIKE patterns, in the order the Restrictions collection lists.
    /// </summary>
    public override DataTable GetSchema(string collectionName, string?[]? restrictionValues)
    {
        ArgumentNullException.ThrowIfNull(collectionName);
        var name = Collections.FirstOrDefault(c => string.Equals(c.Name, collectionName, StringComparison.OrdinalIgnoreCase)).Name
            ?? throw new ArgumentException(
                $"The metadata collection '{collectionName}' does not exist; available: {string.Join(", ", Collections.Select(c => c.Name))}.", nameof(collectionName));
        var restrictions = restrictionValues ?? [];
        var allowed = Collections.First(c => c.Name == name).Restrictions;
        if (restrictions.Length > allowed)
        {
            throw new ArgumentException($"The '{name}' collection takes at most {allowed} restriction(s); {restrictions.Length} were given.", nameof(restrictionValues));
        }

        string Restriction(int i) => i < restrictions.Length ? restrictions[i] ?? "" : "";
        var table = name switch
        {
            "MetaDataCollections" => MetaDataCollections(),
            "DataSourceInformation" => DataSourceInformation(),
            "DataTypes" => DataTypes(),
            "Restrictions" => Restrictions(),
            "ReservedWords" => Query("SELECT keyword_name AS ReservedWord FROM duckdb_keywords() WHERE keyword_category = 'reserved' ORDER BY 1"),
            "Schemas" => Metadata(new MetadataRequest { Schemas = new SchemasRequest { Catalog = Restriction(0), SchemaPattern = Restriction(1) } }),
            "Tables" => Metadata(new MetadataRequest { Tables = Tables(Restriction(0), Restriction(1), Restriction(2), Restriction(3)) }),
            "Views" => Metadata(new MetadataRequest { Tables = Tables(Restriction(0), Restriction(1), Restriction(2), "VIEW") }),
            _ => Metadata(new MetadataRequest
            {
                Columns = new ColumnsRequest { Catalog = Restriction(0), SchemaPattern = Restriction(1), TablePattern = Restriction(2), ColumnPattern = Restriction(3) },
            }),
        };
        table.TableName = name;
        return table;
    }

    private static TablesRequest Tables(string catalog, string schema, string table, string type)
    {
        var request = new TablesRequest { Catalog = catalog, SchemaPattern = schema, TablePattern = table };
        if (type.Length > 0)
        {
            request.TableTypes.Add(type);
        }

        return request;
    }

    private DataTable Metadata(MetadataRequest request)
    {
        var connector = CheckReadyForCommand();
        request.OperationId = Guid.NewGuid().ToString("N");
        var stream = connector.WhenIdleAsync(
                token => ResultStream.StartAsync(t => connector.GetMetadataAsync(request, t), TimeSpan.FromSeconds(DefaultCommandTimeout), "metadata", token),
                CancellationToken.None)
            .GetAwaiter().GetResult();
        using var reader = QuiverDataReader.StartAsync(this, CommandBehavior.Default, stream, null, System.Diagnostics.Stopwatch.GetTimestamp(), null, null, async: false, CancellationToken.None)
            .GetAwaiter().GetResult();
        return ToTable(reader);
    }

    private DataTable Query(string sql)
    {
        using var command = new QuiverCommand(sql, this);
        using var reader = command.ExecuteReader();
        return ToTable(reader);
    }

    // DataTable.Load is not trim-safe; metadata results are small and flat.
    private static DataTable ToTable(QuiverDataReader reader)
    {
        var table = new DataTable();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            table.Columns.Add(reader.GetName(i), reader.GetFieldType(i));
        }

        var values = new object[reader.FieldCount];
        while (reader.Read())
        {
            reader.GetValues(values);
            table.Rows.Add(values);
        }

        return table;
    }

    private static DataTable MetaDataCollections()
    {
        var table = new DataTable();
        table.Columns.Add(DbMetaDataColumnNames.CollectionName, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.NumberOfRestrictions, typeof(int));
        table.Columns.Add(DbMetaDataColumnNames.NumberOfIdentifierParts, typeof(int));
        foreach (var (name, restrictions, parts) in Collections)
        {
            table.Rows.Add(name, restrictions, parts);
        }

        return table;
    }

    private static DataTable Restrictions()
    {
        var table = new DataTable();
        table.Columns.Add("CollectionName", typeof(string));
        table.Columns.Add("RestrictionName", typeof(string));
        table.Columns.Add("RestrictionDefault", typeof(string));
        table.Columns.Add("RestrictionNumber", typeof(int));
        foreach (var (collection, restriction, number) in RestrictionNames)
        {
            table.Rows.Add(collection, restriction, null, number);
        }

        return table;
    }

    private DataTable DataSourceInformation()
    {
        var table = new DataTable();
        var row = new Dictionary<string, object>
        {
            [DbMetaDataColumnNames.CompositeIdentifierSeparatorPattern] = @"\.",
            [DbMetaDataColumnNames.DataSourceProductName] = "Quiver",
            [DbMetaDataColumnNames.DataSourceProductVersion] = ServerVersion,
            [DbMetaDataColumnNames.DataSourceProductVersionNormalized] = ServerVersion,
            [DbMetaDataColumnNames.GroupByBehavior] = GroupByBehavior.Unrelated,
            [DbMetaDataColumnNames.IdentifierPattern] = @"(^\[\p{Lo}\p{Lu}\p{Ll}_@#][\p{Lo}\p{Lu}\p{Ll}\p{Nd}@$#_]*$)|(^""([^""]|"""")*""$)",
            [DbMetaDataColumnNames.IdentifierCase] = IdentifierCase.Insensitive,
            [DbMetaDataColumnNames.OrderByColumnsInSelect] = false,
            [DbMetaDataColumnNames.ParameterMarkerFormat] = "${0}",
            [DbMetaDataColumnNames.ParameterMarkerPattern] = @"\$[\p{Lo}\p{Lu}\p{Ll}\p{Lm}_][\p{Lo}\p{Lu}\p{Ll}\p{Lm}\p{Nd}_]*",
            [DbMetaDataColumnNames.ParameterNameMaxLength] = 63,
            [DbMetaDataColumnNames.ParameterNamePattern] = @"^[\p{Lo}\p{Lu}\p{Ll}\p{Lm}_][\p{Lo}\p{Lu}\p{Ll}\p{Lm}\p{Nd}_]*$",
            [DbMetaDataColumnNames.QuotedIdentifierPattern] = @"""(([^""]|"""")*)""",
            [DbMetaDataColumnNames.QuotedIdentifierCase] = IdentifierCase.Sensitive,
            [DbMetaDataColumnNames.StatementSeparatorPattern] = ";",
            [DbMetaDataColumnNames.StringLiteralPattern] = @"'(([^']|'')*)'",
            [DbMetaDataColumnNames.SupportedJoinOperators] = SupportedJoinOperators.Inner | SupportedJoinOperators.LeftOuter | SupportedJoinOperators.RightOuter | SupportedJoinOperators.FullOuter,
        };
        foreach (var (key, value) in row)
        {
            table.Columns.Add(key, value.GetType());
        }

        table.Rows.Add(row.Values.ToArray());
        return table;
    }

    private static DataTable DataTypes()
    {
        var table = new DataTable();
        table.Columns.Add(DbMetaDataColumnNames.TypeName, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.ProviderDbType, typeof(int));
        table.Columns.Add(DbMetaDataColumnNames.DataType, typeof(string));
        table.Columns.Add(DbMetaDataColumnNames.IsNullable, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsBestMatch, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsFixedLength, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsSearchable, typeof(bool));
        table.Columns.Add(DbMetaDataColumnNames.IsUnsigned, typeof(bool));
        foreach (var mapping in TypeMappings.All)
        {
            var unsigned = mapping.QuiverType is QuiverDbType.UTinyInt or QuiverDbType.USmallInt or QuiverDbType.UInteger or QuiverDbType.UBigInt;
            var fixedLength = mapping.FieldType.IsValueType;
            table.Rows.Add(mapping.SqlName, (int)mapping.QuiverType, mapping.FieldType.FullName, true, true, fixedLength, true, unsigned);
        }

        return table;
    }
}
