namespace TaoLens.Testing;

/// <summary>The settings every test host of the app runs with: its own database, migrated on start, and no live source.</summary>
public static class TestAppSettings
{
    public static IReadOnlyDictionary<string, string> For(TestDatabase database, bool referenceData)
    {
        ArgumentNullException.ThrowIfNull(database);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:TaoLens"] = database.ConnectionString,
            ["Database:MigrateOnStartup"] = "true",
            ["ReferenceData:Enabled"] = referenceData ? "true" : "false",
            // Digests go out when a test sends them (DigestSendingTests), not whenever a test's clock says one is due.
            ["Digest:SendScheduled"] = "false",
        };
        // The live sources are unreachable here; ingestion is tested against replay servers in TaoLens.Ingestion.Tests.
        foreach (var source in new[] { "Subtensor", "Taostats", "CoinGecko", "Chutes" })
        {
            settings[$"Sources:{source}:Enabled"] = "false";
        }

        return settings;
    }
}
