using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TaoLens.Data.Embedded;
using TaoLens.Data.ReferenceData;

namespace TaoLens.Data.Setup;

public static class DatabaseSetupExtensions
{
    public const string ConnectionStringName = "TaoLens";

    /// <summary>
    /// Registers the database: the configured server when <c>ConnectionStrings:TaoLens</c> is set, otherwise a
    /// private embedded cluster started now (so the rest of the app sees one connection string either way).
    /// </summary>
    public static IHostApplicationBuilder AddTaoLensDatabase(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration("Database");
        services.AddOptions<ReferenceDataOptions>().BindConfiguration("ReferenceData");
        services.AddOptions<EmbeddedPostgresOptions>().BindConfiguration("Database:Embedded");
        services.AddSingleton(TimeProvider.System);

        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var options = builder.Configuration.GetSection("Database:Embedded").Get<EmbeddedPostgresOptions>() ?? new EmbeddedPostgresOptions();
            using var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
            var embedded = EmbeddedPostgres.StartAsync(options, loggerFactory.CreateLogger<EmbeddedPostgres>()).GetAwaiter().GetResult();
            connectionString = embedded.ConnectionString;
            builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = connectionString;
            builder.Configuration["Database:MigrateOnStartup"] = "true";
            services.AddSingleton(embedded);
            services.AddHostedService<EmbeddedPostgresLifetime>();
        }

        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        // Pooled: pages and API requests create contexts at a high rate; a reused context skips its set-up.
        services.AddPooledDbContextFactory<TaoLensDbContext>((sp, options) => TaoLensDbContext.Configure(options, sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddScoped<ReferenceDataLoader>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        return builder;
    }
}

/// <summary>Stops the embedded cluster after everything else has stopped (hosted services stop in reverse order).</summary>
internal sealed class EmbeddedPostgresLifetime(EmbeddedPostgres embedded) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => embedded.StopAsync(CancellationToken.None);
}
