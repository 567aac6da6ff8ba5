using Apache.Arrow;
using Apache.Arrow.Types;

namespace Quiver.Adbc;

/// <summary>The nested schema of AdbcConnectionGetObjects' answer, exactly as adbc.h defines it.</summary>
internal static class ObjectsSchema
{
    public static readonly StructType Usage = new(
    [
        new Field("fk_catalog", StringType.Default, true),
        new Field("fk_db_schema", StringType.Default, true),
        new Field("fk_table", StringType.Default, false),
        new Field("fk_column_name", StringType.Default, false),
    ]);

    public static readonly StructType Constraint = new(
    [
        new Field("constraint_name", StringType.Default, true),
        new Field("constraint_type", StringType.Default, false),
        new Field("constraint_column_names", new ListType(new Field("item", StringType.Default, true)), false),
        new Field("constraint_column_usage", new ListType(new Field("item", Usage, true)), true),
    ]);

    public static readonly StructType Column = new(
    [
        new Field("column_name", StringType.Default, false),
        new Field("ordinal_position", Int32Type.Default, true),
        new Field("remarks", StringType.Default, true),
        new Field("xdbc_data_type", Int16Type.Default, true),
        new Field("xdbc_type_name", StringType.Default, true),
        new Field("xdbc_column_size", Int32Type.Default, true),
        new Field("xdbc_decimal_digits", Int16Type.Default, true),
        new Field("xdbc_num_prec_radix", Int16Type.Default, true),
        new Field("xdbc_nullable", Int16Type.Default, true),
        new Field("xdbc_column_def", StringType.Default, true),
        new Field("xdbc_sql_data_type", Int16Type.Default, true),
        new Field("xdbc_datetime_sub", Int16Type.Default, true),
        new Field("xdbc_char_octet_length", Int32Type.Default, true),
        new Field("xdbc_is_nullable", StringType.Default, true),
        new Field("xdbc_scope_catalog", StringType.Default, true),
        new Field("xdbc_scope_schema", StringType.Default, true),
        new Field("xdbc_scope_table", StringType.Default, true),
        new Field("xdbc_is_autoincrement", BooleanType.Default, true),
        new Field("xdbc_is_generatedcolumn", BooleanType.Default, true),
    ]);

    public static readonly StructType Table = new(
    [
        new Field("table_name", StringType.Default, false),
        new Field("table_type", StringType.Default, false),
        new Field("table_columns", new ListType(new Field("item", Column, true)), true),
        new Field("table_constraints", new ListType(new Field("item", Constraint, true)), true),
    ]);

    public static readonly StructType DbSchema = new(
    [
        new Field("db_schema_name", StringType.Default, true),
        new Field("db_schema_tables", new ListType(new Field("item", Table, true)), true),
    ]);

    public static readonly Schema Catalogs = new(
    [
        new Field("catalog_name", StringType.Default, true),
        new Field("catalog_db_schemas", new ListType(new Field("item", DbSchema, true)), true),
    ], null);
}
