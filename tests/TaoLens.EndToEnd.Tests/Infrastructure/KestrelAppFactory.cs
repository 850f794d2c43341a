using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TaoLens.Testing;

namespace TaoLens.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real app on a loopback Kestrel port (a browser cannot reach the in-memory TestServer), over a test database of its own.
/// </summary>
public sealed class KestrelAppFactory : WebApplicationFactory<Program>
{
    private readonly bool _referenceData;
    private readonly IReadOnlyDictionary<string, string>? _settings;

    private KestrelAppFactory(TestDatabase database, bool referenceData, IReadOnlyDictionary<string, string>? settings)
    {
        Database = database;
        _referenceData = referenceData;
        _settings = settings;
        UseKestrel(0);
    }

    public TestDatabase Database { get; }

    /// <summary>The app's address, e.g. <c>http://127.0.0.1:41234</c>, known once the server has started.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The app serves a build's static web assets (blazor.web.js, _content/Plotly.Blazor) in Production by itself.
        builder.UseEnvironment("Production");
        foreach (var (key, value) in TestAppSettings.For(Database, _referenceData).Concat(_settings ?? new Dictionary<string, string>()))
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Starts the app on a database that <paramref name="seed"/> may fill first; <paramref name="settings"/> override the test settings.</summary>
    public static async Task<KestrelAppFactory> StartAsync(bool referenceData, Func<TestDatabase, Task>? seed = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await TestDatabase.CreateAsync("e2e");
        if (seed is not null)
        {
            await seed(database);
        }

        var factory = new KestrelAppFactory(database, referenceData, settings);
        factory.StartServer();
        return factory;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
