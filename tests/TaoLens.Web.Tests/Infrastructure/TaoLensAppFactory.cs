using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TaoLens.Testing;

namespace TaoLens.Web.Tests.Infrastructure;

/// <summary>
/// The real app on a test database of its own (migrated on start, reference data as the test asks); with
/// <paramref name="time"/>, every clock in the app is that one; <paramref name="settings"/> override the test settings.
/// </summary>
public sealed class TaoLensAppFactory(TestDatabase database, bool referenceData, TimeProvider? time = null, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in TestAppSettings.For(Database, referenceData).Concat(settings ?? new Dictionary<string, string>()))
        {
            builder.UseSetting(key, value);
        }

        if (time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(time));
        }
    }

    public static async Task<TaoLensAppFactory> StartAsync(bool referenceData, TimeProvider? time = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var factory = new TaoLensAppFactory(await TestDatabase.CreateAsync("web"), referenceData, time, settings);
        factory.StartServer();
        return factory;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
