using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using TaoLens.Data.ReferenceData;

namespace TaoLens.Data.Setup;

public static class DatabaseSetupExtensions
{
    public const string ConnectionStringName = "TaoLens";

    /// <summary>
    /// Registers the database of <c>ConnectionStrings:TaoLens</c> (the host sets it first when it runs the embedded
    /// cluster) and the hosted initializer that migrates and loads reference data when the host starts. Starts nothing.
    /// </summary>
    public static IHostApplicationBuilder AddTaoLensDatabase(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration("Database");
        services.AddOptions<ReferenceDataOptions>().BindConfiguration("ReferenceData");

        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new DatabaseStartupException($"ConnectionStrings:{ConnectionStringName} is not set: set ConnectionStrings__TaoLens to a PostgreSQL server, or start the embedded database before registering this one.");
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
