namespace TaoLens.LocalPostgres;

/// <summary>Settings for the private PostgreSQL cluster used when no connection string is configured (section <c>Database:Embedded</c>).</summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>The cluster's data directory. Default: <c>~/.local/share/taolens/postgres</c>, or <c>/var/lib/taolens/postgres</c> as root.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>A folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>. Default: PATH, then <c>/usr/lib/postgresql/*/bin</c>.</summary>
    public string? BinDirectory { get; set; }

    public string Database { get; set; } = "taolens";

    /// <summary>Off only for throwaway test clusters: skips fsync, so a crash can lose data.</summary>
    public bool Durable { get; set; } = true;

    /// <summary>The OS user that runs the server when this process is root (PostgreSQL refuses to run as root).</summary>
    public string RootRunAsUser { get; set; } = "postgres";
}
