using System.Runtime.InteropServices;
using Quiver.Odbc.Catalog;
using Quiver.Odbc.Native;
using Filter = Quiver.Odbc.Catalog.CatalogQueries.Filter;

namespace Quiver.Odbc.Exports;

/// <summary>The catalog functions: each runs its query (CatalogQueries) and opens its result as a cursor.</summary>
internal static unsafe class CatalogExports
{
    private static short Run(nint handle, Func<OdbcStatement, CatalogQueries.Query> query)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            return statement.RunCatalog(query(statement));
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    private static string? S(void* text, short length, bool wide) => Text.Read(text, length, wide);

    [UnmanagedCallersOnly(EntryPoint = "SQLTables")]
    public static short Tables(nint h, byte* c, short cl, byte* s, short sl, byte* t, short tl, byte* y, short yl) => Tables(h, c, cl, s, sl, t, tl, y, yl, false);

    [UnmanagedCallersOnly(EntryPoint = "SQLTablesW")]
    public static short TablesW(nint h, char* c, short cl, char* s, short sl, char* t, short tl, char* y, short yl) => Tables(h, c, cl, s, sl, t, tl, y, yl, true);

    private static short Tables(nint h, void* c, short cl, void* s, short sl, void* t, short tl, void* y, short yl, bool wide)
    {
        var (catalog, schema, table, types) = (S(c, cl, wide), S(s, sl, wide), S(t, tl, wide), S(y, yl, wide));
        return Run(h, st => CatalogQueries.Tables(new Filter(catalog, !st.MetadataId), new Filter(schema, !st.MetadataId), new Filter(table, !st.MetadataId), types));
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLColumns")]
    public static short Columns(nint h, byte* c, short cl, byte* s, short sl, byte* t, short tl, byte* n, short nl) => Columns(h, c, cl, s, sl, t, tl, n, nl, false);

    [UnmanagedCallersOnly(EntryPoint = "SQLColumnsW")]
    public static short ColumnsW(nint h, char* c, short cl, char* s, short sl, char* t, short tl, char* n, short nl) => Columns(h, c, cl, s, sl, t, tl, n, nl, true);

    private static short Columns(nint h, void* c, short cl, void* s, short sl, void* t, short tl, void* n, short nl, bool wide)
    {
        var (catalog, schema, table, column) = (S(c, cl, wide), S(s, sl, wide), S(t, tl, wide), S(n, nl, wide));
        return Run(h, st => CatalogQueries.Columns(new Filter(catalog, false), new Filter(schema, !st.MetadataId), new Filter(table, !st.MetadataId), new Filter(column, !st.MetadataId)));
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLPrimaryKeys")]
    public static short PrimaryKeys(nint h, byte* c, short cl, byte* s, short sl, byte* t, short tl) => PrimaryKeys(h, c, cl, s, sl, t, tl, false);

    [UnmanagedCallersOnly(EntryPoint = "SQLPrimaryKeysW")]
    public static short PrimaryKeysW(nint h, char* c, short cl, char* s, short sl, char* t, short tl) => PrimaryKeys(h, c, cl, s, sl, t, tl, true);

    private static short PrimaryKeys(nint h, void* c, short cl, void* s, short sl, void* t, short tl, bool wide)
    {
        var (catalog, schema, table) = (S(c, cl, wide), S(s, sl, wide), S(t, tl, wide));
        return Run(h, _ => CatalogQueries.PrimaryKeys(catalog, schema, table ?? throw new OdbcException("HY009", "SQLPrimaryKeys needs a table name.")));
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLForeignKeys")]
    public static short ForeignKeys(nint h, byte* pc, short pcl, byte* ps, short psl, byte* pt, short ptl, byte* fc, short fcl, byte* fs, short fsl, byte* ft, short ftl)
        => ForeignKeys(h, pc, pcl, ps, psl, pt, ptl, fc, fcl, fs, fsl, ft, ftl, false);

    [UnmanagedCallersOnly(EntryPoint = "SQLForeignKeysW")]
    public static short ForeignKeysW(nint h, char* pc, short pcl, char* ps, short psl, char* pt, short ptl, char* fc, short fcl, char* fs, short fsl, char* ft, short ftl)
        => ForeignKeys(h, pc, pcl, ps, psl, pt, ptl, fc, fcl, fs, fsl, ft, ftl, true);

    private static short ForeignKeys(nint h, void* pc, short pcl, void* ps, short psl, void* pt, short ptl, void* fc, short fcl, void* fs, short fsl, void* ft, short ftl, bool wide)
    {
        var (pkCatalog, pkSchema, pkTable) = (S(pc, pcl, wide), S(ps, psl, wide), S(pt, ptl, wide));
        var (fkCatalog, fkSchema, fkTable) = (S(fc, fcl, wide), S(fs, fsl, wide), S(ft, ftl, wide));
        return Run(h, _ => CatalogQueries.ForeignKeys(pkCatalog, pkSchema, pkTable, fkCatalog, fkSchema, fkTable));
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLStatistics")]
    public static short Statistics(nint h, byte* c, short cl, byte* s, short sl, byte* t, short tl, ushort unique, ushort reserved) => Statistics(h, c, cl, s, sl, t, tl, unique, false);

    [UnmanagedCallersOnly(EntryPoint = "SQLStatisticsW")]
    public static short StatisticsW(nint h, char* c, short cl, char* s, short sl, char* t, short tl, ushort unique, ushort reserved) => Statistics(h, c, cl, s, sl, t, tl, unique, true);

    private static short Statistics(nint h, void* c, short cl, void* s, short sl, void* t, short tl, ushort unique, bool wide)
    {
        var (catalog, schema, table) = (S(c, cl, wide), S(s, sl, wide), S(t, tl, wide));
        return Run(h, _ => CatalogQueries.Statistics(catalog, schema, table ?? throw new OdbcException("HY009", "SQLStatistics needs a table name."), unique == 0));
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLSpecialColumns")]
    public static short SpecialColumns(nint h, ushort type, byte* c, short cl, byte* s, short sl, byte* t, short tl, ushort scope, ushort nullable) => SpecialColumns(h, type, c, cl, s, sl, t, tl, false);

    [UnmanagedCallersOnly(EntryPoint = "SQLSpecialColumnsW")]
    public static short SpecialColumnsW(nint h, ushort type, char* c, short cl, char* s, short sl, char* t, short tl, ushort scope, ushort nullable) => SpecialColumns(h, type, c, cl, s, sl, t, tl, true);

    private static short SpecialColumns(nint h, ushort type, void* c, short cl, void* s, short sl, void* t, short tl, bool wide)
    {
        var (catalog, schema, table) = (S(c, cl, wide), S(s, sl, wide), S(t, tl, wide));
        return Run(h, _ => CatalogQueries.SpecialColumns((short)type, catalog, schema, table ?? throw new OdbcException("HY009", "SQLSpecialColumns needs a table name.")));
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLProcedures")]
    public static short Procedures(nint h, byte* c, short cl, byte* s, short sl, byte* p, short pl) => Run(h, _ => CatalogQueries.Procedures());

    [UnmanagedCallersOnly(EntryPoint = "SQLProceduresW")]
    public static short ProceduresW(nint h, char* c, short cl, char* s, short sl, char* p, short pl) => Run(h, _ => CatalogQueries.Procedures());

    [UnmanagedCallersOnly(EntryPoint = "SQLProcedureColumns")]
    public static short ProcedureColumns(nint h, byte* c, short cl, byte* s, short sl, byte* p, short pl, byte* n, short nl) => Run(h, _ => CatalogQueries.ProcedureColumns());

    [UnmanagedCallersOnly(EntryPoint = "SQLProcedureColumnsW")]
    public static short ProcedureColumnsW(nint h, char* c, short cl, char* s, short sl, char* p, short pl, char* n, short nl) => Run(h, _ => CatalogQueries.ProcedureColumns());

    [UnmanagedCallersOnly(EntryPoint = "SQLTablePrivileges")]
    public static short TablePrivileges(nint h, byte* c, short cl, byte* s, short sl, byte* t, short tl) => Run(h, _ => CatalogQueries.TablePrivileges());

    [UnmanagedCallersOnly(EntryPoint = "SQLTablePrivilegesW")]
    public static short TablePrivilegesW(nint h, char* c, short cl, char* s, short sl, char* t, short tl) => Run(h, _ => CatalogQueries.TablePrivileges());

    [UnmanagedCallersOnly(EntryPoint = "SQLColumnPrivileges")]
    public static short ColumnPrivileges(nint h, byte* c, short cl, byte* s, short sl, byte* t, short tl, byte* n, short nl) => Run(h, _ => CatalogQueries.ColumnPrivileges());

    [UnmanagedCallersOnly(EntryPoint = "SQLColumnPrivilegesW")]
    public static short ColumnPrivilegesW(nint h, char* c, short cl, char* s, short sl, char* t, short tl, char* n, short nl) => Run(h, _ => CatalogQueries.ColumnPrivileges());

    [UnmanagedCallersOnly(EntryPoint = "SQLGetTypeInfo")]
    public static short GetTypeInfo(nint h, short type) => Run(h, _ => new CatalogQueries.Query(TypeTable.TypeInfoQuery(type), []));

    [UnmanagedCallersOnly(EntryPoint = "SQLGetTypeInfoW")]
    public static short GetTypeInfoW(nint h, short type) => Run(h, _ => new CatalogQueries.Query(TypeTable.TypeInfoQuery(type), []));
}
