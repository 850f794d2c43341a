using TaoLens.Data;
using Xunit;

namespace TaoLens.Testing;

/// <summary>One freshly cloned, migrated database, dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string? name = null) => new(await TestPostgres.CreateDatabaseAsync(name));

    public TaoLensDbContext CreateDbContext() => TestPostgres.CreateDbContext(ConnectionString);

    public async ValueTask DisposeAsync() => await TestPostgres.DropDatabaseAsync(ConnectionString);
}

/// <summary>A class fixture: one database per test class.</summary>
public class DatabaseFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public string ConnectionString => Database.ConnectionString;

    public TaoLensDbContext CreateDbContext() => Database.CreateDbContext();

    public virtual async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(GetType().Name);

    public virtual async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
