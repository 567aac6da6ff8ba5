using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>Quiver.Data in a generic host, as docs/provider.md shows it: a worker service with an injected data source.</summary>
public sealed class HostingTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private sealed class ReportWorker(QuiverDataSource dataSource, ILogger<ReportWorker> logger, TaskCompletionSource<decimal> done) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                var total = await connection.ExecuteScalarAsync<decimal>("SELECT sum(x)::DECIMAL(12,2) FROM (VALUES (1.25), (2.50)) v(x)");
                logger.LogInformation("Revenue so far: {Total}", total);
                done.SetResult(total);
            }
            catch (Exception error)
            {
                done.SetException(error);
            }
        }
    }

    [Fact]
    public async Task A_worker_service_gets_the_data_source_from_the_host_and_the_host_disposes_it()
    {
        var done = new TaskCompletionSource<decimal>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddQuiverDataSource(fixture.ConnectionStringWith("Application Name=hosted"));
        builder.Services.AddSingleton(done);
        builder.Services.AddHostedService<ReportWorker>();
        QuiverDataSource dataSource;
        using (var host = builder.Build())
        {
            await host.StartAsync();
            Assert.Equal(3.75m, await done.Task.WaitAsync(TimeSpan.FromSeconds(60)));
            dataSource = host.Services.GetRequiredService<QuiverDataSource>();
            Assert.IsType<QuiverConnection>(host.Services.GetRequiredService<System.Data.Common.DbConnection>());
            await host.StopAsync();
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await dataSource.OpenConnectionAsync());
    }
}
