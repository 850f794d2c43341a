using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TaoLens.Testing;

namespace TaoLens.Web.Tests.Infrastructure;

/// <summary>The real app on a test database of its own (migrated on start, reference data as the test asks).</summary>
public sealed class TaoLensAppFactory(TestDatabase database, bool referenceData) : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in TestAppSettings.For(Database, referenceData))
        {
            builder.UseSetting(key, value);
        }
    }

    public static async Task<TaoLensAppFactory> StartAsync(bool referenceData)
    {
        var factory = new TaoLensAppFactory(await TestDatabase.CreateAsync("web"), referenceData);
        factory.StartServer();
        return factory;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
