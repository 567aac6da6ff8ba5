using System.Data;
using System.Diagnostics.CodeAnalysis;

namespace Quiver.Data.Types;

/// <summary>
/// How one SQL type maps to .NET: the type <c>GetFieldType</c>/<c>GetValue</c> give, the other types
/// <c>GetFieldValue&lt;T&gt;</c> accepts, the <see cref="DbType"/>, and the CLR types a parameter value is inferred from.
/// </summary>
internal sealed record TypeMapping(
    QuiverDbType QuiverType,
    string SqlName,
    DbType DbType,
    [property: DynamicallyAccessedMembers(QuiverDataReader.FieldTypeMembers)][param: DynamicallyAccessedMembers(QuiverDataReader.FieldTypeMembers)] Type FieldType,
    Type[] AlsoReadableAs,
    Type[] InferredFrom,
    string Notes = "");
