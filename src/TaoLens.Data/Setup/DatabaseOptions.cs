namespace TaoLens.Data.Setup;

/// <summary>Section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Apply pending migrations at start-up. The host turns it on for the embedded database; for a configured server, off unless set.</summary>
    public bool MigrateOnStartup { get; set; }
}

/// <summary>Section <c>ReferenceData</c>.</summary>
public sealed class ReferenceDataOptions
{
    /// <summary>Load the shipped offline dataset into an empty database at start-up.</summary>
    public bool Enabled { get; set; } = true;
}
