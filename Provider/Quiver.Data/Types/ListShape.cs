using System.Diagnostics.CodeAnalysis;

namespace Quiver.Data.Types;

/// <summary>
/// Builds .NET collections from a run of list elements, typed without reflection: <c>T[]</c>, <c>T?[]</c>,
/// <c>List&lt;T&gt;</c>, <c>List&lt;T?&gt;</c> and <c>object[]</c> for an element type T.
/// </summary>
internal abstract class ListShape
{
    /// <summary>The array type GetValue gives.</summary>
    [DynamicallyAccessedMembers(QuiverDataReader.FieldTypeMembers)]
    public abstract Type ArrayType { get; }

    /// <summary>Elements <paramref name="start"/> to start + <paramref name="count"/> as <paramref name="target"/>; null when it is not a shape of this element type.</summary>
    public abstract object? Read(ColumnReader elements, int start, int count, Type target);

    public static ListShape For(Type element)
    {
        if (element == typeof(bool)) { return ValueShape<bool>.Instance; }
        if (element == typeof(sbyte)) { return ValueShape<sbyte>.Instance; }
        if (element == typeof(byte)) { return ValueShape<byte>.Instance; }
        if (element == typeof(short)) { return ValueShape<short>.Instance; }
        if (element == typeof(ushort)) { return ValueShape<ushort>.Instance; }
        if (element == typeof(int)) { return ValueShape<int>.Instance; }
        if (element == typeof(uint)) { return ValueShape<uint>.Instance; }
        if (element == typeof(long)) { return ValueShape<long>.Instance; }
        if (element == typeof(ulong)) { return ValueShape<ulong>.Instance; }
        if (element == typeof(float)) { return ValueShape<float>.Instance; }
        if (element == typeof(double)) { return ValueShape<double>.Instance; }
        if (element == typeof(decimal)) { return ValueShape<decimal>.Instance; }
        if (element == typeof(DateTime)) { return ValueShape<DateTime>.Instance; }
        if (element == typeof(TimeSpan)) { return ValueShape<TimeSpan>.Instance; }
        if (element == typeof(Guid)) { return ValueShape<Guid>.Instance; }
        if (element == typeof(string)) { return ReferenceShape<string>.Instance; }
        if (element == typeof(byte[])) { return ReferenceShape<byte[]>.Instance; }
        return ReferenceShape<object>.Instance;
    }

    private sealed class ValueShape<T> : ListShape
        where T : struct
    {
        public static readonly ValueShape<T> Instance = new();

        [DynamicallyAccessedMembers(QuiverDataReader.FieldTypeMembers)]
        public override Type ArrayType => typeof(T[]);

        public override object? Read(ColumnReader elements, int start, int count, Type target)
        {
            if (target == typeof(T[]) || target == typeof(List<T>))
            {
                var values = new T[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = elements.IsNull(start + i)
                        ? throw new InvalidCastException(
                            $"The list in column '{elements.Name}' holds a NULL, which {ColumnReader.Describe(target)} cannot; read it as {typeof(T).Name}?[] or List<{typeof(T).Name}?>.")
                        : elements.Get<T>(start + i);
                }

                return target == typeof(T[]) ? values : new List<T>(values);
            }

            if (target == typeof(T?[]) || target == typeof(List<T?>))
            {
                var values = new T?[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = elements.IsNull(start + i) ? null : elements.Get<T>(start + i);
                }

                return target == typeof(T?[]) ? values : new List<T?>(values);
            }

            return target == typeof(object[]) ? Objects(elements, start, count) : null;
        }
    }

    private sealed class ReferenceShape<T> : ListShape
        where T : class
    {
        public static readonly ReferenceShape<T> Instance = new();

        [DynamicallyAccessedMembers(QuiverDataReader.FieldTypeMembers)]
        public override Type ArrayType => typeof(T[]);

        public override object? Read(ColumnReader elements, int start, int count, Type target)
        {
            if (typeof(T) == typeof(object) && (target == typeof(object[]) || target == typeof(List<object>)))
            {
                var objects = Objects(elements, start, count);
                return target == typeof(object[]) ? objects : new List<object>(objects);
            }

            if (target != typeof(T[]) && target != typeof(List<T>))
            {
                return target == typeof(object[]) ? Objects(elements, start, count) : null;
            }

            var values = new T[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = elements.IsNull(start + i) ? null! : elements.Get<T>(start + i);
            }

            return target == typeof(T[]) ? values : new List<T>(values);
        }
    }

    private static object[] Objects(ColumnReader elements, int start, int count)
    {
        var values = new object[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = elements.IsNull(start + i) ? DBNull.Value : elements.GetValue(start + i);
        }

        return values;
    }
}
