using System.Runtime.InteropServices;
using Quiver.Adbc.Native;

namespace Quiver.Adbc.Exports;

/// <summary>The AdbcDatabase functions.</summary>
internal static unsafe class DatabaseExports
{
    [UnmanagedCallersOnly]
    public static AdbcStatus New(AdbcHandle* database, AdbcError* error)
    {
        try
        {
            Handles.Attach(database, new QuiverDatabase());
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOption(AdbcHandle* database, byte* key, byte* value, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverDatabase>(database).SetOption(Utf8.Required(key, "key"), Utf8.Read(value));
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOptionBytes(AdbcHandle* database, byte* key, byte* value, nuint length, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverDatabase>(database).SetOption(Utf8.Required(key, "key"), System.Text.Encoding.UTF8.GetString(value, (int)length));
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOptionInt(AdbcHandle* database, byte* key, long value, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverDatabase>(database).SetOption(Utf8.Required(key, "key"), value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOptionDouble(AdbcHandle* database, byte* key, double value, AdbcError* error)
        => ErrorWriter.Fail(error, AdbcException.NotImplemented($"No database option takes a double ('{Utf8.Read(key)}')."));

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOption(AdbcHandle* database, byte* key, byte* value, nuint* length, AdbcError* error)
    {
        try
        {
            Utf8.CopyOut(Handles.Get<QuiverDatabase>(database).GetOption(Utf8.Required(key, "key")), value, length);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOptionBytes(AdbcHandle* database, byte* key, byte* value, nuint* length, AdbcError* error)
    {
        try
        {
            Utf8.CopyOut(System.Text.Encoding.UTF8.GetBytes(Handles.Get<QuiverDatabase>(database).GetOption(Utf8.Required(key, "key"))), value, length);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOptionInt(AdbcHandle* database, byte* key, long* value, AdbcError* error)
    {
        try
        {
            var text = Handles.Get<QuiverDatabase>(database).GetOption(Utf8.Required(key, "key"));
            *value = long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new AdbcException(AdbcStatus.NotFound, $"Option '{Utf8.Read(key)}' is not an integer.");
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOptionDouble(AdbcHandle* database, byte* key, double* value, AdbcError* error)
        => ErrorWriter.Fail(error, new AdbcException(AdbcStatus.NotFound, $"No database option is a double ('{Utf8.Read(key)}')."));

    [UnmanagedCallersOnly]
    public static AdbcStatus Init(AdbcHandle* database, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverDatabase>(database).Init();
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus Release(AdbcHandle* database, AdbcError* error)
    {
        try
        {
            Handles.Detach<QuiverDatabase>(database);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }
}
