using System.Collections;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.Json;
using Quiver.Data;

namespace Quiver.EntityFrameworkCore.Storage.Internal.Mapping;

/// <summary>
/// A primitive collection (<c>int[]</c>, <c>List&lt;string&gt;</c>, ...) as a native DuckDB LIST column such as
/// <c>INTEGER[]</c>: sent as a LIST parameter, read back through QuiverDataReader's list support, and queried with
/// <c>unnest</c>. Compared by element, so changing an element marks the property modified.
/// </summary>
public sealed class QuiverListTypeMapping : RelationalTypeMapping
{
    /// <summary>
    /// A LIST of <paramref name="element"/> for the collection type <paramref name="clrType"/>; <paramref name="json"/>
    /// writes and reads it as a JSON array when it is a property of a type stored in a JSON document.
    /// </summary>
    public QuiverListTypeMapping(Type clrType, RelationalTypeMapping element, JsonValueReaderWriter? json)
        : base(new RelationalTypeMappingParameters(
            new CoreTypeMappingParameters(clrType, comparer: CreateComparer(clrType, element), elementMapping: element, jsonValueReaderWriter: json),
            element.StoreType + "[]"))
    {
    }

    private QuiverListTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    private RelationalTypeMapping Element => (RelationalTypeMapping)ElementTypeMapping!;

    /// <summary>The element type of a collection type this mapping can hold: arrays and List&lt;T&gt;.</summary>
    public static Type? ElementTypeOf(Type collection)
        => collection.IsArray && collection.GetArrayRank() == 1 ? collection.GetElementType()
            : collection.IsGenericType && collection.GetGenericTypeDefinition() == typeof(List<>) ? collection.GetGenericArguments()[0]
            : null;

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverListTypeMapping(parameters);

    /// <inheritdoc/>
    protected override void ConfigureParameter(DbParameter parameter)
    {
        // The element type is inferred from the collection's element type, as the element mapping would send each value.
        if (parameter is QuiverParameter quiver)
        {
            quiver.QuiverDbType = QuiverDbType.List;
        }
    }

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value)
    {
        var elements = ((IEnumerable)value).Cast<object?>().Select(Element.GenerateSqlLiteral);
        return "CAST([" + string.Join(", ", elements) + "] AS " + StoreType + ")";
    }

    private static ValueComparer CreateComparer(Type collection, RelationalTypeMapping element)
    {
        var elementType = ElementTypeOf(collection) ?? throw new ArgumentException($"{collection} is not an array or List<T>.", nameof(collection));
        var underlying = Nullable.GetUnderlyingType(elementType);
        var comparer = underlying is not null ? typeof(ListOfNullableValueTypesComparer<,>).MakeGenericType(collection, underlying)
            : elementType.IsValueType ? typeof(ListOfValueTypesComparer<,>).MakeGenericType(collection, elementType)
            : typeof(ListOfReferenceTypesComparer<,>).MakeGenericType(collection, elementType);
        var elementComparer = underlying is not null ? ValueComparer.CreateDefault(elementType, favorStructuralComparisons: false) : element.Comparer;
        return (ValueComparer)Activator.CreateInstance(comparer, elementComparer)!;
    }
}
