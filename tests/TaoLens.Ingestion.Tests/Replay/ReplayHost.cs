using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TaoLens.Testing.Loopback;

namespace TaoLens.Ingestion.Tests.Replay;

/// <summary>A loopback server replaying payloads plus the real client wired to it; disposes both.</summary>
public sealed class ReplayHost<TClient>(LoopbackServer server, ServiceProvider provider) : IAsyncDisposable
    where TClient : notnull
{
    public LoopbackServer Server { get; } = server;

    public TClient Client { get; } = provider.GetRequiredService<TClient>();

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}

public static class ReplayHost
{
    /// <summary>Starts the server with <paramref name="map"/>, then builds the client with BaseUrl = server root + <paramref name="basePath"/>.</summary>
    public static async Task<ReplayHost<TClient>> StartAsync<TClient>(
        Action<WebApplication> map,
        Action<IServiceCollection> register,
        string section,
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? clock = null,
        string basePath = "")
        where TClient : notnull
    {
        var server = await LoopbackServer.StartAsync(map);
        var provider = SourceTestHost.Build(register, section, new Uri(server.BaseAddress, basePath), settings, clock);
        return new ReplayHost<TClient>(server, provider);
    }
}
