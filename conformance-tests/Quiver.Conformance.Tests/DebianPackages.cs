using Quiver.Conformance.Tests.Adbc;

namespace Quiver.Conformance.Tests;

/// <summary>Debian packages a test needs, installed with apt-get when missing (as root, or through sudo -n).</summary>
public static class DebianPackages
{
    /// <summary>Installs <paramref name="packages"/>; a failure fails the test, saying which packages and why they are needed.</summary>
    public static async Task InstallAsync(string why, params string[] packages)
    {
        var (code, output) = await AptGetAsync("install", packages);
        if (code != 0)
        {
            // A fresh machine may have no package lists yet.
            var (updateCode, updateOutput) = await AptGetAsync("update");
            Assert.True(updateCode == 0, "apt-get update failed:\n" + updateOutput);
            (code, output) = await AptGetAsync("install", packages);
        }

        Assert.True(code == 0, $"Installing {string.Join(", ", packages)} with apt-get failed ({why}; run as root or install them):\n{output}");
    }

    private static Task<(int, string)> AptGetAsync(string command, params string[] packages)
    {
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        string[] arguments = command == "install" ? ["install", "-y", "-q", "--no-install-recommends", .. packages] : [command, "-q"];
        return Environment.UserName == "root"
            ? ProcessRunner.RunAsync("apt-get", TimeSpan.FromMinutes(10), environment, arguments)
            : ProcessRunner.RunAsync("sudo", TimeSpan.FromMinutes(10), environment, ["-n", "apt-get", .. arguments]);
    }
}
