using System.Runtime.InteropServices;
using System.Text;

namespace Quiver.Odbc;

/// <summary>
/// odbc.ini through the installer library's SQLGetPrivateProfileString (unixODBC's libodbcinst, Windows' odbccp32), so
/// a DSN is found where the driver manager found it (ODBCINI, ODBCSYSINI, ~/.odbc.ini, the system file).
/// </summary>
internal static unsafe class OdbcInst
{
    private static readonly Lazy<nint> GetPrivateProfileString = new(Load);

    /// <summary>The DSN's attributes, or null when odbc.ini has no such section.</summary>
    public static List<KeyValuePair<string, string>>? DataSource(string dsn)
    {
        var function = (delegate* unmanaged<byte*, byte*, byte*, byte*, int, byte*, int>)GetPrivateProfileString.Value;
        if (function is null)
        {
            throw new OdbcException("IM002", $"Data source '{dsn}' cannot be looked up: the ODBC installer library (libodbcinst) is not available.");
        }

        var section = Encoding.UTF8.GetBytes(dsn + "\0");
        var file = "odbc.ini\0"u8.ToArray();
        var empty = "\0"u8.ToArray();
        var buffer = new byte[64 * 1024];
        fixed (byte* s = section, f = file, e = empty, b = buffer)
        {
            var length = function(s, null, e, b, buffer.Length, f);
            var keys = Encoding.UTF8.GetString(b, Math.Max(length, 0)).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            if (keys.Length == 0)
            {
                return null;
            }

            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var key in keys)
            {
                var name = Encoding.UTF8.GetBytes(key + "\0");
                fixed (byte* k = name)
                {
                    var valueLength = function(s, k, e, b, buffer.Length, f);
                    pairs.Add(new(key, Encoding.UTF8.GetString(b, Math.Max(valueLength, 0)).Trim()));
                }
            }

            return pairs;
        }
    }

    private static nint Load()
    {
        foreach (var name in (string[])["libodbcinst.so.2", "libodbcinst.so", "libodbcinst.2.dylib", "odbccp32"])
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "SQLGetPrivateProfileString", out var function))
            {
                return function;
            }
        }

        return 0;
    }
}
