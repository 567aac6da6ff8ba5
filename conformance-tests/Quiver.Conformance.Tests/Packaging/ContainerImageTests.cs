using System.Reflection;
using Quiver.Conformance.Tests.Adbc;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Packaging;

/// <summary>
/// Server/Dockerfile built into an image and run (host networking, so traffic stays on loopback), with a query
/// through Quiver.Data. It needs a Docker daemon and the base image present locally (no image registry is reachable
/// from the test machines); without them the test reports itself skipped and says which is missing.
/// </summary>
public sealed class ContainerImageTests
{
    private const string BaseImage = "mcr.microsoft.com/dotnet/runtime-deps:10.0";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    private static string RepoRoot => typeof(ContainerImageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "QuiverRepoRoot").Value!;

    [SkippableFact]
    public async Task The_image_built_from_the_Dockerfile_serves_queries()
    {
        var baseImage = Environment.GetEnvironmentVariable("QUIVER_TEST_BASE_IMAGE") is { Length: > 0 } named ? named : BaseImage;
        var (daemon, daemonOutput) = await DockerAsync("info", "--format", "{{.ServerVersion}}");
        Skip.If(daemon != 0, $"No Docker daemon is reachable ({daemonOutput.Trim()}); the container image test needs one.");
        var (present, _) = await DockerAsync("image", "inspect", baseImage);
        Skip.If(present != 0, $"The base image {baseImage} is not present locally and no registry is reachable; load it (or set QUIVER_TEST_BASE_IMAGE to a local one).");

        var context = Directory.CreateTempSubdirectory("quiver-image-").FullName;
        var image = "quiver-server-test:" + Guid.NewGuid().ToString("N")[..8];
        var container = "quiver-test-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var (published, publishOutput) = await ProcessRunner.RunAsync("dotnet", StepTimeout, null,
                "publish", Path.Combine(RepoRoot, "Server", "Quiver.Server"), "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", Path.Combine(context, "server"));
            Assert.True(published == 0, publishOutput);
            var (built, buildOutput) = await DockerAsync(
                "build", "-f", Path.Combine(RepoRoot, "Server", "Dockerfile"), "--build-arg", $"BASE_IMAGE={baseImage}", "--build-arg", "SERVER_DIR=server", "-t", image, context);
            Assert.True(built == 0, buildOutput);

            const string token = "container-token-0123456789abcdef";
            var port = LoopbackPort.Free();
            var (started, startOutput) = await DockerAsync(
                "run", "-d", "--name", container, "--network", "host", "-e", $"QUIVER_TOKEN={token}", "-e", $"QUIVER_LISTEN=127.0.0.1:{port}", image);
            Assert.True(started == 0, startOutput);
            await WaitForLogAsync(container, "Quiver server listening on");

            await using var connection = new QuiverConnection($"Host=127.0.0.1;Port={port};Token={token};Pooling=false");
            await connection.OpenAsync();
            await using var command = new QuiverCommand("SELECT sum(range) FROM range(1000)", connection);
            Assert.Equal(499500L, Convert.ToInt64(await command.ExecuteScalarAsync()));
        }
        finally
        {
            await DockerAsync("rm", "-f", container);
            await DockerAsync("image", "rm", "-f", image);
            Directory.Delete(context, recursive: true);
        }
    }

    private static async Task WaitForLogAsync(string container, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var logs = "";
        while (DateTime.UtcNow < deadline)
        {
            (_, logs) = await DockerAsync("logs", container);
            if (logs.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The container did not print '{text}' within 60 s:\n{logs}");
    }

    private static async Task<(int ExitCode, string Output)> DockerAsync(params string[] args)
    {
        try
        {
            return await ProcessRunner.RunAsync("docker", StepTimeout, null, args);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return (-1, "docker is not installed: " + error.Message);
        }
    }
}
