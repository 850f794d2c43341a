namespace TaoLens.LocalPostgres;

/// <summary>Finds the PostgreSQL server programs on this machine.</summary>
public static class PostgresBinaries
{
    private static readonly string[] s_required = ["initdb", "pg_ctl", "postgres"];

    /// <summary>The first folder that holds all of initdb, pg_ctl and postgres, or an error naming what to install.</summary>
    public static string Locate(string? configured, string? pathVariable, string versionedRoot = "/usr/lib/postgresql")
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasAll(configured)
                ? configured
                : throw new EmbeddedPostgresException(
                    $"Database:Embedded:BinDirectory '{configured}' does not contain initdb, pg_ctl and postgres; point it at PostgreSQL's bin folder or set ConnectionStrings__TaoLens to use an existing server.");
        }

        foreach (var candidate in Candidates(pathVariable, versionedRoot))
        {
            if (HasAll(candidate))
            {
                return candidate;
            }
        }

        throw new EmbeddedPostgresException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin: install PostgreSQL 15 or newer (e.g. 'apt-get install postgresql') or set ConnectionStrings__TaoLens to an existing server.");
    }

    private static IEnumerable<string> Candidates(string? pathVariable, string versionedRoot)
    {
        foreach (var dir in (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return dir;
        }

        if (!Directory.Exists(versionedRoot))
        {
            yield break;
        }

        // Newest major version first.
        var versions = Directory.GetDirectories(versionedRoot)
            .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
            .Where(x => x.version >= 0)
            .OrderByDescending(x => x.version);
        foreach (var (dir, _) in versions)
        {
            yield return Path.Combine(dir, "bin");
        }
    }

    private static bool HasAll(string dir) => s_required.All(name => File.Exists(Path.Combine(dir, name)));
}
