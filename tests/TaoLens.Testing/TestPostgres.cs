using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaoLens.Data;
using TaoLens.LocalPostgres;

namespace TaoLens.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster per test process, started with the product's own launcher, and a migrated
/// template database that each test class clones (fast: a file copy, no migrations per class).
/// Set TAOLENS_TEST_CONNECTION to run against an existing server instead (it needs CREATEDB).
/// </summary>
public static class TestPostgres
{
    public const string ExistingServerVariable = "TAOLENS_TEST_CONNECTION";
    private const string TemplateDatabase = "taolens_test_template";

    private static readonly SemaphoreSlim s_createLock = new(1, 1);
    private static readonly Lazy<Task<Server>> s_server = new(StartAsync);

    /// <summary>A new database, migrated, named for the caller; drop it with <see cref="DropDatabaseAsync"/>.</summary>
    public static async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var server = await s_server.Value;
        // Sanitize caps the prefix at 24 characters, so the name stays within PostgreSQL's 63.
        var name = $"{Sanitize(prefix ?? "t")}_{Guid.NewGuid():N}";
        await s_createLock.WaitAsync();
        try
        {
            await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateDatabase}\"");
        }
        finally
        {
            s_createLock.Release();
        }

        return server.For(name);
    }

    /// <summary>An empty database with no schema at all (for testing migrations themselves).</summary>
    public static async Task<string> CreateEmptyDatabaseAsync()
    {
        var server = await s_server.Value;
        var name = $"empty_{Guid.NewGuid():N}";
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE \"{name}\"");
        return server.For(name);
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var server = await s_server.Value;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public static TaoLensDbContext CreateDbContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<TaoLensDbContext>();
        TaoLensDbContext.Configure(options, connectionString);
        return new TaoLensDbContext(options.Options);
    }

    private static async Task<Server> StartAsync()
    {
        var existing = Environment.GetEnvironmentVariable(ExistingServerVariable);
        Server server;
        if (!string.IsNullOrWhiteSpace(existing))
        {
            server = new Server(existing, null, null);
        }
        else
        {
            var root = Path.Combine(Path.GetTempPath(), $"taolens-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
            var embedded = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = Path.Combine(root, "postgres"), Durable = false, Database = "postgres" },
                NullLogger.Instance);
            server = new Server(embedded.ConnectionString, embedded, root);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Shutdown();
        }

        await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS \"{TemplateDatabase}\" WITH (FORCE)");
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE \"{TemplateDatabase}\"");
        await using (var db = CreateDbContext(server.For(TemplateDatabase)))
        {
            await db.Database.MigrateAsync();
        }

        // A template must have no open connections when it is cloned.
        NpgsqlConnection.ClearAllPools();
        return server;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Sanitize(string prefix) =>
        new string(prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(24).ToArray()) is { Length: > 0 } s ? s : "t";

    private sealed class Server(string connectionString, EmbeddedPostgres? embedded, string? root)
    {
        public string AdminConnectionString { get; } = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;

        public string For(string database) => new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

        public void Shutdown()
        {
            if (embedded is null)
            {
                return;
            }

            embedded.StopAsync().GetAwaiter().GetResult();
            if (root is not null && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
