using Quiver.Odbc.Native;
using Quiver.Odbc.Results;

namespace Quiver.Odbc;

// Statement attributes (most are fields of the descriptors) and what SQLDescribeCol / SQLColAttribute report.
internal sealed unsafe partial class OdbcStatement
{
    public bool NoScan { get; set; }

    public bool MetadataId { get; set; }

    private nint _maxLength;
    private nint _keysetSize;
    private nint _retrieveData = 1;
    private nint _enableAutoIpd;

    public void SetAttribute(int attribute, nint value)
    {
        switch (attribute)
        {
            case 0: // SQL_ATTR_QUERY_TIMEOUT
                QueryTimeout = (int)Math.Clamp(value, 0, int.MaxValue);
                break;
            case 1: // SQL_ATTR_MAX_ROWS
                MaxRows = value;
                break;
            case 2: // SQL_ATTR_NOSCAN
                NoScan = value == 1;
                break;
            case 3: // SQL_ATTR_MAX_LENGTH: kept, not applied (the whole value is returned)
                _maxLength = value;
                break;
            case 4: // SQL_ATTR_ASYNC_ENABLE
                Changed(value != 0, "Asynchronous execution is not supported; SQL_ASYNC_ENABLE_OFF is kept.");
                break;
            case 5: // SQL_ATTR_ROW_BIND_TYPE
                Ard.BindType = (nuint)value;
                break;
            case 6: // SQL_ATTR_CURSOR_TYPE
                Changed(value != 0, "Only forward-only cursors are supported; SQL_CURSOR_FORWARD_ONLY is kept.");
                break;
            case 7: // SQL_ATTR_CONCURRENCY
                Changed(value != 1, "Only read-only cursors are supported; SQL_CONCUR_READ_ONLY is kept.");
                break;
            case 8: // SQL_ATTR_KEYSET_SIZE
                _keysetSize = value;
                break;
            case 9 or 27: // SQL_ROWSET_SIZE, SQL_ATTR_ROW_ARRAY_SIZE
                Ard.ArraySize = value > 0 ? (nuint)value : throw new OdbcException("HY024", "The row array size must be at least 1.");
                break;
            case 10: // SQL_ATTR_SIMULATE_CURSOR
                break;
            case 11: // SQL_ATTR_RETRIEVE_DATA
                _retrieveData = value;
                break;
            case 12: // SQL_ATTR_USE_BOOKMARKS
                if (value != 0)
                {
                    throw OdbcException.NotImplemented("Bookmarks are not supported.");
                }

                break;
            case 15: // SQL_ATTR_ENABLE_AUTO_IPD
                _enableAutoIpd = value;
                break;
            case 17: // SQL_ATTR_PARAM_BIND_OFFSET_PTR
                Apd.BindOffsetPtr = value;
                break;
            case 18: // SQL_ATTR_PARAM_BIND_TYPE
                Apd.BindType = (nuint)value;
                break;
            case 19: // SQL_ATTR_PARAM_OPERATION_PTR
                Apd.ArrayStatusPtr = value;
                break;
            case 20: // SQL_ATTR_PARAM_STATUS_PTR
                Ipd.ArrayStatusPtr = value;
                break;
            case 21: // SQL_ATTR_PARAMS_PROCESSED_PTR
                Ipd.RowsProcessedPtr = value;
                break;
            case 22: // SQL_ATTR_PARAMSET_SIZE
                Apd.ArraySize = value > 0 ? (nuint)value : throw new OdbcException("HY024", "The parameter set size must be at least 1.");
                break;
            case 23: // SQL_ATTR_ROW_BIND_OFFSET_PTR
                Ard.BindOffsetPtr = value;
                break;
            case 24: // SQL_ATTR_ROW_OPERATION_PTR
                Ard.ArrayStatusPtr = value;
                break;
            case 25: // SQL_ATTR_ROW_STATUS_PTR
                Ird.ArrayStatusPtr = value;
                break;
            case 26: // SQL_ATTR_ROWS_FETCHED_PTR
                Ird.RowsProcessedPtr = value;
                break;
            case 10010: // SQL_ATTR_APP_ROW_DESC
                Ard = value == 0 ? ImplicitArd : ExplicitDescriptor(value);
                break;
            case 10011: // SQL_ATTR_APP_PARAM_DESC
                Apd = value == 0 ? ImplicitApd : ExplicitDescriptor(value);
                break;
            case 10012 or 10013 or 14: // SQL_ATTR_IMP_ROW_DESC, SQL_ATTR_IMP_PARAM_DESC, SQL_ATTR_ROW_NUMBER
                throw new OdbcException("HY017", $"Statement attribute {attribute} is read-only.");
            case 10014: // SQL_ATTR_METADATA_ID
                MetadataId = value != 0;
                break;
            case -1: // SQL_ATTR_CURSOR_SCROLLABLE
                if (value != 0)
                {
                    throw OdbcException.NotImplemented("Scrollable cursors are not supported; cursors are forward-only.");
                }

                break;
            case -2: // SQL_ATTR_CURSOR_SENSITIVITY
                Changed(value == 2, "Sensitive cursors are not supported; results are insensitive.");
                break;
            default:
                throw OdbcException.InvalidAttribute(attribute);
        }
    }

    private void Changed(bool changed, string message)
    {
        if (changed)
        {
            Diagnostics.Warn("01S02", "Option value changed: " + message);
        }
    }

    private Descriptor ExplicitDescriptor(nint handle)
    {
        var descriptor = OdbcHandle.From<Descriptor>(handle) ?? throw new OdbcException("HY024", "The value is not a descriptor handle.");
        if (descriptor.ImplicitlyAllocated || !ReferenceEquals(descriptor.Connection, Connection))
        {
            throw new OdbcException("HY017", "Only a descriptor the application allocated on this connection can be used as the statement's application descriptor.");
        }

        return descriptor;
    }

    /// <summary>The attribute's value; integers are written as SQLULEN, descriptors and pointers as pointers.</summary>
    public nint GetAttribute(int attribute) => attribute switch
    {
        0 => QueryTimeout,
        1 => (nint)MaxRows,
        2 => NoScan ? 1 : 0,
        3 => _maxLength,
        4 => 0,
        5 => (nint)Ard.BindType,
        6 => 0,
        7 => 1,
        8 => _keysetSize,
        9 or 27 => (nint)Ard.ArraySize,
        10 => 0,
        11 => _retrieveData,
        12 => 0,
        14 => throw new OdbcException("HY109", "Row numbers are not available on a forward-only cursor."),
        15 => _enableAutoIpd,
        17 => Apd.BindOffsetPtr,
        18 => (nint)Apd.BindType,
        19 => Apd.ArrayStatusPtr,
        20 => Ipd.ArrayStatusPtr,
        21 => Ipd.RowsProcessedPtr,
        22 => (nint)Apd.ArraySize,
        23 => Ard.BindOffsetPtr,
        24 => Ard.ArrayStatusPtr,
        25 => Ird.ArrayStatusPtr,
        26 => Ird.RowsProcessedPtr,
        10010 => Ard.Pointer != 0 ? Ard.Pointer : Ard.Allocate(),
        10011 => Apd.Pointer != 0 ? Apd.Pointer : Apd.Allocate(),
        10012 => Ird.Pointer != 0 ? Ird.Pointer : Ird.Allocate(),
        10013 => Ipd.Pointer != 0 ? Ipd.Pointer : Ipd.Allocate(),
        10014 => MetadataId ? 1 : 0,
        -1 => 0,
        -2 => 1,
        _ => throw OdbcException.InvalidAttribute(attribute),
    };

    /// <summary>Frees the handles of the implicit descriptors that were given out.</summary>
    public void ReleaseDescriptors()
    {
        ImplicitArd.ReleaseHandle();
        ImplicitApd.ReleaseHandle();
        Ird.ReleaseHandle();
        Ipd.ReleaseHandle();
    }

    public ColumnInfo Column(int number)
    {
        var columns = Columns;
        if (columns.Count == 0)
        {
            throw new OdbcException("07005", "The statement did not return a result set.");
        }

        return number >= 1 && number <= columns.Count
            ? columns[number - 1]
            : throw new OdbcException("07009", $"Column {number} does not exist: the result has columns 1 to {columns.Count}.");
    }

    /// <summary>SQLColAttribute: a string or a number for one field of a column (SQL_DESC_* and the ODBC 2 SQL_COLUMN_* ids).</summary>
    public object ColumnAttribute(int number, ushort field)
    {
        if (field == 1001 || field == 0) // SQL_DESC_COUNT, SQL_COLUMN_COUNT
        {
            return (long)Columns.Count;
        }

        var column = Column(number);
        return field switch
        {
            1011 or 1 or 18 => column.Name, // SQL_DESC_NAME, SQL_COLUMN_NAME, SQL_DESC_LABEL
            1012 => (long)(column.Name.Length == 0 ? 1 : 0), // SQL_DESC_UNNAMED
            2 or 1002 => (long)(field == 1002 ? VerboseType(column.SqlType) : column.SqlType), // SQL_DESC_CONCISE_TYPE, SQL_DESC_TYPE
            1007 => (long)DatetimeCode(column.SqlType), // SQL_DESC_DATETIME_INTERVAL_CODE
            1003 => (long)column.ColumnSize, // SQL_DESC_LENGTH
            1013 or 3 => column.OctetLength, // SQL_DESC_OCTET_LENGTH, SQL_COLUMN_LENGTH (ODBC 2: the transfer octet length)
            1005 => (long)Precision(column), // SQL_DESC_PRECISION
            4 => (long)column.ColumnSize, // SQL_COLUMN_PRECISION (ODBC 2: the column size)
            1006 or 5 => (long)column.DecimalDigits, // SQL_DESC_SCALE, SQL_COLUMN_SCALE
            1008 or 7 => (long)column.Nullable, // SQL_DESC_NULLABLE, SQL_COLUMN_NULLABLE
            6 => column.DisplaySize, // SQL_DESC_DISPLAY_SIZE
            8 => (long)(column.Unsigned || !IsNumeric(column.SqlType) ? 1 : 0), // SQL_DESC_UNSIGNED
            9 => (long)(column.SqlType is SqlType.Decimal or SqlType.Numeric ? 1 : 0), // SQL_DESC_FIXED_PREC_SCALE
            10 => 0L, // SQL_DESC_UPDATABLE: SQL_ATTR_READONLY
            11 => (long)(column.AutoIncrement ? 1 : 0), // SQL_DESC_AUTO_UNIQUE_VALUE
            12 => (long)(column.IsCharacter ? 1 : 0), // SQL_DESC_CASE_SENSITIVE
            13 => (long)(column.IsCharacter ? 3 : 2), // SQL_DESC_SEARCHABLE: SQL_PRED_SEARCHABLE / SQL_PRED_BASIC
            14 or 29 => column.TypeName, // SQL_DESC_TYPE_NAME, SQL_DESC_LOCAL_TYPE_NAME
            15 or 23 => column.BaseTable, // SQL_DESC_TABLE_NAME, SQL_DESC_BASE_TABLE_NAME
            16 => column.BaseSchema, // SQL_DESC_SCHEMA_NAME
            17 => column.BaseCatalog, // SQL_DESC_CATALOG_NAME
            22 => column.BaseColumn, // SQL_DESC_BASE_COLUMN_NAME
            27 => LiteralPrefix(column.SqlType), // SQL_DESC_LITERAL_PREFIX
            28 => LiteralSuffix(column.SqlType), // SQL_DESC_LITERAL_SUFFIX
            26 => 0L, // SQL_DESC_DATETIME_INTERVAL_PRECISION
            32 => (long)column.Radix, // SQL_DESC_NUM_PREC_RADIX
            35 => 0L, // SQL_DESC_ROWVER
            _ => throw new OdbcException("HY091", $"Field identifier {field} is not a column attribute."),
        };
    }

    public static short VerboseType(short sqlType) => sqlType is SqlType.TypeDate or SqlType.TypeTime or SqlType.TypeTimestamp ? SqlType.DateTime : sqlType;

    public static short DatetimeCode(short sqlType) => sqlType switch
    {
        SqlType.TypeDate => 1,
        SqlType.TypeTime => 2,
        SqlType.TypeTimestamp => 3,
        _ => 0,
    };

    private static bool IsNumeric(short sqlType) => sqlType is SqlType.TinyInt or SqlType.SmallInt or SqlType.Integer or SqlType.BigInt or SqlType.Real or SqlType.Double or SqlType.Float or SqlType.Decimal or SqlType.Numeric;

    /// <summary>SQL_DESC_PRECISION: digits for numbers, the fraction's digits for times and timestamps.</summary>
    public static short Precision(ColumnInfo column) => column.SqlType switch
    {
        SqlType.TypeTime or SqlType.TypeTimestamp => column.DecimalDigits,
        _ when IsNumeric(column.SqlType) => (short)column.ColumnSize,
        _ => 0,
    };

    private static string LiteralPrefix(short sqlType) => sqlType switch
    {
        SqlType.WVarChar or SqlType.VarChar or SqlType.Guid => "'",
        SqlType.VarBinary => "'\\x",
        SqlType.TypeDate => "DATE '",
        SqlType.TypeTime => "TIME '",
        SqlType.TypeTimestamp => "TIMESTAMP '",
        _ => "",
    };

    private static string LiteralSuffix(short sqlType) => sqlType switch
    {
        SqlType.WVarChar or SqlType.VarChar or SqlType.TypeDate or SqlType.TypeTime or SqlType.TypeTimestamp => "'",
        SqlType.Guid => "'::UUID",
        SqlType.VarBinary => "'::BLOB",
        _ => "",
    };
}
